/**
 * script (ansible-core 2.14): a controller script put in a temporary directory on the
 * host (removed afterwards) and run there with its arguments, with `creates`/`removes`,
 * `chdir` and `executable`; result keys rc/stdout/stderr/stdout_lines/stderr_lines;
 * always changed. Check mode skips unless creates/removes allow a prediction.
 */
import { basename } from 'node:path'
import { defineModule, shellJoin, shellQuote, shlexSplit } from '../src/plugin-kit.js'

interface Args {
  _raw_params?: string
  cmd?: string
  chdir?: string
  creates?: string
  removes?: string
  executable?: string
  decrypt: boolean
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
    if (args.creates && (await ctx.stat(args.creates, { follow: true }))) {
      return { changed: false, skipped: true, msg: `${args.creates} exists, matching creates option` }
    }
    if (args.removes && !(await ctx.stat(args.removes, { follow: true }))) {
      return { changed: false, skipped: true, msg: `${args.removes} does not exist, matching removes option` }
    }
    if (args.chdir && !args.chdir.startsWith('/')) return ctx.fail(`chdir ${args.chdir} must be an absolute path for a Unix-aware remote node`)
    const raw = (args._raw_params ?? args.cmd ?? '').trim()
    const parts = shlexSplit(raw)
    if (!parts.length) return ctx.fail('script: path to a local script is required')
    const name = parts[0]
    const file = ctx.controller.findFile(name, 'files')
    if (!file) {
      return ctx.fail(`Could not find or access '${name}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`)
    }
    if (ctx.check) {
      // Only creates/removes make a prediction possible; otherwise Ansible skips.
      if (args.creates || args.removes) return { changed: true }
      return { changed: false, skipped: true, msg: 'Check mode is not supported for this task.' }
    }
    const body = ctx.controller.readFile(file, { decrypt: args.decrypt })
    const r = await ctx.change(async (w) => {
      const mk = await w.exec('umask 77 && mktemp -d "${TMPDIR:-/tmp}/ansible-tmp-XXXXXXXXXX"')
      if (mk.rc !== 0) return ctx.fail(`Failed to create temporary directory on the host: ${mk.stderr.trim()}`)
      const tmp = mk.stdout.trim()
      const remote = `${tmp}/${basename(file)}`
      try {
        await w.writeFile(remote, body, { mode: 0o700 })
        // As Ansible does: the script's path replaces its name in the raw parameters, so the
        // arguments keep their quoting; `executable` goes in front.
        const target = raw.split(name).join(shellQuote(remote))
        return await w.exec(args.executable ? `${args.executable} ${target}` : target, { cwd: args.chdir })
      } finally {
        await w.exec(shellJoin(['rm', '-rf', tmp]))
      }
    })
    if (!r) return { changed: true }
    const lines = (s: string) => (s === '' ? [] : s.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/))
    const result = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr) }
    if (r.rc !== 0) return { ...result, failed: true, msg: 'non-zero return code' }
    return result
  },
})
