/**
 * Python's `re` on JavaScript's RegExp: a pattern written for Python (named groups
 * `(?P<n>...)`, `\A`/`\Z`, `$` before a final newline, `.` not matching only `\n`, Unicode
 * `\d`/`\w`/`\s`, lone braces as literals, any punctuation escapable) is translated to an
 * equivalent `u`-flag RegExp, and `re.sub`'s replacement template (`\1`, `\g<name>`,
 * `\n`) is applied as Python does.
 */
import { pyTuple } from './values.js'

/** Python's `re.error` (printed as `error: ...`). */
class PyReError extends Error {
  readonly pyClass = 'error'
  constructor(message: string) {
    super(message)
    this.name = 'error'
  }
}

export interface PyFlags {
  ignorecase?: boolean
  multiline?: boolean
  dotall?: boolean
}

const SYNTAX = '^$\\.*+?()[]{}|/'
const CLASS_SYNTAX = '\\]^-['

function lit(ch: string, inClass: boolean): string {
  if ((inClass ? CLASS_SYNTAX : SYNTAX).includes(ch)) return `\\${ch}`
  const cp = ch.codePointAt(0)!
  if (cp < 0x20 || cp === 0x7f) return `\\u{${cp.toString(16)}}`
  return ch
}

/** Python's Unicode \w (str.isalnum() or '_'); JS's \b and \w are ASCII-only even with 'u'. */
const WORD = '[\\p{L}\\p{N}_]'

const ESC: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }

