/**
 * wait_for (ansible-core 2.14): waits until a port accepts connections (or stops), a
 * file exists (or is gone, or contains `search_regex`), polling from the host with
 * `sleep` between tries, up to `timeout` seconds after `delay`.
 */
import { defineModule, shellJoin, shellQuote, type ModuleContext, type ModuleDefinition } from '../src/index.js'
import { PyRegex } from '../plugins/filter/py-re.js'

interface Args {
  host: string
  port?: number
  path?: string
  search_regex?: string
  state: 'started' | 'stopped' | 'present' | 'absent' | 'drained'
  timeout: number
  connect_timeout: number
  delay: number
  sleep: number
  msg?: string
}

export default defineModule<Args>({
  name: 'wait_for',
  fqcns: ['ansible.builtin.wait_for', 'ansible.legacy.wait_for'],
  summary: 'Waits for a condition before continuing',
  args: {
    type: 'object',
    properties: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'integer' },
      path: { type: 'string' },
      search_regex: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'drained', 'present', 'started', 'stopped'], default: 'started' },
      timeout: { type: 'integer', default: 300 },
      connect_timeout: { type: 'integer', default: 5 },
      delay: { type: 'integer', default: 0 },
      sleep: { type: 'integer', default: 1 },
      msg: { type: 'string' },
      active_connection_states: { type: 'array', items: { type: 'string' } },
      exclude_hosts: { type: 'array', items: { type: 'string' } },
    },
  },
  mutuallyExclusive: [['port', 'path']],
  supports: { check: 'full' },
  async run(args, ctx) {
    const started = Date.now()
    if (args.port === undefined && args.path === undefined && args.state !== 'drained') {
      // Nothing to wait for: Ansible just sleeps for `timeout` seconds.
      await new Promise((r) => setTimeout(r, (args.delay + args.timeout) * 1000))
      return { changed: false, elapsed: Math.floor((Date.now() - started) / 1000), state: args.state }
    }
    if (args.delay) await new Promise((r) => setTimeout(r, args.delay * 1000))
    const deadline = started + args.delay * 1000 + args.timeout * 1000
    const re = args.search_regex !== undefined ? new PyRegex(args.search_regex, { multiline: true }) : undefined
    const elapsed = () => Math.floor((Date.now() - started) / 1000)
    for (;;) {
      const done = await check(ctx, args, re)
      if (done.ok) return { changed: false, elapsed: elapsed(), state: args.state, ...(args.port !== undefined ? { port: args.port } : {}), ...(args.path !== undefined ? { path: args.path } : {}), ...(done.extra ?? {}) }
      if (Date.now() >= deadline) {
        const what = args.port !== undefined ? `Timeout when waiting for ${args.host}:${args.port}` : args.path !== undefined ? `Timeout when waiting for ${args.path}` : `Timeout`
        const stopped = args.state === 'stopped' || args.state === 'absent' ? (args.port !== undefined ? ` to stop` : ` to be absent.`) : ''
        return ctx.fail(args.msg ?? `${what}${stopped}`, { elapsed: elapsed() })
      }
      await new Promise((r) => setTimeout(r, args.sleep * 1000))
    }
  },
}) as unknown as ModuleDefinition

async function check(ctx: ModuleContext, args: Args, re: PyRegex | undefined): Promise<{ ok: boolean; extra?: Record<string, unknown> }> {
  if (args.path !== undefined) {
    const st = await ctx.stat(args.path, { follow: true })
    if (args.state === 'absent' || args.state === 'stopped') return { ok: st === null }
    if (!st) return { ok: false }
    if (!re) return { ok: true }
    const data = (await ctx.readFile(args.path))?.toString('utf8') ?? ''
    const m = re.search(data)
    return m ? { ok: true, extra: { match_groups: m.slice(1), match_groupdict: { ...(m.groups ?? {}) } } } : { ok: false }
  }
  if (args.port !== undefined) {
    // bash's /dev/tcp when available, else nc: one connection attempt from the host.
    const probe = `timeout ${args.connect_timeout} bash -c ${shellQuote(`exec 3<>/dev/tcp/${args.host}/${args.port}`)} 2>/dev/null || timeout ${args.connect_timeout} ${shellJoin(['nc', '-z', args.host, String(args.port)])} 2>/dev/null`
    const open = (await ctx.exec(probe)).rc === 0
    return { ok: args.state === 'stopped' || args.state === 'absent' || args.state === 'drained' ? !open : open }
  }
  return { ok: true }
}
