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
  const ctx: Ctx = {
    indent: indent === null ? null : ' '.repeat(indent),
    itemSep,
    keySep,
    sortKeys: options.sortKeys ?? false,
    ensureAscii: options.ensureAscii ?? true,
  }
  return encode(value, ctx, 0)
}

interface Ctx {
  indent: string | null
  itemSep: string
  keySep: string
  sortKeys: boolean
  ensureAscii: boolean
}

function encode(v: unknown, ctx: Ctx, level: number): string {
  if (v === null || v === undefined) return 'null'
  if (v === true) return 'true'
  if (v === false) return 'false'
  if (typeof v === 'string') return pyJsonString(v, ctx.ensureAscii)
  if (typeof v === 'number') return Number.isInteger(v) ? intString(v) : floatString(v)
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof PyFloat) return floatString(v.value)
  if (Array.isArray(v)) return container('[', ']', v.map((x) => (lvl: number) => encode(x, ctx, lvl)), ctx, level)
  if (isDict(v) || v instanceof Map) {
    let entries: [string, unknown][] = v instanceof Map ? [...v.entries()].map(([k, x]) => [String(k), x]) : Object.entries(v)
    if (ctx.sortKeys) entries = entries.sort((a, b) => compareCodePoints(a[0], b[0]))
    return container(
      '{',
      '}',
      entries.map(([k, x]) => (lvl: number) => pyJsonString(k, ctx.ensureAscii) + ctx.keySep + encode(x, ctx, lvl)),
      ctx,
      level,
    )
  }
  if (v instanceof Date) return pyJsonString(v.toISOString(), ctx.ensureAscii)
  // Ansible's JSON encoder writes dates as isoformat().
  if (v instanceof PyDate) return pyJsonString(v.toString(), ctx.ensureAscii)
  throw new PyJsonError((v as object).constructor?.name ?? typeof v)
}

function container(open: string, close: string, items: ((level: number) => string)[], ctx: Ctx, level: number): string {
  if (items.length === 0) return open + close
  if (ctx.indent === null) return open + items.map((f) => f(level + 1)).join(ctx.itemSep) + close
  const inner = '\n' + ctx.indent.repeat(level + 1)
  const outer = '\n' + ctx.indent.repeat(level)
  return open + inner + items.map((f) => f(level + 1)).join(ctx.itemSep + inner) + outer + close
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

/** A JSON string literal as Python writes it. */
export function pyJsonString(s: string, ensureAscii = true): string {
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

/** Python's str ordering (by code point), which differs from JS's UTF-16 order above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const ai = a[Symbol.iterator]()
  const bi = b[Symbol.iterator]()
  for (;;) {
    const x = ai.next()
    const y = bi.next()
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!
    if (d !== 0) return d
  }
}