/** Translates a Python pattern; returns the JS source and flags. */
function translate(pattern: string, flags: PyFlags = {}): { source: string; flags: string; groups: number; names: string[] } {
  let ignorecase = !!flags.ignorecase
  let multiline = !!flags.multiline
  let dotall = !!flags.dotall
  // Global inline flags at the start: (?i), (?m), (?s), (?x is not supported).
  let p = pattern
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(p)
    if (!m) break
    if (m[1].includes('i')) ignorecase = true
    if (m[1].includes('m')) multiline = true
    if (m[1].includes('s')) dotall = true
    p = p.slice(m[0].length)
  }
  let out = ''
  let inClass = false
  let classStart = false
  let groups = 0
  const names: string[] = []
  let depth = 0
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]
    if (ch === '\\') {
      const n = p[i + 1]
      if (n === undefined) throw new PyReError(`bad escape (end of pattern) at position ${i}`)
      i++
      classStart = false
      if (ESC[n] !== undefined && !(n === 'b' && !inClass)) {
        out += lit(ESC[n], inClass)
      } else if (n === 'd') out += inClass ? '\\p{Nd}' : '\\p{Nd}'
      else if (n === 'D') out += inClass ? '\\P{Nd}' : '\\P{Nd}'
      else if (n === 'w') out += inClass ? '\\p{L}\\p{N}_' : '[\\p{L}\\p{N}_]'
      else if (n === 'W') out += inClass ? '\\W' : '[^\\p{L}\\p{N}_]'
      else if (n === 's') out += inClass ? '\\s' : '\\s'
      else if (n === 'S') out += '\\S'
      else if (n === 'b') out += `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`
      else if (n === 'B') out += `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`
      else if (n === 'A') out += inClass ? 'A' : '(?<![\\s\\S])'
      else if (n === 'Z') out += inClass ? 'Z' : '(?![\\s\\S])'
      else if (n === 'x') {
        const h = p.slice(i + 1, i + 3)
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new PyReError(`incomplete escape \\x${h} at position ${i - 1}`)
        out += lit(String.fromCodePoint(parseInt(h, 16)), inClass)
        i += 2
      } else if (n === 'u' || n === 'U') {
        const len = n === 'u' ? 4 : 8
        const h = p.slice(i + 1, i + 1 + len)
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw new PyReError(`incomplete escape \\${n}${h} at position ${i - 1}`)
        out += lit(String.fromCodePoint(parseInt(h, 16)), inClass)
        i += len
      } else if (n === '0') {
        let oct = '0'
        while (oct.length < 3 && /[0-7]/.test(p[i + 1] ?? '')) oct += p[++i]
        out += lit(String.fromCodePoint(parseInt(oct, 8)), inClass)
      } else if (/[1-9]/.test(n)) {
        if (inClass) throw new PyReError(`bad escape \\${n} at position ${i - 1}`)
        let num = n
        if (/[0-9]/.test(p[i + 1] ?? '')) num += p[++i]
        if (Number(num) > groups) throw new PyReError(`invalid group reference ${num} at position ${i - num.length}`)
        out += `(?:\\${num})`
      } else if (/[a-zA-Z]/.test(n)) {
        throw new PyReError(`bad escape \\${n} at position ${i - 1}`)
      } else out += lit(n, inClass)
      continue
    }
    if (inClass) {
      if (ch === ']' && !classStart) {
        inClass = false
        out += ']'
      } else if (ch === '[') out += '\\['
      else if (ch === '^' && classStart && out.endsWith('[')) {
        out += '^'
        continue
      } else out += ch === ']' ? '\\]' : lit(ch, true).replace(/^\\-$/, '-')
      classStart = false
      continue
    }
    switch (ch) {
      case '[':
        inClass = true
        classStart = true
        out += '['
        if (p[i + 1] === '^') {
          out += '^'
          i++
        }
        break
      case '(':
        depth++
        if (p[i + 1] === '?') {
          const rest = p.slice(i + 2)
          let m: RegExpExecArray | null
          if ((m = /^P<([A-Za-z_]\w*)>/.exec(rest))) {
            groups++
            names.push(m[1])
            out += `(?<${m[1]}>`
            i += 1 + m[0].length
          } else if ((m = /^P=([A-Za-z_]\w*)\)/.exec(rest))) {
            out += `\\k<${m[1]}>`
            depth--
            i += 1 + m[0].length
          } else if (/^[:=!]/.test(rest) || /^<[=!]/.test(rest)) {
            const len = rest[0] === '<' ? 2 : 1
            out += `(?${rest.slice(0, len)}`
            i += 1 + len
          } else if (rest.startsWith('#')) {
            const end = p.indexOf(')', i)
            depth--
            i = end < 0 ? p.length : end
          } else if ((m = /^([aiLmsux]+)\)/.exec(rest))) {
            throw new PyReError(`global flags not at the start of the expression at position ${i}`)
          } else throw new PyReError(`unknown extension ?${rest[0] ?? ''} at position ${i + 1}`)
        } else {
          groups++
          out += '('
        }
        break
      case ')':
        if (depth === 0) throw new PyReError(`unbalanced parenthesis at position ${i}`)
        depth--
        out += ')'
        break
      case '.':
        out += dotall ? '[\\s\\S]' : '[^\\n]'
        break
      case '^':
        out += multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])'
        break
      case '$':
        out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))'
        break
      case '{': {
        const m = /^\{(\d*)(,(\d*))?\}/.exec(p.slice(i))
        if (m && (m[1] !== '' || m[2] !== undefined)) {
          out += m[1] === '' ? `{0${m[2]}}` : m[0]
          i += m[0].length - 1
          if (p[i + 1] === '?') {
            out += '?'
            i++
          }
        } else out += '\\{'
        break
      }
      case '}':
        out += '\\}'
        break
      case '*':
      case '+':
      case '?': {
        const prev = out.slice(-1)
        if (out === '' || prev === '(' || prev === '|') throw new PyReError(`nothing to repeat at position ${i}`)
        out += ch
        break
      }
      default:
        out += ch === '|' ? '|' : lit(ch, false)
    }
    classStart = false
  }
  if (inClass) throw new PyReError(`unterminated character set at position ${p.lastIndexOf('[')}`)
  if (depth > 0) throw new PyReError(`missing ), unterminated subpattern at position ${p.lastIndexOf('(')}`)
  return { source: out, flags: 'u' + (ignorecase ? 'i' : ''), groups, names }
}

export class PyRegex {
  readonly re: RegExp
  readonly source: string
  readonly groups: number
  readonly names: string[]
  constructor(pattern: string, flags: PyFlags = {}) {
    const t = translate(pattern, flags)
    try {
      this.re = new RegExp(t.source, t.flags + 'g')
    } catch (e) {
      throw new PyReError((e as Error).message)
    }
    this.source = t.source
    this.groups = t.groups
    this.names = t.names
  }

  /** re.search: the first match or null. */
  search(s: string): RegExpExecArray | null {
    this.re.lastIndex = 0
    return this.re.exec(s)
  }

  /** re.match: a match at position 0. */
  match(s: string): RegExpExecArray | null {
    const m = this.search(s)
    // A sticky retry keeps alternatives that match later from hiding one at 0.
    if (m && m.index === 0) return m
    const sticky = new RegExp(this.re.source, this.re.flags.replace('g', '') + 'y')
    return sticky.exec(s)
  }

