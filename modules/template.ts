/**
 * template (ansible-core 2.14): renders a controller template with the task's variables
 * (and Ansible's template_* variables and ansible_managed), then writes it as copy does:
 * only when the content differs, atomically, with mode/owner/group; the diff's "after"
 * header is the template.
 */
import { defineModule, FILE_COMMON_ALIASES, FILE_COMMON_ARGS, writeFileLikeCopy } from '../src/plugin-kit.js'

interface Args {
  src: string
  dest: string
  mode?: string | number
  owner?: string
  group?: string
  backup: boolean
  force: boolean
  follow: boolean
  newline_sequence: string
  trim_blocks: boolean
  lstrip_blocks: boolean
  block_start_string?: string
  block_end_string?: string
  variable_start_string?: string
  variable_end_string?: string
  comment_start_string?: string
  comment_end_string?: string
  output_encoding: string
}

export default defineModule<Args>({
  name: 'template',
  fqcns: ['ansible.builtin.template', 'ansible.legacy.template'],
  summary: 'Render a Jinja template to a file on the host',
  args: {
    type: 'object',
    properties: {
      src: { type: 'string' },
      dest: { type: 'string' },
      ...FILE_COMMON_ARGS,
      backup: { type: 'boolean', default: false },
      force: { type: 'boolean', default: true },
      follow: { type: 'boolean', default: false },
      newline_sequence: { type: 'string', enum: ['\n', '\r', '\r\n'], default: '\n' },
      trim_blocks: { type: 'boolean', default: true },
      lstrip_blocks: { type: 'boolean', default: false },
      block_start_string: { type: 'string' },
      block_end_string: { type: 'string' },
      variable_start_string: { type: 'string' },
      variable_end_string: { type: 'string' },
      comment_start_string: { type: 'string' },
      comment_end_string: { type: 'string' },
      output_encoding: { type: 'string', default: 'utf-8' },
      validate: { type: 'string' },
    },
    required: ['src', 'dest'],
  },
  aliases: FILE_COMMON_ALIASES,
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const file = ctx.controller.findFile(args.src, 'templates')
    if (!file) return ctx.fail(`Could not find or access '${args.src}'\nSearched in:\n\t${args.src} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`)
    let text: string
    try {
      text = ctx.controller.readFile(file).toString('utf8')
    } catch (e) {
      // Vault's errors (no secret, wrong secret) fail the task with their own text.
      if (typeof (e as NodeJS.ErrnoException).errno !== 'number') throw e
      return ctx.fail(`Could not read template ${file}: ${(e as Error).message}`)
    }
    const environment: Record<string, unknown> = { trim_blocks: args.trim_blocks, lstrip_blocks: args.lstrip_blocks, newline_sequence: args.newline_sequence }
    for (const k of ['block_start_string', 'block_end_string', 'variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string'] as const) {
      if (args[k] !== undefined) environment[k] = args[k]
    }
    let vars: Record<string, unknown>
    try {
      vars = ctx.controller.templateVars(args.src, file, args.dest)
    } catch (e) {
      // A bad ansible_managed setting: the action fails with Python's exception and its traceback.
      const err = e instanceof Error ? e : new Error(String(e))
      const exception = `Traceback (most recent call last):\n  File "ansible/template/__init__.py", line 103, in generate_ansible_template_vars\n${err.name}: ${err.message}\n`
      return ctx.fail(`${err.name}: ${err.message}`, { exception })
    }
    let rendered: string
    try {
      rendered = ctx.controller.renderTemplate(text, { path: file, vars, environment })
    } catch (e) {
      // The template action fails with the exception's type before its text.
      const err = e as Error
      const type = err.name === 'UndefinedVariableError' ? 'AnsibleUndefinedVariable' : 'AnsibleError'
      return ctx.fail(`${type}: ${err.message}`)
    }
    return writeFileLikeCopy(ctx, {
      dest: args.dest,
      content: Buffer.from(rendered, args.output_encoding === 'utf-8' || args.output_encoding === 'utf8' ? 'utf8' : 'latin1'),
      mode: args.mode,
      owner: args.owner,
      group: args.group,
      src: file,
      afterHeader: file,
      force: args.force,
      backup: args.backup,
    })
  },
})
