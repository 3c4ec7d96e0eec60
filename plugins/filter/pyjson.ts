/**
 * Python's `json.dumps` / `json.loads` as Ansible's to_json/to_nice_json/from_json see
 * them: `', '`/`': '` separators (`','` once indented), `ensure_ascii` escapes,
 * `sort_keys`, float repr, NaN/Infinity; loads keeps floats as floats.
 */
import { isDict, formatFloat, PyFloat, pyFloat, pyTypeName, pyStr } from '../../src/py/values.js'
import { isUndefined } from '../../src/py/undefined.js'
import { isLazyMapping } from '../../src/template/types.js'
import { defined } from '../../src/template/runtime/strict.js'
import { PyTypeError } from '../../src/template/runtime/ops.js'
import { VaultText } from '../../src/yaml/tagged.js'

export interface DumpsOptions {
  indent?: number | string | null
  sortKeys?: boolean
  ensureAscii?: boolean
  separators?: [string, string] | null
}

function quote(s: string, ensureAscii: boolean): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\b') out += '\\b'
    else if (ch === '\f') out += '\\f'
    else if (cp < 0x20 || (ensureAscii && cp > 0x7e)) {
      if (cp > 0xffff) {
        const v = cp - 0x10000
        out += `\\u${(0xd800 + (v >> 10)).toString(16)}\\u${(0xdc00 + (v & 0x3ff)).toString(16)}`
      } else out += `\\u${cp.toString(16).padStart(4, '0')}`
    } else out += ch
  }
  return out + '"'
}

function floatStr(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return formatFloat(n)
}

function keyStr(k: string): string {
  return k
}

export function jsonDumps(value: unknown, o: DumpsOptions = {}): string {
  const ensureAscii = o.ensureAscii ?? true
  const indent = o.indent === null || o.indent === undefined ? null : typeof o.indent === 'number' ? ' '.repeat(o.indent) : o.indent
  const [itemSep, keySep] = o.separators ?? (indent === null ? [', ', ': '] : [',', ': '])
  const enc = (v: unknown, level: number): string => {
    v = defined(v)
    if (v === null || v === undefined) return 'null'
    if (v === true) return 'true'
    if (v === false) return 'false'
    if (typeof v === 'string') return quote(v, ensureAscii)
    // to_json's encoder writes `!vault` values as their plaintext (vault_to_text).
    if (v instanceof VaultText) return quote(v.text, ensureAscii)
    if (typeof v === 'number') return Number.isInteger(v) ? pyStr(v) : floatStr(v)
    if (v instanceof PyFloat) return floatStr(v.value)
    let entries: [string | null, unknown][]
    let open: string
    let close: string
    if (Array.isArray(v)) {
      entries = v.map((x) => [null, x])
      ;[open, close] = ['[', ']']
    } else if (isDict(v) || isLazyMapping(v)) {
      const keys = isLazyMapping(v) ? v.keys() : Object.keys(v)
      const get = (k: string) => (isLazyMapping(v) ? v.get(k) : (v as Record<string, unknown>)[k])
      const ks = o.sortKeys ? [...keys].sort() : keys
      entries = ks.map((k) => [keyStr(k), get(k)])
      ;[open, close] = ['{', '}']
    } else if (v instanceof Set) {
      throw new PyTypeError('Object of type set is not JSON serializable')
    } else if (isUndefined(v)) {
      throw new PyTypeError('Object of type AnsibleUndefined is not JSON serializable')
    } else throw new PyTypeError(`Object of type ${pyTypeName(v)} is not JSON serializable`)
    if (entries.length === 0) return open + close
    const parts = entries.map(([k, x]) => (k === null ? '' : quote(k, ensureAscii) + keySep) + enc(x, level + 1))
    if (indent === null) return open + parts.join(itemSep) + close
    const pad = '\n' + indent.repeat(level + 1)
    return open + pad + parts.join(itemSep + pad) + '\n' + indent.repeat(level) + close
  }
  return enc(value, 0)
}

/** json.JSONDecodeError, with Python's message and position. */
export class JSONDecodeError extends Error {
  readonly pyClass = 'JSONDecodeError'
  constructor(msg: string, doc: string, pos: number) {
    const before = doc.slice(0, pos)
    const line = before.split('\n').length
    const col = pos - (before.lastIndexOf('\n') + 1) + 1
    super(`${msg}: line ${line} column ${col} (char ${pos})`)
    this.name = 'JSONDecodeError'
  }
}

const WS = /[ \t\n\r]*/y

/** json.loads. */
export function jsonLoads(s: string): unknown {
  let i = 0
  const ws = () => {
    WS.lastIndex = i
    WS.exec(s)
    i = WS.lastIndex
  }
  const fail = (msg: string, pos = i): never => {
    throw new JSONDecodeError(msg, s, pos)
  }
  const str = (): string => {
    const start = i
    i++
    let out = ''
    for (;;) {
      const ch = s[i]
      if (ch === undefined) fail('Unterminated string starting at', start)
      if (ch === '"') {
        i++
        return out
      }
      if (ch === '\\') {
        const n = s[i + 1]
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
        if (n === 'u') {
          const h = s.slice(i + 2, i + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(h)) fail('Invalid \\uXXXX escape', i + 1)
          out += String.fromCharCode(parseInt(h, 16))
          i += 6
        } else if (n !== undefined && map[n] !== undefined) {
          out += map[n]
          i += 2
        } else fail('Invalid \\escape', i)
        continue
      }
      if (ch.charCodeAt(0) < 0x20) fail('Invalid control character at', i)
      out += ch
      i++
    }
  }
  const value = (): unknown => {
    const ch = s[i]
    if (ch === '"') return str()
    if (ch === '{') {
      i++
      const out: Record<string, unknown> = {}
      ws()
      if (s[i] === '}') {
        i++
        return out
      }
      for (;;) {
        if (s[i] !== '"') fail('Expecting property name enclosed in double quotes')
        const k = str()
        ws()
        if (s[i] !== ':') fail("Expecting ':' delimiter")
        i++
        ws()
        out[k] = value()
        ws()
        if (s[i] === '}') {
          i++
          return out
        }
        if (s[i] !== ',') fail("Expecting ',' delimiter")
        i++
        ws()
        if (s[i] !== '"') fail('Expecting property name enclosed in double quotes')
      }
    }
    if (ch === '[') {
      i++
      const out: unknown[] = []
      ws()
      if (s[i] === ']') {
        i++
        return out
      }
      for (;;) {
        ws()
        out.push(value())
        ws()
        if (s[i] === ']') {
          i++
          return out
        }
        if (s[i] !== ',') fail("Expecting ',' delimiter")
        i++
      }
    }
    for (const [word, v] of [
      ['null', null],
      ['true', true],
      ['false', false],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
    ] as const) {
      if (s.startsWith(word, i)) {
        i += word.length
        return v
      }
    }
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y
    m.lastIndex = i
    const r = m.exec(s)
    if (r) {
      i = m.lastIndex
      return r[1] || r[2] ? pyFloat(Number(r[0])) : Number(r[0])
    }
    return fail('Expecting value')
  }
  ws()
  const v = value()
  ws()
  if (i < s.length) fail('Extra data')
  return v
}
