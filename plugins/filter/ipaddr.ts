/**
 * ansible.utils' ipaddr family (ipaddr, ipv4, ipv6, ipwrap, nthhost, ipmath, ipsubnet's
 * common forms) on a small model of netaddr 0.8's IPNetwork: an address kept with its
 * host bits, a prefix length, IPv6 printed as glibc's inet_ntop prints it.
 */
import {
  bindArgs,
  defined,
  isNumber,
  PyError,
  pyRepr,
  pyStr,
  pyTruthy,
  PyTypeError,
  toNumber,
  type FilterFn,
} from '../../src/plugin-kit.js'
import { AnsibleFilterError, pyClassRepr } from './errors.js'

export interface Net {
  version: 4 | 6
  ip: bigint
  prefix: number
}

const width = (v: 4 | 6) => (v === 4 ? 32 : 128)

function parseV4(s: string): bigint | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  let n = 0n
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return null
    n = (n << 8n) | BigInt(p)
  }
  return n
}

/** netaddr's expand_partial_address: '10.1' is 10.1.0.0. */
function parseV4Partial(s: string): bigint | null {
  const parts = s.split('.')
  if (parts.length < 1 || parts.length > 4 || parts.some((p) => !/^\d+$/.test(p))) return null
  while (parts.length < 4) parts.push('0')
  return parseV4(parts.map((p) => String(Number(p))).join('.'))
}

