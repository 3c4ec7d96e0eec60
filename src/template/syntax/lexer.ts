/**
 * nunjucks's tokenizer, with Jinja2's string literals: Python escape rules (an unknown
 * escape keeps its backslash, `\xNN` and `\uNNNN` decode), so `'\.'` stays a backslash
 * and a dot as Jinja2 reads it. Numbers it splits oddly (`0.` after a dot, `1_000`) are
 * repaired by the parser, which sees the whole token stream.
 */
import njLexer from 'nunjucks/src/lexer.js'

export interface Token {
  type: string
  value: string
  lineno: number
  colno: number
}

export interface TokenStream {
  nextToken(): Token | null
  tags: Record<string, string>
  [k: string]: unknown
}

export interface LexOptions {
  trimBlocks?: boolean
  lstripBlocks?: boolean
  tags?: {
    blockStart?: string
    blockEnd?: string
    variableStart?: string
    variableEnd?: string
    commentStart?: string
    commentEnd?: string
  }
}

const SIMPLE: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
  '\n': '',
}

interface RawTokenizer {
  str: string
  index: number
  forward(): void
  current(): string
  isFinished(): boolean
  _parseString(delimiter: string): string
}

const OPEN = new Set(['left-paren', 'left-bracket', 'left-curly'])
const CLOSE = new Set(['right-paren', 'right-bracket', 'right-curly'])
const DELIMITER: Record<string, string> = { '}': 'right-curly', ')': 'right-paren', ']': 'right-bracket' }

/**
 * Jinja2's lexer matches a variable or block end only while brackets are balanced
 * (`{{ {'a': {'b': 1}} }}`): inside an open bracket, `}}` or `%}` are operators. nunjucks's
 * tokenizer ends the tag there, so such an end is taken back and its first character
 * becomes a token of its own.
 */
function balanced(t: RawTokenizer & TokenStream & Position): () => Token | null {
  const next = t.nextToken.bind(t)
  let depth = 0
  return () => {
    const at = { index: t.index, lineno: t.lineno, colno: t.colno }
    const tok = next()
    if (!tok) return tok
    if (tok.type === 'variable-start' || tok.type === 'block-start') depth = 0
    else if (OPEN.has(tok.type)) depth++
    else if (CLOSE.has(tok.type)) depth = Math.max(0, depth - 1)
    else if (depth > 0 && (tok.type === 'variable-end' || tok.type === 'block-end')) {
      Object.assign(t, at, { in_code: true })
      const c = t.str[t.index]
      t.forward()
      if (DELIMITER[c]) depth--
      return { type: DELIMITER[c] ?? 'operator', value: c, lineno: tok.lineno, colno: tok.colno }
    }
    return tok
  }
}

interface Position {
  lineno: number
  colno: number
  in_code: boolean
}

export function lex(src: string, opts: LexOptions): TokenStream {
  const t = (njLexer as unknown as { lex(s: string, o: LexOptions): unknown }).lex(src, opts) as RawTokenizer & TokenStream & Position
  t._parseString = function parsePyString(this: RawTokenizer, delimiter: string): string {
    this.forward()
    let out = ''
    while (!this.isFinished() && this.current() !== delimiter) {
      const c = this.current()
      if (c !== '\\') {
        out += c
        this.forward()
        continue
      }
      this.forward()
      const e = this.current()
      if (e in SIMPLE) {
        out += SIMPLE[e]
        this.forward()
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8
        const hex = this.str.slice(this.index + 1, this.index + 1 + len)
        if (new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) {
          out += String.fromCodePoint(parseInt(hex, 16))
          for (let i = 0; i <= len; i++) this.forward()
        } else {
          out += `\\${e}`
          this.forward()
        }
      } else if (/[0-7]/.test(e)) {
        let oct = ''
        while (oct.length < 3 && /[0-7]/.test(this.current())) {
          oct += this.current()
          this.forward()
        }
        out += String.fromCharCode(parseInt(oct, 8))
      } else {
        out += `\\${e}`
        this.forward()
      }
    }
    this.forward()
    return out
  }
  // `{%+`/`{{+` (Jinja's "do not lstrip this block") means nothing with lstrip_blocks off,
  // which is Ansible's default: drop the `+`.
  const raw = balanced(t)
  // One token of lookahead, for lstrip before comments.
  let held: Token | null | undefined
  const next = (): Token | null => {
    if (held !== undefined) {
      const h = held
      held = undefined
      return h
    }
    return raw()
  }
  let afterStart = false
  let afterComment = false
  t.nextToken = () => {
    let tok = next()
    let lineStart = tok !== null && tok.colno === 0
    if (afterComment && opts.trimBlocks && tok && tok.type === 'data' && /^\r?\n/.test(tok.value)) {
      lineStart = true
      // trim_blocks also eats the newline after a comment in Jinja2.
      const value = tok.value.replace(/^\r?\n/, '')
      afterComment = false
      if (value === '') return t.nextToken()
      tok = { ...tok, value }
    }
    afterComment = tok !== null && tok.type === 'comment'
    if (afterStart && tok && tok.type === 'operator' && tok.value === '+') tok = next()
    afterStart = tok !== null && (tok.type === 'block-start' || tok.type === 'variable-start')
    if (opts.lstripBlocks && tok && tok.type === 'data') {
      // Jinja2's lstrip_blocks also strips the spaces before a comment on its line
      // (nunjucks only does it for blocks).
      held = raw()
      if (held && held.type === 'comment') {
        const m = /(^|\n)[ \t]+$/.exec(tok.value)
        if (m && (m[1] === '\n' || lineStart)) {
          const value = tok.value.slice(0, tok.value.length - m[0].length + m[1].length)
          if (value === '') return t.nextToken()
          tok = { ...tok, value }
        }
      }
    }
    return tok
  }
  return t
}
