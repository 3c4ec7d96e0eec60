/** Python's str.strip/lstrip/rstrip without arguments (str.isspace's set of characters). */

const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
  0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
])

export function isPySpace(ch: string): boolean {
  return PY_SPACE.has(ch.charCodeAt(0))
}

export function pyRstrip(s: string): string {
  let end = s.length
  while (end > 0 && PY_SPACE.has(s.charCodeAt(end - 1))) end--
  return s.slice(0, end)
}

export function pyLstrip(s: string): string {
  let start = 0
  while (start < s.length && PY_SPACE.has(s.charCodeAt(start))) start++
  return s.slice(start)
}

export function pyStrip(s: string): string {
  return pyLstrip(pyRstrip(s))
}
