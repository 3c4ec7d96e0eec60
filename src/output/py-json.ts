/**
 * Python's `json.dumps` for the values tsible passes around (see src/py/values.ts), so
 * that results print exactly as Ansible prints them: separators that depend on
 * `indent`, `sort_keys` in code-point order, `ensure_ascii` escapes, float repr.
 */
import { formatFloat, isDict, PyDate, PyFloat } from '../py/values.js'

export interface PyJsonOptions {
  /** `None` (one line) when absent; a number (even 0) puts every item on its own line. */
  indent?: number | null
  sortKeys?: boolean
  /** Python's default is true: non-ASCII characters become `\uXXXX`. */
  ensureAscii?: boolean
  /** `[item, key]`; Python's default is `[', ', ': ']`, or `[',', ': ']` with an indent. */
  separators?: [string, string]
  /** The nesting level the value starts at (its lines are indented as that deep in a document). */
  level?: number
}

/**
 * JSON text made earlier (with the same options, at the level where it lands), written as
 * is: a value can be encoded once, when it arrives, and its object let go.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Raised for a value Python's encoder would refuse ("Object of type X is not JSON serializable"). */
export class PyJsonError extends TypeError {
  constructor(what: string) {
    super(`Object of type ${what} is not JSON serializable`)
    this.name = 'PyJsonError'
  }
}

export function pyJsonDumps(value: unknown, options: PyJsonOptions = {}): string {
  const indent = options.indent ?? null
  const [itemSep, keySep] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': '])
  return new Encoder(indent === null ? null : ' '.repeat(indent), itemSep, keySep, options.sortKeys ?? false, options.ensureAscii ?? true).encode(value, options.level ?? 0)
}

/** json.dumps's encoder, writing into one string (V8 concatenation is cheap). */
class Encoder {
  /** The newline and indentation before an item at each level, built once per level. */
  private readonly breaks: string[] = []

  constructor(
    private readonly indent: string | null,
    private readonly itemSep: string,
    private readonly keySep: string,
    private readonly sortKeys: boolean,
    private readonly ensureAscii: boolean,
  ) {}

  encode(v: unknown, level: number): string {
    if (v === null || v === undefined) return 'null'
    if (v === true) return 'true'
    if (v === false) return 'false'
    if (typeof v === 'string') return pyJsonString(v, this.ensureAscii)
    if (typeof v === 'number') return Number.isInteger(v) ? intString(v) : floatString(v)
    if (typeof v === 'bigint') return v.toString()
    if (v instanceof PyFloat) return floatString(v.value)
    if (v instanceof RawJson) return v.text
    if (Array.isArray(v)) return this.list(v, level)
    if (isDict(v)) return this.dict(Object.keys(v), v as Record<string, unknown>, level)
    if (v instanceof Map) {
      const obj: Record<string, unknown> = Object.create(null)
      for (const [k, x] of v) obj[String(k)] = x
      return this.dict([...v.keys()].map(String), obj, level)
    }
    if (v instanceof Date) return pyJsonString(v.toISOString(), this.ensureAscii)
    // Ansible's JSON encoder writes dates as isoformat().
    if (v instanceof PyDate) return pyJsonString(v.toString(), this.ensureAscii)
    throw new PyJsonError((v as object).constructor?.name ?? typeof v)
  }

  private list(v: readonly unknown[], level: number): string {
    if (v.length === 0) return '[]'
    const sep = this.separator(level + 1)
    let out = '[' + (this.indent === null ? '' : this.lineBreak(level + 1))
    for (let i = 0; i < v.length; i++) out += (i ? sep : '') + this.encode(v[i], level + 1)
    return out + (this.indent === null ? '' : this.lineBreak(level)) + ']'
  }

  private dict(keys: string[], v: Record<string, unknown>, level: number): string {
    if (keys.length === 0) return '{}'
    if (this.sortKeys) sortCodePoints(keys)
    const sep = this.separator(level + 1)
    let out = '{' + (this.indent === null ? '' : this.lineBreak(level + 1))
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!
      out += (i ? sep : '') + pyJsonString(k, this.ensureAscii) + this.keySep + this.encode(v[k], level + 1)
    }
    return out + (this.indent === null ? '' : this.lineBreak(level)) + '}'
  }

  private separator(level: number): string {
    return this.indent === null ? this.itemSep : this.itemSep + this.lineBreak(level)
  }

  private lineBreak(level: number): string {
    return (this.breaks[level] ??= '\n' + this.indent!.repeat(level))
  }
}

function intString(n: number): string {
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString()
}

/** float.__repr__, with json's spellings of the non-finite values. */
function floatString(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return formatFloat(n)
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** Printable ASCII without `"` and `\`: written as is by both of Python's escapers. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/
/** What Python escapes with ensure_ascii=False (JSON.stringify escapes the same, same spelling). */
const NEEDS_ESCAPE = /["\\\x00-\x1f]/
const LONE_SURROGATE = /\p{Cs}/u

/** A JSON string literal as Python writes it. */
export function pyJsonString(s: string, ensureAscii = true): string {
  if (PLAIN_ASCII.test(s)) return '"' + s + '"'
  // JSON.stringify differs from Python only on lone surrogates (it escapes them).
  if (!ensureAscii && !LONE_SURROGATE.test(s)) return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"'
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    const code = s.charCodeAt(i)
    const esc = ESCAPES[ch]
    if (esc) out += esc
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) {
      // UTF-16 code units are exactly the \u escapes Python writes (surrogate pairs for astral).
      out += '\\u' + code.toString(16).padStart(4, '0')
    } else out += ch
  }
  return out + '"'
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

/** Orders UTF-16 units as the code points they start: surrogates above U+E000-U+FFFF. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit
}
