/** Python's str semantics that JavaScript's strings lack: whitespace and ordering. */

/** str.isspace's characters (Unicode White_Space plus the ASCII separators U+001C..U+001F). */
const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

/** str.rstrip() without arguments. */
export function pyRstrip(s: string): string {
  let end = s.length
  while (end > 0 && PY_SPACE.has(s.charCodeAt(end - 1))) end--
  return s.slice(0, end)
}

/** str.lstrip() without arguments. */
export function pyLstrip(s: string): string {
  let start = 0
  while (start < s.length && PY_SPACE.has(s.charCodeAt(start))) start++
  return s.slice(start)
}

/** str.strip() without arguments. */
export function pyStrip(s: string): string {
  return pyLstrip(pyRstrip(s))
}

/** str.strip/lstrip/rstrip(chars): the given characters, or whitespace when chars is None. */
export function pyStripChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  if (chars === null) {
    if (left) s = pyLstrip(s)
    return right ? pyRstrip(s) : s
  }
  const set = new Set(Array.from(chars))
  const a = Array.from(s)
  let i = 0
  let j = a.length
  if (left) while (i < j && set.has(a[i])) i++
  if (right) while (j > i && set.has(a[j - 1])) j--
  return a.slice(i, j).join('')
}

/** Python's str ordering (by code point), which differs from JS's UTF-16 order above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) - codePointRank(y)
  }
  return a.length - b.length
}

/** Sorts strings by code point (Python's order) in place. */
export function sortCodePoints(keys: string[]): string[] {
  // UTF-16 order is code-point order unless a surrogate meets a character above them.
  return keys.some(hasHighUnit) ? keys.sort(compareCodePoints) : keys.sort()
}

function hasHighUnit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return true
  return false
}

/** Orders UTF-16 units as the code points they start: surrogates above U+E000-U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit
}
