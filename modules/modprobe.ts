/**
 * modprobe (community.general): a kernel module loaded or unloaded (checked against
 * /proc/modules), with parameters.
 */
import { defineModule, shellJoin, type ModuleDefinition } from '../src/index.js'
import { shlexSplit } from '../src/py/shlex.js'

interface Args {
  name: string
  state: 'present' | 'absent'
  params: string
}

export default defineModule<Args>({
  name: 'modprobe',
  fqcns: ['community.general.modprobe'],
  summary: 'Load or unload kernel modules',
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
      params: { type: 'string', default: '' },
      persistent: { type: 'string', default: 'disabled' },
    },
    required: ['name'],
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const modules = ((await ctx.readFile('/proc/modules')) ?? Buffer.alloc(0)).toString('utf8')
    const name = args.name.replace(/-/g, '_')
    const loaded = modules.split('\n').some((l) => l.split(' ')[0] === name)
    const result = { changed: false, name: args.name, params: args.params, state: args.state }
    if (args.state === 'present' && !loaded) {
      result.changed = true
      const r = await ctx.change((w) => w.exec(shellJoin(['modprobe', args.name, ...shlexSplit(args.params)])))
      if (r && r.rc !== 0) return ctx.fail(r.stderr.trim(), { rc: r.rc })
    } else if (args.state === 'absent' && loaded) {
      result.changed = true
      const r = await ctx.change((w) => w.exec(shellJoin(['modprobe', '-r', args.name])))
      if (r && r.rc !== 0) return ctx.fail(r.stderr.trim(), { rc: r.rc })
    }
    return result
  },
}) as unknown as ModuleDefinition