  /**
   * Every match, as Python 3.7+ iterates them: after an empty match at i, a non-empty match
   * starting at i is still tried (JS would move on to i + 1).
   */
  all(s: string): RegExpExecArray[] {
    const out: RegExpExecArray[] = []
    const re = this.re
    re.lastIndex = 0
    for (;;) {
      const m = re.exec(s)
      if (!m) break
      out.push(m)
      const i = m.index
      if (m[0] !== '') continue
      const alt = new RegExp(`(?:${this.source})(?<=^[\\s\\S]{${Array.from(s.slice(0, i)).length + 1},})`, this.re.flags.replace('g', '') + 'y')
      alt.lastIndex = i
      const n = alt.exec(s)
      if (n) {
        out.push(n)
        re.lastIndex = alt.lastIndex
      } else {
        if (i >= s.length) break
        re.lastIndex = i + (s.codePointAt(i)! > 0xffff ? 2 : 1)
      }
    }
    return out
  }

  findall(s: string): unknown[] {
    return this.all(s).map((m) => {
      if (this.groups === 0) return m[0]
      if (this.groups === 1) return m[1] ?? ''
      return pyTuple(m.slice(1).map((g) => g ?? ''))
    })
  }

  sub(s: string, replacement: string, count = 0): string {
    const parts = parseTemplate(replacement, this)
    let out = ''
    let last = 0
    let n = 0
    for (const m of this.all(s)) {
      if (count > 0 && n >= count) break
      n++
      out += s.slice(last, m.index)
      out += parts.map((part) => (typeof part === 'string' ? part : (typeof part.g === 'number' ? m[part.g] : m.groups?.[part.g]) ?? '')).join('')
      last = m.index + m[0].length
    }
    return out + s.slice(last)
  }

  /** The value of a group (by number or name) of a match; undefined groups give null. */
  group(m: RegExpExecArray, g: number | string): string | null {
    if (typeof g === 'number') {
      if (g < 0 || g > this.groups) throw new PyReError('no such group')
      return m[g] ?? null
    }
    if (/^\d+$/.test(g)) return this.group(m, Number(g))
    if (!this.names.includes(g)) throw new PyReError('no such group')
    return m.groups?.[g] ?? null
  }
}

type TemplatePart = string | { g: number | string }

/** re.sub's template: `\1`..`\99`, `\g<n>`/`\g<name>`, Python escapes; unknown ASCII-letter escapes fail. */
function parseTemplate(t: string, re: PyRegex): TemplatePart[] {
  const out: TemplatePart[] = []
  let lit = ''
  const flush = () => {
    if (lit) out.push(lit)
    lit = ''
  }
  for (let i = 0; i < t.length; i++) {
    const ch = t[i]
    if (ch !== '\\') {
      lit += ch
      continue
    }
    const n = t[i + 1]
    if (n === undefined) throw new PyReError(`bad escape (end of pattern) at position ${i}`)
    i++
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(t.slice(i + 1))
      if (!m) throw new PyReError(`missing < at position ${i + 1}`)
      const name = m[1]
      let g: number | string
      if (/^\d+$/.test(name)) {
        g = Number(name)
        if (g > re.groups) throw new PyReError(`invalid group reference ${g} at position ${i + 2}`)
      } else {
        if (!re.names.includes(name)) throw new Error(`unknown group name '${name}'`)
        g = name
      }
      flush()
      out.push({ g })
      i += m[0].length
    } else if (n === '0') {
      let oct = '0'
      while (oct.length < 3 && /[0-7]/.test(t[i + 1] ?? '')) oct += t[++i]
      lit += String.fromCodePoint(parseInt(oct, 8))
    } else if (/[1-9]/.test(n)) {
      let num = n
      if (/[0-9]/.test(t[i + 1] ?? '')) {
        if (/[0-7]/.test(n) && /[0-7]/.test(t[i + 1]) && /[0-7]/.test(t[i + 2] ?? '')) {
          lit += String.fromCodePoint(parseInt(t.slice(i, i + 3), 8))
          i += 2
          continue
        }
        num += t[++i]
      }
      if (Number(num) > re.groups) throw new PyReError(`invalid group reference ${num} at position ${i - num.length + 1}`)
      flush()
      out.push({ g: Number(num) })
    } else if (ESC[n] !== undefined) lit += ESC[n]
    else if (n === '\\') lit += '\\'
    else if (/[a-zA-Z]/.test(n)) throw new PyReError(`bad escape \\${n} at position ${i - 1}`)
    else lit += `\\${n}`
  }
  flush()
  return out
}

const RE_ESCAPE = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')

/** Python 3.7+'s re.escape. */
export function reEscape(s: string): string {
  let out = ''
  for (const ch of s) out += RE_ESCAPE.has(ch) ? `\\${ch}` : ch
  return out
}
