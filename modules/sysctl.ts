/**
 * sysctl (ansible.posix): a kernel parameter in a sysctl file (default /etc/sysctl.conf)
 * and, with `sysctl_set`/`reload`, in the running kernel.
 */
import { defineModule, shellJoin, type ModuleDefinition } from '../src/index.js'

interface Args {
  name: string
  value?: string
  state: 'present' | 'absent'
  sysctl_file: string
  reload: boolean
  sysctl_set: boolean
  ignoreerrors: boolean
}

export default defineModule<Args>({
  name: 'sysctl',
  fqcns: ['ansible.posix.sysctl'],
  summary: 'Manage entries in sysctl.conf',
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'string' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present' },
      sysctl_file: { type: 'string', default: '/etc/sysctl.conf' },
      reload: { type: 'boolean', default: true },
      sysctl_set: { type: 'boolean', default: false },
      ignoreerrors: { type: 'boolean', default: false },
    },
    required: ['name'],
  },
  aliases: { name: ['key'], value: ['val'] },
  supports: { check: 'full' },
  async run(args, ctx) {
    if (args.state === 'present' && args.value === undefined) return ctx.fail('value cannot be None')
    const value = args.value?.trim()
    const text = ((await ctx.readFile(args.sysctl_file)) ?? Buffer.alloc(0)).toString('utf8')
    const lines = text.split('\n')
    if (lines.at(-1) === '') lines.pop()
    const keyOf = (l: string) => (/^\s*[#;]/.test(l) || !l.includes('=') ? undefined : l.slice(0, l.indexOf('=')).trim())
    const current = lines.map(keyOf).lastIndexOf(args.name)
    const next = lines.filter((l, i) => keyOf(l) !== args.name || (args.state === 'present' && i === current))
    if (args.state === 'present') {
      const entry = `${args.name}=${value}`
      if (current >= 0) next[next.findIndex((l) => keyOf(l) === args.name)] = entry
      else next.push(entry)
    }
    const newText = next.length ? `${next.join('\n')}\n` : ''
    let changed = newText !== text
    if (changed) await ctx.change((w) => w.writeFile(args.sysctl_file, newText))
    if (args.state === 'present' && args.sysctl_set) {
      const now = (await ctx.exec(shellJoin(['sysctl', '-n', args.name]))).stdout.trim().replace(/\s+/g, ' ')
      if (now !== value?.replace(/\s+/g, ' ')) {
        changed = true
        const r = await ctx.change((w) => w.exec(shellJoin(['sysctl', '-w', `${args.name}=${value}`])))
        if (r && r.rc !== 0 && !args.ignoreerrors) return ctx.fail(`setting ${args.name} failed: ${r.stderr.trim()}`)
      }
    }
    if (changed && args.reload) {
      const r = await ctx.change((w) => w.exec(shellJoin(['sysctl', '-p', args.sysctl_file])))
      if (r && r.rc !== 0 && !args.ignoreerrors) return ctx.fail(`Failed to reload sysctl: ${(r.stderr || r.stdout).trim()}`)
    }
    return { changed }
  },
}) as unknown as ModuleDefinition
