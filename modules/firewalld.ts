/**
 * firewalld (ansible.posix): ports, services and sources of a zone, through
 * `firewall-cmd` on the host; `permanent` and `immediate` as ansible.posix treats them,
 * `offline` (firewalld not running) edits the permanent configuration only.
 */
import { defineModule, shellJoin, type ModuleContext } from '../src/plugin-kit.js'


interface Args {
  port?: string
  service?: string
  source?: string
  interface?: string
  zone?: string
  permanent?: boolean
  immediate: boolean
  offline?: boolean
  state: 'enabled' | 'disabled' | 'present' | 'absent'
}

export default defineModule<Args>({
  name: 'firewalld',
  fqcns: ['ansible.posix.firewalld'],
  summary: 'Manage ports, services and sources of a firewalld zone',
  args: {
    type: 'object',
    properties: {
      port: { type: 'string' },
      service: { type: 'string' },
      source: { type: 'string' },
      interface: { type: 'string' },
      zone: { type: 'string' },
      permanent: { type: 'boolean' },
      immediate: { type: 'boolean', default: false },
      offline: { type: 'boolean' },
      state: { type: 'string', enum: ['enabled', 'disabled', 'present', 'absent'] },
    },
    required: ['state'],
  },
  mutuallyExclusive: [['port', 'service', 'source', 'interface']],
  requiredOneOf: [['port', 'service', 'source', 'interface']],
  supports: { check: 'full' },
  async run(args, ctx) {
    const running = (await ctx.exec('firewall-cmd --state')).rc === 0
    if (!running && !args.offline) ctx.fail('firewalld is not running; set offline: true to change the permanent configuration')
    const [kind, value] = args.port
      ? ['port', args.port]
      : args.service
        ? ['service', args.service]
        : args.source
          ? ['source', args.source]
          : ['interface', args.interface!]
    const want = args.state === 'enabled' || args.state === 'present'
    const scopes: boolean[] = []
    if (args.permanent) scopes.push(true)
    if ((args.immediate || !args.permanent) && running) scopes.push(false)
    const zone = args.zone ? ['--zone', args.zone] : []
    const changedIn: string[] = []
    for (const permanent of scopes) {
      const flag = permanent ? ['--permanent'] : []
      const query = await firewallCmd(ctx, [...flag, ...zone, `--query-${kind}=${value}`])
      if ((query.rc === 0) === want) continue
      changedIn.push(permanent ? 'permanent' : 'runtime')
      await ctx.change(async (w) => {
        const r = await w.exec(shellJoin(['firewall-cmd', ...flag, ...zone, `--${want ? 'add' : 'remove'}-${kind}=${value}`]))
        if (r.rc !== 0) ctx.fail(`ERROR: ${(r.stderr || r.stdout).trim()}`)
      })
    }
    const verb = want ? 'enabled' : 'disabled'
    const msg = changedIn.length ? `Changed ${kind} ${value} to ${verb}` : 'Non-permanent operation'
    return { changed: changedIn.length > 0, msg: `${msg}${changedIn.length ? ` (${changedIn.join(', ')})` : ''}` }
  },
})

function firewallCmd(ctx: ModuleContext, args: string[]) {
  return ctx.exec(shellJoin(['firewall-cmd', ...args]))
}
