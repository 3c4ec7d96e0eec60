/**
 * Python's `ast.literal_eval` for the text Ansible converts back after templating
 * (ansible_eval_concat): strings, numbers, True/False/None (and JSON's true/false/null),
 * lists, tuples, dicts, sets, unary +/-. Anything else is not a literal.
 */
import { PyFloat, pyTuple } from './values.js'

class NotALiteral extends Error {}

export function literalEval(text: string): unknown {
  const p = new LiteralParser(text)
  p.ws()
  const v = p.value()
  p.ws()
  if (!p.done()) throw new NotALiteral('trailing text')
  return v
}

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null }
const ESC: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' }

class LiteralParser {
  private i = 0
  constructor(private readonly s: string) {}

  done(): boolean {
    return this.i >= this.s.length
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++
  }

  private eat(c: string): boolean {
    this.ws()
    if (this.s[this.i] === c) {
      this.i++
      return true
    }
    return false
  }

  value(): unknown {
    this.ws()
    const c = this.s[this.i]
    if (c === undefined) throw new NotALiteral('unexpected end')
    if (c === '[') return this.seq('[', ']')
    if (c === '(') {
      const items = this.seq('(', ')', true)
      return items
    }
    if (c === '{') return this.mapping()
    if (c === "'" || c === '"') return this.strings()
    if (c === '-' || c === '+') {
      this.i++
      const v = this.value()
      if (typeof v === 'number') return c === '-' ? -v : v
      if (v instanceof PyFloat) return new PyFloat(c === '-' ? -v.value : v.value)
      throw new NotALiteral('bad unary')
    }
    if (/[0-9.]/.test(c)) return this.number()
    const m = /^[A-Za-z_]\w*/.exec(this.s.slice(this.i))
    if (m && m[0] in NAMES) {
      this.i += m[0].length
      return NAMES[m[0]]
    }
    throw new NotALiteral(`unexpected ${c}`)
  }

  private seq(open: string, close: string, tuple = false): unknown {
    this.i++
    const items: unknown[] = []
    let comma = false
    for (;;) {
      if (this.eat(close)) break
      if (items.length) {
        if (!this.eat(',')) throw new NotALiteral('expected ,')
        comma = true
        if (this.eat(close)) break
      }
      items.push(this.value())
    }
    if (!tuple) return items
    if (items.length === 1 && !comma) return items[0]
    return pyTuple(items)
  }

  private mapping(): unknown {
    this.i++
    const out: Record<string, unknown> = {}
    let first = true
    let isSet = false
    const setItems: unknown[] = []
    for (;;) {
      if (this.eat('}')) break
      if (!first) {
        if (!this.eat(',')) throw new NotALiteral('expected ,')
        if (this.eat('}')) break
      }
      const key = this.value()
      if (first && !this.eatPeek(':')) isSet = true
      first = false
      if (isSet) {
        setItems.push(key)
        continue
      }
      if (!this.eat(':')) throw new NotALiteral('expected :')
      const k = typeof key === 'string' ? key : key === null ? 'None' : key === true ? 'True' : key === false ? 'False' : String(key)
      out[k] = this.value()
    }
    return isSet ? new Set(setItems) : out
  }

  private eatPeek(c: string): boolean {
    this.ws()
    return this.s[this.i] === c
  }

  private strings(): string {
    let out = ''
    do {
      out += this.string()
      this.ws()
    } while (this.s[this.i] === "'" || this.s[this.i] === '"')
    return out
  }

  private string(): string {
    const q = this.s[this.i]
    const triple = this.s.startsWith(q.repeat(3), this.i)
    const end = triple ? q.repeat(3) : q
    this.i += end.length
    let out = ''
    for (;;) {
      if (this.i >= this.s.length) throw new NotALiteral('unterminated string')
      if (this.s.startsWith(end, this.i)) {
        this.i += end.length
        return out
      }
      const c = this.s[this.i]
      if (c === '\n' && !triple) throw new NotALiteral('newline in string')
      if (c !== '\\') {
        out += c
        this.i++
        continue
      }
      const e = this.s[this.i + 1]
      if (e in ESC) {
        out += ESC[e]
        this.i += 2
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8
        const hex = this.s.slice(this.i + 2, this.i + 2 + len)
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new NotALiteral('bad escape')
        out += String.fromCodePoint(parseInt(hex, 16))
        this.i += 2 + len
      } else if (/[0-7]/.test(e)) {
        const m = /^[0-7]{1,3}/.exec(this.s.slice(this.i + 1))!
        out += String.fromCharCode(parseInt(m[0], 8))
        this.i += 1 + m[0].length
      } else {
        out += `\\${e}`
        this.i += 2
      }
    }
  }

  private number(): unknown {
    const m = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|\d[\d_]*\.)[jJ]?/.exec(this.s.slice(this.i))
    if (!m || m[0] === '') throw new NotALiteral('bad number')
    const t = m[0].replace(/_/g, '')
    this.i += m[0].length
    if (/[jJ]$/.test(t)) throw new NotALiteral('complex')
    if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16)
    if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8)
    if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2)
    if (/[.eE]/.test(t)) {
      const n = Number(t)
      return Number.isInteger(n) ? new PyFloat(n) : n
    }
    if (/^0\d/.test(t)) throw new NotALiteral('leading zero')
    return Number(t)
  }
}
