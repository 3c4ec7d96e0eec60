/**
 * script (ansible-core 2.14): a controller script run on the host, fed through stdin to
 * its interpreter (no file left on the host), with `creates`/`removes`, `chdir` and
 * `executable`; result keys rc/stdout/stderr/stdout_lines/stderr_lines; always changed.
 */
import { readFileSync } from 'node:fs'
import { defineModule, shellJoin, type ModuleDefinition } from '../src/index.js'
import { shlexSplit } from '../src/py/shlex.js'

interface Args {
  _raw_params?: string
  cmd?: string
  chdir?: string
  creates?: string
  removes?: string
  executable?: string
}

export default defineModule<Args>({
  name: 'script',
  fqcns: ['ansible.builtin.script', 'ansible.legacy.script'],
  summary: 'Runs a local script on the host after transferring it',
  args: {
    type: 'object',
    properties: {
      _raw_params: { type: 'string' },
      cmd: { type: 'string' },
      chdir: { type: 'string' },
      creates: { type: 'string' },
      removes: { type: 'string' },
      executable: { type: 'string' },
      decrypt: { type: 'boolean', default: true },
    },
  },
  freeForm: '_raw_params',
  supports: { check: 'partial' },
  async run(args, ctx) {
    const raw = args._raw_params ?? args.cmd
    if (!raw) return ctx.fail('script: path to a local script is required')
    const [name, ...params] = shlexSplit(raw)
    if (args.creates && (await ctx.stat(args.creates, { follow: true }))) {
      return { changed: false, rc: 0, stdout: `skipped, since ${args.creates} exists`, stderr: '', stdout_lines: [], stderr_lines: [], msg: '' }
    }
    if (args.removes && !(await ctx.stat(args.removes, { follow: true }))) {
      return { changed: false, rc: 0, stdout: `skipped, since ${args.removes} does not exist`, stderr: '', stdout_lines: [], stderr_lines: [], msg: '' }
    }
    const file = ctx.controller.findFile(name, 'files')
    if (!file) return ctx.fail(`Could not find or access '${name}' on the Ansible Controller.`)
    if (ctx.check) return { changed: true, skipped: true, msg: 'Check mode is not supported for this task.' }
    const body = readFileSync(file)
    const shebang = /^#!\s*(\S+)(.*)$/m.exec(body.toString('utf8').split('\n')[0] ?? '')
    const interpreter = args.executable ? shlexSplit(args.executable) : shebang ? [shebang[1], ...shlexSplit(shebang[2])] : ['/bin/sh']
    // The interpreter reads the script from a file descriptor, so its stdin stays free.
    const line = `${shellJoin(interpreter)} /dev/fd/3 ${shellJoin(params)} 3<<'TSIBLE_SCRIPT_EOF'\n${body.toString('utf8')}\nTSIBLE_SCRIPT_EOF`
    const r = await ctx.change((w) => w.exec(line, { cwd: args.chdir }))
    if (!r) return { changed: true }
    const lines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'))
    const result = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr) }
    if (r.rc !== 0) return { ...result, failed: true, msg: 'non-zero return code' }
    return result
  },
}) as unknown as ModuleDefinition
