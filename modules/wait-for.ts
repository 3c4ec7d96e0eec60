/**
 * wait_for (ansible-core 2.14): waits until a port accepts connections (or stops, or
 * drains), a file exists (or is gone, or contains `search_regex`), polling from the host
 * with `sleep` between tries, up to `timeout` seconds from the start (`delay` included).
 */
import {
  defineModule,
  pathResultKeys,
  PyRegex,
  shellJoin,
  shellQuote,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

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
  active_connection_states: string[]
  exclude_hosts?: string[]
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
      active_connection_states: { type: 'array', items: { type: 'string' }, default: ['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT'] },
      exclude_hosts: { type: 'array', items: { type: 'string' } },
    },
  },
  // ansible-core's wait_for does not declare check mode: the runtime skips it.
  supports: { check: 'none' },
  async run(args, ctx) {
    let re: PyRegex | undefined
    if (args.search_regex !== undefined) {
      try {
        re = new PyRegex(args.search_regex, { multiline: true })
      } catch (e) {
        return ctx.fail(`Invalid regular expression: ${(e as Error).message}`)
      }
    }
    const { port, path, state } = args
    if (port && path) return ctx.fail('port and path parameter can not both be passed to wait_for', { elapsed: 0 })
    if (path && state === 'stopped') return ctx.fail('state=stopped should only be used for checking a port in the wait_for module', { elapsed: 0 })
    if (path && state === 'drained') return ctx.fail('state=drained should only be used for checking a port in the wait_for module', { elapsed: 0 })
    if (args.exclude_hosts !== undefined && state !== 'drained') return ctx.fail('exclude_hosts should only be with state=drained', { elapsed: 0 })
    for (const s of args.active_connection_states) {
      if (!(s in TCP_STATES)) return ctx.fail(`unknown active_connection_state (${s}) defined`, { elapsed: 0 })
    }
    const start = Date.now()
    const end = start + args.timeout * 1000
    const elapsed = () => Math.floor((Date.now() - start) / 1000)
    const sleep = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000))
    const timedOut = (text: string) => ctx.fail(args.msg ?? text, { elapsed: elapsed() })
    let matchGroups: (string | null)[] = []
    let matchGroupdict: Record<string, string | null> = {}
    if (args.delay) await sleep(args.delay)

    // Python's while/else: the loop polls until `end`; falling out of it is the timeout.
    const poll = async (done: () => Promise<boolean>): Promise<boolean> => {
      while (Date.now() < end) {
        if (await done()) return true
        await sleep(args.sleep)
      }
      return false
    }
    if (!port && !path && state !== 'drained') {
      await sleep(args.timeout)
    } else if (state === 'absent' || state === 'stopped') {
      const ok = await poll(async () => (path ? (await ctx.stat(path)) === null : !(await connects(ctx, args.host, port!, args.connect_timeout))))
      if (!ok) return port ? timedOut(`Timeout when waiting for ${args.host}:${port} to stop.`) : timedOut(`Timeout when waiting for ${path} to be absent.`)
    } else if (state === 'started' || state === 'present') {
      const ok = await poll(async () => {
        if (path) {
          if (!(await ctx.stat(path, { follow: true }))) return false
          if (!re) return true
          const data = await ctx.readFile(path)
          const m = data ? re.search(data.toString('latin1')) : null
          if (!m) return false
          matchGroups = m.slice(1).map((g) => (g === undefined ? null : latin1ToUtf8(g)))
          matchGroupdict = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, v === undefined ? null : latin1ToUtf8(v)]))
          return true
        }
        const wait = Math.min(args.connect_timeout, Math.ceil((end - Date.now()) / 1000))
        if (!re) return connects(ctx, args.host, port!, wait)
        // The text the service sends within the time left, searched as it arrives in Python.
        const data = await readBanner(ctx, args.host, port!, Math.max(1, Math.ceil((end - Date.now()) / 1000)))
        return data !== null && re.search(data) !== null
      })
      if (!ok) {
        if (port) return timedOut(re ? `Timeout when waiting for search string ${args.search_regex} in ${args.host}:${port}` : `Timeout when waiting for ${args.host}:${port}`)
        return timedOut(re ? `Timeout when waiting for search string ${args.search_regex} in ${path}` : `Timeout when waiting for file ${path}`)
      }
    } else {
      const ok = await poll(async () => (await activeConnections(ctx, args)) === 0)
      if (!ok) return timedOut(`Timeout when waiting for ${args.host}:${port ?? null} to drain`)
    }
    const result: ModuleResult = {
      elapsed: elapsed(),
      match_groupdict: matchGroupdict,
      match_groups: matchGroups,
      path: path ?? null,
      port: port ?? null,
      search_regex: args.search_regex ?? null,
      state,
    }
    // Ansible adds the path's file keys (state among them) when the path exists.
    const st = path ? await ctx.stat(path, { follow: true }) : null
    if (st) Object.assign(result, pathResultKeys(st))
    return result
  },
})

