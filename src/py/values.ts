/**
 * Python value semantics for the JavaScript values tsible passes around.
 *
 * Ansible is a Python program, and its observable output (item labels, rendered
 * templates, `str()` of lists and dicts, truthiness in conditionals) follows Python's
 * rules. tsible keeps plain JavaScript values and applies Python's rules where they
 * become visible:
 *
 * | Python   | JavaScript                                                        |
 * |----------|-------------------------------------------------------------------|
 * | str      | string                                                            |
 * | int      | number with an integral value (bigint is not used)                |
 * | float    | number with a fractional value, or a {@link PyFloat} when integral |
 * | bool     | boolean                                                           |
 * | None     | null                                                              |
 * | list     | array                                                             |
 * | dict     | plain object (insertion order; see the note below)                |
 *
 * Note: a JavaScript object lists integer-like keys first, whatever their insertion
 * order, while a Python dict keeps insertion order. Kolla's data does not rely on
 * integer-like string keys in a significant order, so plain objects are kept.
 */
import { TaggedText } from './tagged-text.js'
import { Undefined } from './undefined.js'

/** A Python float whose value is integral (`1.0`), which a JS number cannot tell from `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value
  }
  toString(): string {
    return formatFloat(this.value)
  }
  toJSON(): number {
    return this.value
  }
}

/** Makes a Python float from a number: integral values are boxed so they keep their type. */
export function pyFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n
}

/** A Python tuple: an array that prints as `(a, b)`. */
export class PyTuple extends Array<unknown> {}

/** Makes a tuple of the given items. */
export function pyTuple(items: Iterable<unknown>): PyTuple {
  const t = new PyTuple()
  for (const i of items) t.push(i)
  return t
}

export type PyDict = Record<string, unknown>

export function isDict(v: unknown): v is PyDict {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v)
}

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v)
}

export function isFloat(v: unknown): v is number | PyFloat {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v))
}

/** int, float or PyFloat (not bool, unlike Python's numbers.Number). */
export function isNumber(v: unknown): v is number | PyFloat {
  return typeof v === 'number' || v instanceof PyFloat
}

/** The numeric value of an int, float, PyFloat or bool. */
export function toNumber(v: unknown): number {
  if (v instanceof PyFloat) return v.value
  if (typeof v === 'boolean') return v ? 1 : 0
  return v as number
}

/** Python's datetime.date, as PyYAML constructs a `2001-12-14` scalar. */
export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}

  /** str(): the ISO form. */
  toString(): string {
    const p = (n: number, w = 2) => String(n).padStart(w, '0')
    return `${p(this.year, 4)}-${p(this.month)}-${p(this.day)}`
  }

  /** JSON (Ansible's encoder writes dates as isoformat()). */
  toJSON(): string {
    return this.toString()
  }
}

/** Python's `type(v).__name__`. */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType'
  if (v instanceof Undefined) return 'AnsibleUndefined'
  switch (typeof v) {
    case 'string':
      return 'str'
    case 'boolean':
      return 'bool'
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float'
  }
  if (v instanceof PyFloat) return 'float'
  if (v instanceof PyTuple) return 'tuple'
  if (v instanceof PyDate) return 'date'
  if (Array.isArray(v)) return 'list'
  if (isDict(v)) return 'dict'
  if (v instanceof TaggedText) return v.pyClass
  return (v as object).constructor?.name ?? 'object'
}

/** A key equal for values a Python set or dict holds as one: 1, 1.0 and True alike. */
export function hashKey(v: unknown): string {
  if (typeof v === 'boolean') return v ? '1' : '0'
  if (isNumber(v)) return String(toNumber(v))
  if (typeof v === 'string') return 's' + v
  return pyRepr(v)
}

