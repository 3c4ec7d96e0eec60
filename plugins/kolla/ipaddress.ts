/**
 * The part of Python's `ipaddress.ip_address()` that kolla's `put_address_in_context`
 * relies on: which version a string is, and an IPv6 address's eight 16-bit groups.
 * Strings that Python rejects are rejected with its ValueError wording.
 */
import { reprString } from '../../src/plugin-kit.js'

export type ParsedIp = { version: 4; octets: number[] } | { version: 6; groups: number[]; scope?: string }

class IpValueError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ValueError'
  }
}

function parseV4(s: string): number[] | null {
  if (s.includes('/')) return null
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const out: number[] = []
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null
    if (p.length > 1 && p[0] === '0') return null
    const n = Number(p)
    if (n > 255) return null
    out.push(n)
  }
  return out
}

function parseV6(s: string): { groups: number[]; scope?: string } | null {
  if (s.includes('/')) return null
  const pct = s.indexOf('%')
  let addr = s
  let scopeId: string | undefined
  if (pct >= 0) {
    scopeId = s.slice(pct + 1)
    const scope = s.slice(pct + 1)
    if (!scope || scope.includes('%')) return null
    addr = s.slice(0, pct)
  }
  const parts = addr.split(':')
  if (parts.length < 3) return null
  const hextets: string[] = [...parts]
  const extra: number[] = []
  if (parts[parts.length - 1].includes('.')) {
    const v4 = parseV4(parts[parts.length - 1])
    if (!v4) return null
    hextets.pop()
    extra.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
  }
  const total = hextets.length + extra.length
  if (total > 9) return null
  // Work on string parts where the IPv4 tail counts as two parts.
  const all: (string | number)[] = [...hextets, ...extra]
  let skip = -1
  for (let i = 1; i < all.length - 1; i++) {
    if (all[i] === '') {
      if (skip >= 0) return null
      skip = i
    }
  }
  let hi: number
  let lo: number
  let skipped: number
  if (skip >= 0) {
    hi = skip
    lo = all.length - skip - 1
    if (all[0] === '') {
      hi -= 1
      if (hi) return null
    }
    if (all[all.length - 1] === '') {
      lo -= 1
      if (lo) return null
    }
    skipped = 8 - (hi + lo)
    if (skipped < 1) return null
  } else {
    if (all.length !== 8) return null
    if (all[0] === '' || all[all.length - 1] === '') return null
    hi = all.length
    lo = 0
    skipped = 0
  }
  const group = (p: string | number): number | null => {
    if (typeof p === 'number') return p
    if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null
    return parseInt(p, 16)
  }
  const groups: number[] = []
  for (let i = 0; i < hi; i++) {
    const g = group(all[i])
    if (g === null) return null
    groups.push(g)
  }
  for (let i = 0; i < skipped; i++) groups.push(0)
  for (let i = lo; i > 0; i--) {
    const g = group(all[all.length - i])
    if (g === null) return null
    groups.push(g)
  }
  return groups.length === 8 ? { groups, scope: scopeId } : null
}

/** Python's `ipaddress.ip_address(s)`, reduced to what kolla reads. */
export function ipAddress(s: string): ParsedIp {
  const v4 = parseV4(s)
  if (v4) return { version: 4, octets: v4 }
  const v6 = parseV6(s)
  if (v6) return { version: 6, ...v6 }
  throw new IpValueError(`${reprString(s)} does not appear to be an IPv4 or IPv6 address`)
}

/** Python's `IPv6Address.compressed` (without a scope id): the first longest zero run becomes `::`. */
function compressV6(groups: number[]): string {
  const hex = groups.map((g) => g.toString(16))
  let bestStart = -1
  let bestLen = 0
  let start = -1
  let len = 0
  hex.forEach((h, i) => {
    if (h === '0') {
      len++
      if (start === -1) start = i
      if (len > bestLen) {
        bestLen = len
        bestStart = start
      }
    } else {
      len = 0
      start = -1
    }
  })
  if (bestLen > 1) {
    const end = bestStart + bestLen
    const out = [...hex.slice(0, bestStart), '', ...hex.slice(end)]
    if (end === hex.length) out.push('')
    if (bestStart === 0) out.unshift('')
    return out.join(':')
  }
  return hex.join(':')
}

class AddressValueError extends IpValueError {
  constructor(message: string) {
    super(message)
    this.name = 'AddressValueError'
  }
}

/**
 * Python's `IPv6Address.exploded` groups. With a scope id Python 3.11 re-parses
 * `str(address)` without scope support and fails; that error is reproduced.
 */
export function explodedGroups(ip: { groups: number[]; scope?: string }): number[] {
  if (ip.scope !== undefined) {
    const text = `${compressV6(ip.groups)}%${ip.scope}`
    const parts = text.split(':')
    throw new AddressValueError(`Only hex digits permitted in ${reprString(parts[parts.length - 1])} in ${reprString(text)}`)
  }
  return ip.groups
}
