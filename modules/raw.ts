/** raw (ansible-core 2.14): a command line sent to the host as is; always changed. */
import { defineModule, shellJoin } from '../src/plugin-kit.js'

export default defineModule<{ _raw_params: string; executable?: string }>({
  name: 'raw',
  fqcns: ['ansible.builtin.raw', 'ansible.legacy.raw'],
  summary: 'Executes a low-down and dirty command',
  args: { type: 'object', properties: { _raw_params: { type: 'string' }, executable: { type: 'string' } }, required: ['_raw_params'] },
  freeForm: '_raw_params',
  // The raw action skips itself in check mode (skipped, no message), so the runtime's
  // "does not support check mode" skip is not used.
  supports: { check: 'full' },
  async run(args, ctx) {
    const line = args.executable ? shellJoin([args.executable, '-c', args._raw_params]) : args._raw_params
    if (ctx.check) return { changed: false, skipped: true }
    const r = await ctx.change((w) => w.exec(line))
    if (!r) return { changed: false, skipped: true }
    const lines = (s: string) => (s === '' ? [] : s.replace(/(\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/))
    const out = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr) }
    if (r.rc !== 0) return { ...out, failed: true, msg: 'non-zero return code' }
    return out
  },
})