/** /proc/net/tcp's state ids. */
const TCP_STATES: Record<string, string> = {
  ESTABLISHED: '01',
  SYN_SENT: '02',
  SYN_RECV: '03',
  FIN_WAIT1: '04',
  FIN_WAIT2: '05',
  TIME_WAIT: '06',
  CLOSE: '07',
  CLOSE_WAIT: '08',
  LAST_ACK: '09',
  LISTEN: '0A',
  CLOSING: '0B',
}

function latin1ToUtf8(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8')
}

/** One connection attempt from the host: bash's /dev/tcp, else nc. */
async function connects(ctx: ModuleContext, host: string, port: number, seconds: number): Promise<boolean> {
  const t = String(Math.max(1, seconds))
  const probe = `timeout ${t} bash -c ${shellQuote(`exec 3<>/dev/tcp/${host}/${port}`)} 2>/dev/null || timeout ${t} ${shellJoin(['nc', '-z', host, String(port)])} 2>/dev/null`
  return (await ctx.exec(probe)).rc === 0
}

/** What the service at host:port sends within `seconds`, or null when it does not connect. */
async function readBanner(ctx: ModuleContext, host: string, port: number, seconds: number): Promise<string | null> {
  const script = `exec 3<>/dev/tcp/${host}/${port} || exit 7; timeout ${seconds} cat <&3; exit 0`
  const r = await ctx.exec(`bash -c ${shellQuote(script)} 2>/dev/null`)
  return r.rc === 7 || r.rc === 1 ? null : r.stdout
}

/** /proc/net/tcp* as /proc shows addresses: each 4-byte word little-endian, upper-case hex. */
function hexAddress(ip: string): { family: 4 | 6; hex: string } | null {
  const toWord = (bytes: number[]) =>
    bytes
      .slice()
      .reverse()
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase()
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return { family: 4, hex: toWord(ip.split('.').map(Number)) }
  if (!ip.includes(':')) return null
  const [head, tail = ''] = ip.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g || '0', 16))
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff])
  let hex = ''
  for (let i = 0; i < 16; i += 4) hex += toWord(bytes.slice(i, i + 4))
  return { family: 6, hex }
}

/** The host's addresses for a name (getaddrinfo through `getent ahosts` on the host), IPv4 also as ::ffff:. */
async function addresses(ctx: ModuleContext, host: string): Promise<{ family: 4 | 6; hex: string }[]> {
  let ips = [host]
  if (!hexAddress(host)) {
    const r = await ctx.exec(shellJoin(['getent', 'ahosts', host]))
    ips = [...new Set(r.stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean))]
  }
  const out: { family: 4 | 6; hex: string }[] = []
  for (const ip of ips) {
    const a = hexAddress(ip)
    if (!a) continue
    out.push(a)
    if (a.family === 4) out.push(hexAddress(`::ffff:${ip.split('.').map((n, i, all) => (i % 2 === 0 ? ((Number(n) << 8) | Number(all[i + 1])).toString(16) : '')).filter(Boolean).join(':')}`)!)
  }
  return out
}

/** Connections to the port in an active state, from /proc/net/tcp and tcp6 (Linux). */
async function activeConnections(ctx: ModuleContext, args: Args): Promise<number> {
  const ips = await addresses(ctx, args.host)
  const exclude: { family: 4 | 6; hex: string }[] = []
  for (const h of args.exclude_hosts ?? []) exclude.push(...(await addresses(ctx, h)))
  const has = (list: { family: number; hex: string }[], family: number, hex: string) => list.some((a) => a.family === family && a.hex === hex)
  const port = (args.port ?? 0).toString(16).toUpperCase().padStart(4, '0')
  const states = args.active_connection_states.map((s) => TCP_STATES[s])
  let count = 0
  for (const [family, file] of [[4, '/proc/net/tcp'], [6, '/proc/net/tcp6']] as const) {
    const text = (await ctx.readFile(file))?.toString('utf8')
    if (text === undefined) continue
    const matchAll = family === 4 ? '00000000' : '0'.repeat(32)
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/)
      if (f.length < 4 || f[1] === 'local_address') continue
      if (!states.includes(f[3])) continue
      const [localIp, localPort] = f[1].split(':')
      if (localPort !== port) continue
      const [remoteIp] = f[2].split(':')
      if (has(exclude, family, remoteIp)) continue
      if (has(ips, family, localIp) || has(ips, family, matchAll) || (localIp.startsWith('0000000000000000FFFF0000') && has(ips, family, '0000000000000000FFFF000000000000'))) count++
    }
  }
  return count
}
