/** Python's str methods that templates call (`.split()`, `.startswith()`, `.format()`...). */
import { isDict, pyTuple, pyStr, toNumber } from '../../py/values.js'
import { pyCallable, type PyCallable } from './callable.js'
import { pyStrFormat } from './pyformat.js'
import { PyTypeError } from '../../py/errors.js'
import { pyStripChars } from '../../py/str.js'
import { defined } from './strict.js'

const WS = /[\s\u001c-\u001f\u0085]+/

/** Python's str.split: no separator splits on runs of whitespace and drops empty ends. */
export function pySplit(s: string, sep: unknown = null, maxsplit: unknown = -1): string[] {
  const max = toNumber(maxsplit ?? -1)
  if (sep === null || sep === undefined) {
    const out: string[] = []
    let rest = s.replace(/^[\s\u001c-\u001f\u0085]+/, '')
    while (rest.length) {
      if (max >= 0 && out.length === max) {
        out.push(rest)
        break
      }
      const m = WS.exec(rest)
      if (!m) {
        out.push(rest)
        break
      }
      out.push(rest.slice(0, m.index))
      rest = rest.slice(m.index + m[0].length)
    }
    return out
  }
  const sepStr = pyStr(defined(sep))
  if (sepStr === '') throw new Error('ValueError: empty separator')
  const parts = s.split(sepStr)
  if (max < 0 || parts.length <= max + 1) return parts
  return [...parts.slice(0, max), parts.slice(max).join(sepStr)]
}

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  return pyStripChars(s, chars === null || chars === undefined ? null : pyStr(chars), left, right)
}

function affix(s: string, x: unknown, test: (s: string, p: string) => boolean): boolean {
  if (Array.isArray(x)) return x.some((p) => test(s, pyStr(p)))
  if (typeof x !== 'string') throw new PyTypeError(`startswith first arg must be str or a tuple of str, not ${typeof x}`)
  return test(s, x)
}

export function strMethod(s: string, name: string): PyCallable | undefined {
  const m = (fn: (args: unknown[], kwargs: Record<string, unknown>) => unknown) => pyCallable(name, fn)
  switch (name) {
    case 'split':
      return m(([sep, max], kw) => pySplit(s, kw.sep ?? sep, kw.maxsplit ?? max))
    case 'rsplit':
      return m(([sep = null, max = -1]) => {
        const n = toNumber(max)
        if (n < 0 || sep === null) return pySplit(s, sep, n)
        const parts = s.split(pyStr(sep))
        if (parts.length <= n + 1) return parts
        return [parts.slice(0, parts.length - n).join(pyStr(sep)), ...parts.slice(parts.length - n)]
      })
    case 'splitlines':
      return m(([keep]) => {
        const parts = s.split(/(\r\n|\r|\n)/)
        const out: string[] = []
        for (let i = 0; i < parts.length; i += 2) {
          if (i === parts.length - 1 && parts[i] === '') break
          out.push(keep ? parts[i] + (parts[i + 1] ?? '') : parts[i])
        }
        return out
      })
    case 'strip':
      return m(([c]) => strip(s, c, true, true))
    case 'lstrip':
      return m(([c]) => strip(s, c, true, false))
    case 'rstrip':
      return m(([c]) => strip(s, c, false, true))
    case 'startswith':
      return m(([p]) => affix(s, p, (a, b) => a.startsWith(b)))
    case 'endswith':
      return m(([p]) => affix(s, p, (a, b) => a.endsWith(b)))
    case 'replace':
      return m(([a, b, count = -1]) => {
        const n = toNumber(count)
        const parts = s.split(pyStr(a))
        if (n < 0 || parts.length - 1 <= n) return parts.join(pyStr(b))
        return parts.slice(0, n + 1).join(pyStr(b)) + pyStr(a) + parts.slice(n + 1).join(pyStr(a))
      })
    case 'find':
      return m(([sub, start = 0]) => s.indexOf(pyStr(sub), toNumber(start)))
    case 'rfind':
      return m(([sub]) => s.lastIndexOf(pyStr(sub)))
    case 'index':
      return m(([sub]) => {
        const i = s.indexOf(pyStr(sub))
        if (i < 0) throw new Error('ValueError: substring not found')
        return i
      })
    case 'count':
      return m(([sub]) => (pyStr(sub) === '' ? s.length + 1 : s.split(pyStr(sub)).length - 1))
    case 'upper':
      return m(() => s.toUpperCase())
    case 'lower':
      return m(() => s.toLowerCase())
    case 'casefold':
      return m(() => s.toLowerCase())
    case 'capitalize':
      return m(() => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s))
    case 'title':
      return m(() => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_x, p: string, c: string) => p + c.toUpperCase()))
    case 'swapcase':
      return m(() => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''))
    case 'join':
      return m(([items]) => (defined(items) as unknown[]).map((x) => {
        if (typeof x !== 'string') throw new PyTypeError(`sequence item: expected str instance, ${typeof x} found`)
        return x
      }).join(s))
    case 'format':
      return m((args, kwargs) => pyStrFormat(s, args, kwargs))
    case 'isdigit':
    case 'isnumeric':
    case 'isdecimal':
      return m(() => s.length > 0 && /^\d+$/.test(s))
    case 'isalpha':
      return m(() => s.length > 0 && /^\p{L}+$/u.test(s))
    case 'isalnum':
      return m(() => s.length > 0 && /^[\p{L}\d]+$/u.test(s))
    case 'isspace':
      return m(() => s.length > 0 && /^\s+$/.test(s))
    case 'islower':
      return m(() => /[a-z]/.test(s) && s === s.toLowerCase())
    case 'isupper':
      return m(() => /[A-Z]/.test(s) && s === s.toUpperCase())
    case 'zfill':
      return m(([w]) => {
        const sign = /^[-+]/.test(s) ? s[0] : ''
        return sign + s.slice(sign.length).padStart(toNumber(w) - sign.length, '0')
      })
    case 'ljust':
      return m(([w, f = ' ']) => s.padEnd(toNumber(w), pyStr(f)))
    case 'rjust':
      return m(([w, f = ' ']) => s.padStart(toNumber(w), pyStr(f)))
    case 'center':
      return m(([w, f = ' ']) => {
        const gap = Math.max(0, toNumber(w) - s.length)
        const left = Math.floor(gap / 2) + (gap % 2 && s.length % 2 ? 1 : 0)
        return pyStr(f).repeat(left) + s + pyStr(f).repeat(gap - left)
      })
    case 'partition':
      return m(([sep]) => {
        const i = s.indexOf(pyStr(sep))
        return i < 0 ? pyTuple([s, '', '']) : pyTuple([s.slice(0, i), pyStr(sep), s.slice(i + pyStr(sep).length)])
      })
    case 'rpartition':
      return m(([sep]) => {
        const i = s.lastIndexOf(pyStr(sep))
        return i < 0 ? pyTuple(['', '', s]) : pyTuple([s.slice(0, i), pyStr(sep), s.slice(i + pyStr(sep).length)])
      })
    case 'encode':
    case 'decode':
      return m(() => s)
    case 'format_map':
      return m(([mapping]) => pyStrFormat(s, [], isDict(mapping) ? mapping : {}))
  }
  return undefined
}

