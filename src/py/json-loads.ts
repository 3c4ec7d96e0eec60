/** Python's `json.loads`: its error messages and positions, and floats kept as floats. */
import { pyFloat } from './values.js'

/** json.JSONDecodeError, with Python's message and position. */
class JSONDecodeError extends Error {
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
