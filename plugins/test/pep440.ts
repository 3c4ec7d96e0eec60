/**
 * PEP 440 versions as `packaging.version.Version` parses and orders them (the `version`
 * test's `version_type='pep440'`): epoch, release without trailing zeros, pre-release,
 * post-release, dev-release and local segment, compared as packaging's `_cmpkey` tuples.
 */

const VERSION = new RegExp(
  '^\\s*v?(?:(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)' +
    '([-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?([0-9]+)?)?' +
    '((?:-([0-9]+))|(?:[-_.]?(post|rev|r)[-_.]?([0-9]+)?))?' +
    '([-_.]?(dev)[-_.]?([0-9]+)?)?)' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
)

/** packaging's Infinity and NegativeInfinity sentinels, ordered around every other value. */
const INF = { inf: 1 } as const
const NEG = { inf: -1 } as const
type Key = number | string | typeof INF | typeof NEG | Key[]

export class InvalidVersion extends Error {}

function cmpKey(v: string): Key[] {
  const m = VERSION.exec(v)
  if (!m) throw new InvalidVersion(`Invalid version: '${v}'`)
  const epoch = m[1] ? Number(m[1]) : 0
  const release = m[2].split('.').map(Number)
  while (release.length > 1 && release[release.length - 1] === 0) release.pop()
  if (release.length === 1 && release[0] === 0) release.pop()
  const preLetter = m[4]?.toLowerCase()
  const pre: Key[] | null = preLetter === undefined ? null : [{ alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' }[preLetter] ?? preLetter, Number(m[5] ?? 0)]
  const post: Key[] | null = m[6] === undefined ? null : ['post', Number(m[7] ?? m[9] ?? 0)]
  const dev: Key[] | null = m[10] === undefined ? null : ['dev', Number(m[12] ?? 0)]
  const local: Key = m[13] === undefined ? NEG : m[13].split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? [Number(p), ''] : [NEG, p.toLowerCase()]))
  const preKey: Key = pre === null && post === null && dev !== null ? NEG : (pre ?? INF)
  return [epoch, release, preKey, post ?? NEG, dev ?? INF, local]
}

function cmp(a: Key, b: Key): number {
  if (typeof a === 'object' && !Array.isArray(a)) return typeof b === 'object' && !Array.isArray(b) && b.inf === a.inf ? 0 : a.inf
  if (typeof b === 'object' && !Array.isArray(b)) return -b.inf
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmp(a[i], b[i])
      if (c !== 0) return c
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
  }
  return a === b ? 0 : (a as number | string) < (b as number | string) ? -1 : 1
}

/** -1, 0 or 1 as packaging orders two PEP 440 versions; InvalidVersion names a bad one. */
export function pep440Cmp(a: string, b: string): number {
  return cmp(cmpKey(a), cmpKey(b))
}
