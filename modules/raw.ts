/** raw (ansible-core 2.14): a command line sent to the host as is; always changed. */
import { defineModule, shellJoin, type ModuleDefinition } from '../src/index.js'

export default defineModule<{ _raw_params: string; executable?: string }>({
  name: 'raw',
  fqcns: ['ansible.builtin.raw', 'ansible.legacy.raw'],
  summary: 'Executes a low-down and dirty command',
  args: { type: 'object', properties: { _raw_params: { type: 'string' }, executable: { type: 'string' } }, required: ['_raw_params'] },
  freeForm: '_raw_params',
  supports: { check: 'none' },
  async run(args, ctx) {
    const line = args.executable ? shellJoin([args.executable, '-c', args._raw_params]) : args._raw_params
    const r = await ctx.change((w) => w.exec(line))
    if (!r) return { changed: true }
    const lines = (s: string) => (s === '' ? [] : s.replace(/\n$/, '').split('\n'))
    const out = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr, stdout_lines: lines(r.stdout), stderr_lines: lines(r.stderr) }
    if (r.rc !== 0) return { ...out, failed: true, msg: 'non-zero return code' }
    return out
  },
}) as unknown as ModuleDefinition