/** Python truthiness: empty containers, 0, '' , None and Undefined are false. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false
  if (v === true) return true
  if (typeof v === 'string') return v.length > 0
  if (typeof v === 'number') return v !== 0
  if (v instanceof PyFloat) return v.value !== 0
  if (v instanceof Undefined) return false
  if (Array.isArray(v)) return v.length > 0
  if (v instanceof Map || v instanceof Set) return v.size > 0
  if (isDict(v)) {
    for (const _ in v) return true
    return false
  }
  return true
}

/** Python `==`: numbers compare by value across int/float/bool, containers deeply. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true
  // Tagged text (AnsibleVaultEncryptedUnicode) compares as its plaintext.
  if (a instanceof TaggedText) return pyEq(a.text, b)
  if (b instanceof TaggedText) return pyEq(a, b.text)
  if (a instanceof Undefined || b instanceof Undefined) return false
  const an = isNumber(a) || typeof a === 'boolean'
  const bn = isNumber(b) || typeof b === 'boolean'
  if (an && bn) return toNumber(a) === toNumber(b)
  if (an || bn) return false
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null)
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => pyEq(x, b[i]))
  }
  if (isDict(a)) {
    if (!isDict(b)) return false
    const ak = Object.keys(a)
    if (ak.length !== Object.keys(b).length) return false
    return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEq(a[k], b[k]))
  }
  return false
}

/** Python's `repr()` of a float: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan'
  if (n === Infinity) return 'inf'
  if (n === -Infinity) return '-inf'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(n)
  if (abs >= 1e16 || abs < 1e-4) {
    const [mant, exp] = n.toExponential().split('e')
    const e = Number(exp)
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
  }
  const s = String(n)
  if (s.includes('e')) {
    // JS uses exponent notation below 1e-6 only; Python's range is handled above.
    return n.toFixed(20).replace(/0+$/, '')
  }
  return s.includes('.') ? s : `${s}.0`
}

/**
 * Python's '%.Nf': the double's exact decimal value rounded half to even (JS's toFixed
 * rounds exact ties up: 1.125 gives 1.13 where Python gives 1.12).
 */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf'
  if (Math.abs(x) >= 1e21) return `${BigInt(x)}${digits ? '.' + '0'.repeat(digits) : ''}`
  const exact = Math.abs(x).toFixed(100).replace(/0+$/, '')
  const [int, frac = ''] = exact.split('.')
  if (frac.length <= digits) return (x < 0 || Object.is(x, -0) ? '-' : '') + Math.abs(x).toFixed(digits)
  const keep = frac.slice(0, digits)
  const rest = frac.slice(digits)
  let n = BigInt(int + keep)
  const half = rest[0] > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1)))
  const tie = rest[0] === '5' && !/[1-9]/.test(rest.slice(1))
  if (half || (tie && n % 2n === 1n)) n += 1n
  let str = n.toString().padStart(digits + 1, '0')
  str = digits ? `${str.slice(0, -digits)}.${str.slice(-digits)}` : str
  return (x < 0 ? '-' : '') + str
}

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Python's `repr()` of a str. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of s) {
    const esc = REPR_ESCAPES[ch]
    if (esc) out += esc
    else if (ch === quote) out += `\\${ch}`
    else if (isNonPrintable(ch)) out += escapeCodePoint(ch.codePointAt(0)!)
    else out += ch
  }
  return out + quote
}

function isNonPrintable(ch: string): boolean {
  const cp = ch.codePointAt(0)!
  if (cp < 0x20 || cp === 0x7f) return true
  if (cp >= 0x80 && cp < 0xa0) return true
  if (cp === 0xad) return true
  // Unicode separators and other non-printables that Python escapes.
  return /[\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]|[\p{Zs}]/u.test(ch) && ch !== ' '
}

function escapeCodePoint(cp: number): string {
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`
  return `\\U${cp.toString(16).padStart(8, '0')}`
}

/** Python's `repr()`. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return reprString(v)
  // Tagged text's (AnsibleVaultEncryptedUnicode's) repr is its plaintext's.
  if (v instanceof TaggedText) return reprString(v.text)
  if (v instanceof Undefined) return 'Undefined'
  if (v instanceof PyTuple) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`
  if (v instanceof PyDate) return `datetime.date(${v.year}, ${v.month}, ${v.day})`
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`
  if (isDict(v)) {
    const parts: string[] = []
    for (const k of Object.keys(v)) parts.push(`${reprString(k)}: ${pyRepr(v[k])}`)
    return `{${parts.join(', ')}}`
  }
  return pyStr(v)
}

/** Python's `str()`: what Jinja prints for a value (before Ansible's finalize). */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None'
  switch (typeof v) {
    case 'string':
      return v
    case 'boolean':
      return v ? 'True' : 'False'
    case 'number':
      return Number.isInteger(v) ? intToString(v) : formatFloat(v)
  }
  if (v instanceof PyFloat) return formatFloat(v.value)
  if (v instanceof Undefined) return ''
  if (Array.isArray(v) || isDict(v)) return pyRepr(v)
  if (v instanceof Set) return v.size ? `{${[...v].map(pyRepr).join(', ')}}` : 'set()'
  return String(v)
}

function intToString(n: number): string {
  // Avoid JS's exponent form for large integral values (Python prints all digits).
  return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString()
}
