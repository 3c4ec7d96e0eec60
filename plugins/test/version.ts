/**
 * The `version`/`version_compare` test: Ansible's LooseVersion and StrictVersion
 * (`ansible.module_utils.compat.version`, the distutils classes) with Python's list
 * comparison, including its TypeError when an int meets a str.
 */
import { AnsibleFilterError } from '../filter/errors.js'
import { pyRepr } from '../../src/plugin-kit.js'
import { InvalidVersion, pep440Cmp } from './pep440.js'

type Part = number | string

function looseParse(v: string): Part[] {
  // re.split with a capturing group keeps both the components and the text between them.
  const out: Part[] = []
  const re = /(\d+|[a-z]+|\.)/g
  let last = 0
  for (const m of v.matchAll(re)) {
    if (m.index! > last) out.push(v.slice(last, m.index))
    out.push(m[0])
    last = m.index! + m[0].length
  }
  if (last < v.length) out.push(v.slice(last))
  return out.filter((x) => x !== '' && x !== '.').map((x) => (/^\d+$/.test(x as string) ? Number(x) : x))
}

class PyCompareError extends Error {}

function typeName(p: Part): string {
  return typeof p === 'number' ? 'int' : 'str'
}

/** Python's list `<`: the first unequal pair decides, an int against a str fails. */
function listLt(a: Part[], b: Part[]): boolean {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) continue
    if (typeof a[i] !== typeof b[i]) throw new PyCompareError(`'<' not supported between instances of '${typeName(a[i])}' and '${typeName(b[i])}'`)
    return a[i] < b[i]
  }
  return a.length < b.length
}

function listEq(a: Part[], b: Part[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function looseCmp(a: string, b: string): number {
  const x = looseParse(a)
  const y = looseParse(b)
  if (listEq(x, y)) return 0
  if (listLt(x, y)) return -1
  return 1
}

type Strict = { v: number[]; pre: [string, number] | null }

function strictParse(s: string): Strict {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab](\d+))?$/.exec(s)
  if (!m) throw new PyCompareError(`invalid version number '${s}'`)
  return { v: [Number(m[1]), Number(m[2]), m[4] === undefined ? 0 : Number(m[4])], pre: m[5] ? [m[5][0], Number(m[6])] : null }
}

function strictCmp(a: string, b: string): number {
  const x = strictParse(a)
  const y = strictParse(b)
  for (let i = 0; i < 3; i++) if (x.v[i] !== y.v[i]) return x.v[i] < y.v[i] ? -1 : 1
  if (!x.pre && !y.pre) return 0
  if (x.pre && !y.pre) return -1
  if (!x.pre && y.pre) return 1
  const [p, q] = [x.pre!, y.pre!]
  if (p[0] !== q[0]) return p[0] < q[0] ? -1 : 1
  return p[1] === q[1] ? 0 : p[1] < q[1] ? -1 : 1
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** ansible.utils.version.SemanticVersion: core numbers, then prerelease identifiers (numbers before words). */
function semverCmp(a: string, b: string): number {
  const parse = (v: string) => {
    const m = SEMVER.exec(v)
    if (!m) throw new PyCompareError(`invalid semantic version '${v}'`)
    const pre = m[4] ? m[4].split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : []
    return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre }
  }
  const x = parse(a)
  const y = parse(b)
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i] < y.core[i] ? -1 : 1
  if (!x.pre.length && !y.pre.length) return 0
  if (x.pre.length && !y.pre.length) return -1
  if (!x.pre.length && y.pre.length) return 1
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]]
    if (p === q) continue
    if (typeof p === 'number' && typeof q === 'string') return -1
    if (typeof p === 'string' && typeof q === 'number') return 1
    return p < q ? -1 : 1
  }
  return x.pre.length === y.pre.length ? 0 : x.pre.length < y.pre.length ? -1 : 1
}

const OPS: Record<string, string> = { '==': 'eq', '=': 'eq', eq: 'eq', '<': 'lt', lt: 'lt', '<=': 'le', le: 'le', '>': 'gt', gt: 'gt', '>=': 'ge', ge: 'ge', '!=': 'ne', '<>': 'ne', ne: 'ne' }
const TYPES = ['loose', 'strict', 'semver', 'semantic', 'pep440']

export function versionCompare(value: string, version: string, operator: string, strict: boolean, versionType: string | null): boolean {
  let cmp = looseCmp
  if (strict) cmp = strictCmp
  else if (versionType !== null) {
    if (!TYPES.includes(versionType)) throw new AnsibleFilterError(`Invalid version type (${versionType}). Must be one of ${TYPES.map((t) => pyRepr(t)).join(', ')}`)
    if (versionType === 'strict') cmp = strictCmp
    else if (versionType === 'semver' || versionType === 'semantic') cmp = semverCmp
    else if (versionType === 'pep440') cmp = pep440Cmp
  }
  const op = OPS[operator]
  if (!op) throw new AnsibleFilterError(`Invalid operator type (${operator}). Must be one of ${Object.keys(OPS).map((t) => pyRepr(t)).join(', ')}`)
  try {
    // Every operator goes through _cmp, which tries == and then <.
    const c = cmp(value, version)
    return { eq: c === 0, ne: c !== 0, lt: c < 0, le: c <= 0, gt: c > 0, ge: c >= 0 }[op]!
  } catch (e) {
    if (e instanceof PyCompareError || e instanceof InvalidVersion) throw new AnsibleFilterError(`Version comparison failed: ${e.message}`)
    throw e
  }
}
