/**
 * Python's `json.dumps` for the values tsible passes around (see values.ts): the separators
 * that depend on `indent`, `sort_keys` in code-point order, `ensure_ascii` escapes, float
 * repr and NaN/Infinity. By default with Ansible's `AnsibleJSONEncoder` (dates as
 * isoformat(), mapping objects such as `hostvars` as dicts), as results, to_json,
 * to_nice_json and tsible-inventory print; `plain` is json's own encoder (Jinja's tojson).
 */
import { PyTypeError } from './errors.js'
import { isLazyMapping } from './lazy-mapping.js'
import { sortCodePoints } from './str.js'
import { TaggedText } from './tagged-text.js'
import { formatFloat, isDict, PyDate, PyFloat, pyTypeName } from './values.js'

export interface DumpsOptions {
  /** `None` (one line) when absent; a number (even 0) or a string puts every item on its own line. */
  indent?: number | string | null
  sortKeys?: boolean
  /** Python's default is true: non-ASCII characters become `\uXXXX`. */
  ensureAscii?: boolean
  /** `[item, key]`; Python's default is `[', ', ': ']`, or `[',', ': ']` with an indent. */
  separators?: [string, string] | null
  /** The nesting level the value starts at (its lines are indented as that deep in a document). */
  level?: number
  /**
   * json.dumps's `default`: what to write for a value the encoder has no rule for, or a
   * throw. Giving the value back (or no `default`) raises Python's TypeError.
   */
  default?: (value: unknown) => unknown
  /** json's own JSONEncoder: no dates, no mappings but dicts (Ansible's extras off). */
  plain?: boolean
  /**
   * AnsibleJSONEncoder's `vault_to_text` (to_json, to_nice_json): `!vault` values as their
   * plaintext; otherwise (results, callbacks) as `{"__ansible_vault": envelope}`.
   */
  vaultToText?: boolean
}

/**
 * JSON text made earlier (with the same options, at the level where it lands), written as
 * is: a value can be encoded once, when it arrives, and its object let go.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Python's TypeError for a value json cannot write. */
function notSerializable(v: unknown): PyTypeError {
  return new PyTypeError(`Object of type ${v instanceof Set ? 'set' : pyTypeName(v)} is not JSON serializable`)
}

export function jsonDumps(value: unknown, o: DumpsOptions = {}): string {
  const indent = o.indent === null || o.indent === undefined ? null : typeof o.indent === 'number' ? ' '.repeat(o.indent) : o.indent
  const [itemSep, keySep] = o.separators ?? (indent === null ? [', ', ': '] : [',', ': '])
  return new Encoder(indent, itemSep, keySep, o.sortKeys ?? false, o.ensureAscii ?? true, o.default, !o.plain, o.vaultToText ?? false).encode(value, o.level ?? 0)
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
    private readonly fallback: ((value: unknown) => unknown) | undefined,
    private readonly ansible: boolean,
    private readonly vaultToText: boolean,
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
    if (v instanceof TaggedText && v.isPlainText) return pyJsonString(v.text, this.ensureAscii)
    if (Array.isArray(v)) return this.list(v, level)
    if (isDict(v) && !isLazyMapping(v)) return this.dict(Object.keys(v), v as Record<string, unknown>, level)
    const extra = this.ansible ? this.ansibleExtra(v, level) : undefined
    if (extra !== undefined) return extra
    if (this.fallback) {
      const replaced = this.fallback(v)
      if (replaced !== v) return this.encode(replaced, level)
    }
    throw notSerializable(v)
  }

  /** AnsibleJSONEncoder.default's types (mappings, dates), or undefined for any other value. */
  private ansibleExtra(v: unknown, level: number): string | undefined {
    if (v instanceof TaggedText) {
      if (this.vaultToText) return pyJsonString(v.text, this.ensureAscii)
      return this.dict([v.jsonKey], { [v.jsonKey]: v.serialized }, level)
    }
    if (isLazyMapping(v)) {
      const obj: Record<string, unknown> = Object.create(null)
      for (const k of v.keys()) obj[k] = v.get(k)
      return this.dict(Object.keys(obj), obj, level)
    }
    if (v instanceof Map) {
      const obj: Record<string, unknown> = Object.create(null)
      for (const [k, x] of v) obj[String(k)] = x
      return this.dict([...v.keys()].map(String), obj, level)
    }
    if (v instanceof Date) return pyJsonString(v.toISOString(), this.ensureAscii)
    if (v instanceof PyDate) return pyJsonString(v.toString(), this.ensureAscii)
    return undefined
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
function pyJsonString(s: string, ensureAscii = true): string {
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