function parseV6(s: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return null
  let str = s
  if (str.includes('.')) {
    const lastColon = str.lastIndexOf(':')
    const v4 = parseV4(str.slice(lastColon + 1))
    if (v4 === null) return null
    str = `${str.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const tail: number[] = []
  const halves = str.split('::')
  if (halves.length > 2) return null
  const group = (h: string) => (h === '' ? [] : h.split(':'))
  const head = group(halves[0])
  const rest = halves.length === 2 ? group(halves[1]) : []
  const all = [...head, ...rest]
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null
  const total = all.length + tail.length
  let words: number[]
  if (halves.length === 2) {
    if (total > 7) return null
    words = [...head.map((g) => parseInt(g, 16)), ...Array(8 - total).fill(0), ...rest.map((g) => parseInt(g, 16)), ...tail]
  } else {
    if (total !== 8) return null
    words = [...head.map((g) => parseInt(g, 16)), ...tail]
  }
  return words.reduce((n, w) => (n << 16n) | BigInt(w), 0n)
}

function prefixFromMask(version: 4 | 6, s: string): number | null {
  if (/^\d+$/.test(s)) {
    const p = Number(s)
    return p <= width(version) ? p : null
  }
  if (version !== 4) return null
  const m = parseV4(s)
  if (m === null) return null
  const bits = m.toString(2).padStart(32, '0')
  if (/^1*0*$/.test(bits)) return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')
  if (/^0*1*$/.test(bits)) return bits.indexOf('1') < 0 ? 32 : bits.indexOf('1')
  return null
}

/** netaddr.IPNetwork(value), or null when netaddr would raise. */
export function parseNet(value: string): Net | null {
  const [addr, mask, extra] = value.split('/')
  if (extra !== undefined) return null
  let version: 4 | 6
  let ip = parseV4(addr)
  if (ip !== null) version = 4
  else if ((ip = parseV6(addr)) !== null) version = 6
  else if ((ip = parseV4Partial(addr)) !== null) version = 4
  else return null
  const prefix = mask === undefined ? width(version) : prefixFromMask(version, mask)
  if (prefix === null) return null
  return { version, ip, prefix }
}

export function ipStr(version: 4 | 6, n: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.')
  const words = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn))
  // glibc inet_ntop: the longest run (>= 2) of zero words becomes '::'; first on ties.
  let best = { base: -1, len: 0 }
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && words[j] === 0) j++
    if (j - i > best.len) best = { base: i, len: j - i }
    i = j
  }
  if (best.len < 2) best = { base: -1, len: 0 }
  let out = ''
  for (let i = 0; i < 8; i++) {
    if (best.base >= 0 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':'
      continue
    }
    if (i !== 0) out += ':'
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += ipStr(4, n & 0xffffffffn)
      break
    }
    out += words[i].toString(16)
  }
  if (best.base >= 0 && best.base + best.len === 8) out += ':'
  return out
}

const hostmask = (v: Net) => (1n << BigInt(width(v.version) - v.prefix)) - 1n
const netmask = (v: Net) => ((1n << BigInt(width(v.version))) - 1n) ^ hostmask(v)
const network = (v: Net) => v.ip & netmask(v)
const size = (v: Net) => 1n << BigInt(width(v.version) - v.prefix)
const broadcast = (v: Net) => (width(v.version) - v.prefix <= 1 ? null : network(v) | hostmask(v))
const str = (v: Net) => `${ipStr(v.version, v.ip)}/${v.prefix}`
const s = (v: Net, n: bigint) => ipStr(v.version, n)

function within(v: Net, cidr: string): boolean {
  const c = parseNet(cidr)!
  if (c.version !== v.version || v.prefix < c.prefix) return false
  return network(v) >> BigInt(width(v.version) - c.prefix) === c.ip >> BigInt(width(v.version) - c.prefix)
}

const PRIVATE4 = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.0.0.0/24', '192.168.0.0/16', '198.18.0.0/15', '239.0.0.0/8', '169.254.0.0/16']
const PRIVATE6 = ['fc00::/7', 'fec0::/10', 'fe80::/10']
const isPrivate = (v: Net) => (v.version === 4 ? PRIVATE4 : PRIVATE6).some((c) => within(v, c))

type Query = (v: Net, vtype: string | null, value: unknown) => unknown

const addressQuery: Query = (v) => {
  if (size(v) === 1n) return s(v, v.ip)
  if (v.ip !== network(v) || broadcast(v) === null) return s(v, v.ip)
  if (v.version === 6) return s(v, v.ip)
  return null
}
const addressPrefix: Query = (v) => (size(v) > 2n && (v.ip === network(v) || v.ip === broadcast(v)) ? false : `${s(v, v.ip)}/${v.prefix}`)
const notNetwork = (): never => {
  throw new AnsibleFilterError('Not a network address')
}

const QUERIES: Record<string, Query> = {
  '': (v, vtype) => (vtype === 'address' ? s(v, v.ip) : vtype === 'network' ? str(v) : null),
  address: addressQuery,
  ip: addressQuery,
  'address/prefix': addressPrefix,
  gateway: addressPrefix,
  gw: addressPrefix,
  'host/prefix': addressPrefix,
  hostnet: addressPrefix,
  router: addressPrefix,
  bool: () => true,
  broadcast: (v) => (size(v) > 2n ? s(v, broadcast(v)!) : null),
  cidr: (v) => str(v),
  first_usable: (v, vtype) => {
    if (vtype === 'address') notNetwork()
    if (size(v) === 2n) return s(v, network(v))
    return size(v) > 1n ? s(v, network(v) + 1n) : null
  },
  last_usable: (v, vtype) => {
    if (vtype === 'address') notNetwork()
    if (size(v) === 2n) return s(v, network(v) + 1n)
    return size(v) > 1n ? s(v, network(v) + size(v) - 2n) : null
  },
  host: (v) => (size(v) === 1n ? str(v) : v.ip !== network(v) || broadcast(v) === null ? `${s(v, v.ip)}/${v.prefix}` : null),
  hostmask: (v) => s(v, hostmask(v)),
  wildcard: (v) => s(v, hostmask(v)),
  int: (v, vtype) => (vtype === 'address' ? Number(v.ip) : `${v.ip}/${v.prefix}`),
  'ip/prefix': (v) => (size(v) === 2n || (size(v) > 1n && v.ip !== network(v)) ? `${s(v, v.ip)}/${v.prefix}` : null),
  ip_netmask: (v) => (size(v) === 2n || (size(v) > 1n && v.ip !== network(v)) ? `${s(v, v.ip)} ${s(v, netmask(v))}` : null),
  ipv4: (v, _t, value) => {
    if (v.version === 4) return value
    const hi = v.ip >> 32n
    if (hi === 0n || hi === 0xffffn) return `${ipStr(4, v.ip & 0xffffffffn)}/${v.prefix - 96}`
    return false
  },
  ipv6: (v, _t, value) => (v.version === 6 ? value : `${ipStr(6, v.ip | (0xffffn << 32n))}/${v.prefix + 96}`),
  net: (v) => (size(v) > 1n && v.ip === network(v) ? `${s(v, network(v))}/${v.prefix}` : null),
  netmask: (v) => s(v, netmask(v)),
  network: (v) => s(v, network(v)),
  network_id: (v) => s(v, network(v)),
  'network/prefix': (v) => `${s(v, network(v))}/${v.prefix}`,
  subnet: (v) => `${s(v, network(v))}/${v.prefix}`,
  network_netmask: (v) => `${s(v, network(v))} ${s(v, netmask(v))}`,
  network_wildcard: (v) => `${s(v, network(v))} ${s(v, hostmask(v))}`,
  prefix: (v) => v.prefix,
  private: (v, _t, value) => (isPrivate(v) ? value : null),
  public: (v, _t, value) => (!isPrivate(v) && !within(v, v.version === 4 ? '127.0.0.0/8' : '::1/128') && !within(v, v.version === 4 ? '224.0.0.0/4' : 'ff00::/8') ? value : null),
  loopback: (v, _t, value) => (within(v, v.version === 4 ? '127.0.0.0/8' : '::1/128') ? value : null),
  lo: (v, _t, value) => (within(v, v.version === 4 ? '127.0.0.0/8' : '::1/128') ? value : null),
  multicast: (v, _t, value) => (within(v, v.version === 4 ? '224.0.0.0/4' : 'ff00::/8') ? value : null),
  size: (v) => Number(size(v)),
  size_usable: (v) => (size(v) === 1n ? 0 : size(v) === 2n ? 2 : Number(size(v) - 2n)),
  type: (v) => (size(v) === 1n || v.ip !== network(v) ? 'address' : 'network'),
  version: (v) => v.version,
  v4: (v, t, value) => QUERIES.ipv4(v, t, value),
  v6: (v, t, value) => QUERIES.ipv6(v, t, value),
  wrap: (v, vtype, value) => (v.version === 6 ? (vtype === 'address' ? `[${s(v, v.ip)}]` : vtype === 'network' ? `[${s(v, v.ip)}]/${v.prefix}` : null) : value),
}

/** ansible.utils' ipaddr(value, query, version, alias). */
function ipaddr(value: unknown, query: string, version: number | false, alias: string): unknown {
  if (Array.isArray(value)) return value.map((e) => ipaddr(e, query, version, alias)).filter(pyTruthy)
  if (!pyTruthy(value) || value === true) return false
  let v: Net | null
  let vtype: string
  let val = value
  const text = pyStr(value)
  if (/^\d+$/.test(text)) {
    const n = BigInt(text)
    if ((!version || version === 4) && n < 1n << 32n) v = { version: 4, ip: n, prefix: 32 }
    else if (n < 1n << 128n) v = { version: 6, ip: n, prefix: 128 }
    else return false
    val = str(v)
    vtype = 'address'
  } else {
    v = parseNet(text)
    if (v) vtype = text.includes('/') ? 'network' : 'address'
    else {
      const m = /^(\d+)\/(\d+)$/.exec(text)
      if (!m) return false
      const [n, p] = [BigInt(m[1]), Number(m[2])]
      if (n < 1n << 32n && p <= 32) v = { version: 4, ip: n, prefix: p }
      else if (n < 1n << 128n && p <= 128) v = { version: 6, ip: n, prefix: p }
      else return false
      val = str(v)
      vtype = 'network'
    }
  }
  let q = query
  let lookup: Net | null = null
  if (q && (!(q in QUERIES) || q === 'cidr_lookup') && !/^\d+$/.test(q) && q.includes('/') && parseNet(q)) {
    lookup = parseNet(q)
    q = 'cidr_lookup'
  }
  if (version && v.version !== version) return false
  if (q === 'cidr_lookup' && lookup) return contains(lookup, v) ? val : null
  const fn = QUERIES[q]
  if (fn) return fn(v, vtype, val)
  if (/^-?\d+(\.\d+)?$/.test(q)) {
    if (size(v) === 1n) return vtype === 'address' ? s(v, v.ip) : str(v)
    const i = BigInt(Math.trunc(Number(q)))
    const idx = i < 0n ? size(v) + i : i
    if (idx < 0n || idx >= size(v)) return false
    return `${s(v, network(v) + idx)}/${v.prefix}`
  }
  // The ipaddr filter reaches here with alias None (its validator drops it): None + str.
  if (alias === 'ipaddr') throw new PyTypeError("unsupported operand type(s) for +: 'NoneType' and 'str'")
  throw new AnsibleFilterError(`${alias}: unknown filter type: ${q}`)
}

function contains(outer: Net, inner: Net): boolean {
  if (outer.version !== inner.version || inner.prefix < outer.prefix) return false
  const shift = BigInt(width(outer.version) - outer.prefix)
  return network(inner) >> shift === outer.ip >> shift
}

function checkType(value: unknown, alias: string): unknown {
  value = defined(value)
  if (typeof value === 'string' || Array.isArray(value) || (isNumber(value) && Number.isInteger(toNumber(value))) || typeof value === 'boolean') return value
  throw new AnsibleFilterError(`Unrecognized type <${pyClassRepr(value)}> for ${alias} filter <value>`)
}

function ipFilter(alias: string, version: number | false): FilterFn {
  return (input, args, kwargs) => {
    const { query } = bindArgs(alias, args, kwargs, ['query'], { query: '' })
    return ipaddr(checkType(input, alias), pyStr(query), version, alias)
  }
}

const ipwrap: FilterFn = (input, args, kwargs) => {
  const { query } = bindArgs('ipwrap', args, kwargs, ['query'], { query: '' })
  const value = checkType(input, 'ipwrap')
  const q = pyStr(query)
  const one = (e: unknown) => {
    try {
      const r = ipaddr(e, q, false, 'ipwrap')
      return pyTruthy(r) ? ipaddr(r, 'wrap', false, 'ipwrap') : e
    } catch {
      return e
    }
  }
  if (Array.isArray(value)) {
    return value.map((e) => {
      try {
        return pyTruthy(ipaddr(e, q, false, 'ipwrap')) ? ipaddr(e, 'wrap', false, 'ipwrap') : e
      } catch {
        return e
      }
    })
  }
  return one(value)
}

const nthhost: FilterFn = (input, args, kwargs) => {
  const { query } = bindArgs('nthhost', args, kwargs, ['query'], { query: false })
  const v = parseNet(pyStr(defined(input)))
  if (!v) return false
  if (query === false || query === null) return false
  const n = BigInt(Math.trunc(toNumber(query)))
  const idx = n < 0n ? size(v) + n : n
  if (idx < 0n || idx >= size(v)) return false
  return s(v, network(v) + idx)
}

const ipmath: FilterFn = (input, args, kwargs) => {
  const { amount } = bindArgs('ipmath', args, kwargs, ['amount'])
  const text = pyStr(defined(input))
  const v = parseNet(text)
  if (!v || text.includes('/')) throw new AnsibleFilterError(`You must pass a valid IP address; ${text} is invalid`)
  if (!isNumber(amount) || !Number.isInteger(toNumber(amount))) throw new AnsibleFilterError(`You must pass an integer for arithmetic; ${pyRepr(amount)} is not a valid integer`)
  const r = v.ip + BigInt(toNumber(amount))
  if (r < 0n || r >= 1n << BigInt(width(v.version))) throw new AnsibleFilterError(`${text} and ${pyStr(amount)} is out of range`)
  return s(v, r)
}

/** ansible.utils' ipsubnet: the subnet of a value, subnet counts, nth subnets, a subnet's index. */
function ipsubnet(value: unknown, query: string, index: number | null): unknown {
  const first = ipaddr(value, 'type', false, 'ipsubnet')
  if (!pyTruthy(first)) return false
  const parsed = parseNet(pyStr(value)) ?? (ipaddr(value, 'cidr', false, 'ipsubnet') ? parseNet(String(ipaddr(value, 'cidr', false, 'ipsubnet'))) : null)
  if (!parsed) return false
  const net: Net = { ...parsed, ip: network(parsed) }
  const vtype = size(net) === 1n ? 'address' : 'network'
  if (!query) return str(net)
  const total = width(net.version)
  if (/^\d+$/.test(query)) {
    const q = Number(query)
    if (q < 0 || q > total) return false
    const supernet = (i: number): string | false => {
      // netaddr's supernet(q) lists the /q .. /(prefix-1) networks; Python indexes from either end.
      if (i < 0) i += net.prefix - q
      const p = q + i
      if (i < 0 || p >= net.prefix) throw new PyError('IndexError', 'list index out of range')
      const sup: Net = { version: net.version, ip: net.ip, prefix: p }
      return `${s(sup, network(sup))}/${p}`
    }
    if (index === null) {
      if (vtype === 'address') return supernet(0)
      if (q - net.prefix < 0) throw new AnsibleFilterError(`Requested subnet size of ${q} is invalid`)
      return String(2n ** BigInt(q - net.prefix))
    }
    if (vtype === 'address') {
      if (index > total + 1 - index || index < q - total) return false
      return supernet(index)
    }
    // Python's 2 ** (query - prefixlen) is a float below 1 for a larger subnet: only index 0 passes.
    if (q < net.prefix) return index === 0 ? `${s(net, net.ip)}/${q}` : false
    const subnets = 2n ** BigInt(q - net.prefix)
    let i = BigInt(index)
    if (i < 0n) i += subnets
    if (i < 0n || i >= subnets) return false
    return `${s(net, net.ip + (i << BigInt(total - q)))}/${q}`
  }
  const qn = parseNet(query)
  if (!qn) throw new AnsibleFilterError(`You must pass a valid subnet or IP address; ${query} is invalid`)
  const qnet: Net = { ...qn, ip: network(qn) }
  const shift = BigInt(total - qnet.prefix)
  if (net.ip >> shift === qnet.ip >> shift) {
    const bits = BigInt(total - net.prefix)
    return String(((net.ip & (((1n << BigInt(net.prefix - qnet.prefix)) - 1n) << bits)) >> bits) + 1n)
  }
  throw new AnsibleFilterError(`${str(net)} is not in the subnet ${str(qnet)}`)
}

export const ipFilters: Record<string, FilterFn> = {
  ipsubnet: (input, args, kwargs) => {
    const { query, index } = bindArgs('ipsubnet', args, kwargs, ['query', 'index'], { query: '', index: null })
    return ipsubnet(defined(input), pyStr(query), index === null ? null : Math.trunc(toNumber(index)))
  },
  ipaddr: ipFilter('ipaddr', false),
  ipv4: ipFilter('ipv4', 4),
  ipv6: ipFilter('ipv6', 6),
  ipwrap,
  nthhost,
  ipmath,
}
