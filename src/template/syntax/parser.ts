/**
 * The template parser: nunjucks's parser for the template structure (data, output,
 * statements, whitespace control), with Jinja2's expression grammar in place of
 * nunjucks's. Jinja2's precedence differs (`~` binds tighter than `+`, filters and `is`
 * tests bind to the unary operand), and Jinja2 has tuples, slices with steps, `x.0`,
 * tests with a bare argument, `for ... if`, `set ns.attr` and calls with `*args/**kw`.
 *
 * Expressions become the plain `Expr` nodes of ./nodes.ts; statements stay nunjucks
 * nodes whose expression fields hold `Expr` nodes.
 */
import njLexer from 'nunjucks/src/lexer.js'
import njNodes from 'nunjucks/src/nodes.js'
import njParser from 'nunjucks/src/parser.js'
import { PyFloat } from '../../py/values.js'
import type { Token, TokenStream } from './lexer.js'
import type { Expr, Signature } from './nodes.js'

const L = njLexer as unknown as Record<string, string>
const N = njNodes as unknown as Record<string, new (...a: unknown[]) => NjNode>

export interface NjNode {
  typename: string
  lineno: number
  colno: number
  [k: string]: unknown
}

type ParserBase = new (tokens: TokenStream) => {
  tokens: TokenStream
  peeked: Token | null
  dropLeadingWhitespace: boolean
  nextToken(withWhitespace?: boolean): Token | null
  peekToken(): Token | null
  pushToken(t: Token | null): void
  skip(type: string): boolean
  skipValue(type: string, value: string): boolean
  skipSymbol(value: string): boolean
  expect(type: string): Token
  fail(msg: string, lineno?: number, colno?: number): never
  advanceAfterBlockEnd(name?: string): Token
  parseUntilBlocks(...names: string[]): NjNode
  parseAsRoot(): NjNode
}

const NunjucksParser = (njParser as unknown as { Parser: ParserBase }).Parser

const COMPARE: Record<string, string> = { '==': 'eq', '!=': 'ne', '<': 'lt', '>': 'gt', '<=': 'lteq', '>=': 'gteq' }
const MATH2 = new Set(['*', '/', '//', '%'])
/** Tokens after which `is name X` takes X as the test's single argument. */
const TEST_ARG_START = new Set([L.TOKEN_SYMBOL, L.TOKEN_STRING, L.TOKEN_INT, L.TOKEN_FLOAT, L.TOKEN_LEFT_BRACKET, L.TOKEN_LEFT_CURLY, L.TOKEN_BOOLEAN, L.TOKEN_NONE])

export class JinjaParser extends NunjucksParser {
  /** Tokens pushed back, last first: Jinja2's grammar needs more than one token of lookahead. */
  private pushed: Token[] = []

  override nextToken(withWhitespace?: boolean): Token | null {
    for (;;) {
      const tok = this.pushed.length ? this.pushed.pop()! : (this.peeked ? this.takePeeked() : this.tokens.nextToken())
      if (!tok || withWhitespace || tok.type !== L.TOKEN_WHITESPACE) return tok
    }
  }

  private takePeeked(): Token | null {
    const t = this.peeked
    this.peeked = null
    return t
  }

  override peekToken(): Token | null {
    const tok = this.nextToken()
    if (tok) this.pushed.push(tok)
    return tok
  }

  override pushToken(tok: Token | null): void {
    if (tok) this.pushed.push(tok)
  }

  // --- expressions (jinja2/parser.py's grammar) -------------------------------------

  parseExpression(withCondExpr = true): Expr {
    return withCondExpr ? this.parseCondExpr() : this.parseOr()
  }

  parseCondExpr(): Expr {
    let expr1 = this.parseOr()
    while (this.skipSymbol('if')) {
      const test = this.parseOr()
      const expr2 = this.skipSymbol('else') ? this.parseCondExpr() : null
      expr1 = { type: 'CondExpr', test, expr1, expr2 }
    }
    return expr1
  }

  parseOr(): Expr {
    let left = this.parseAnd()
    while (this.skipSymbol('or')) left = { type: 'Or', left, right: this.parseAnd() }
    return left
  }

  parseAnd(): Expr {
    let left = this.parseNot()
    while (this.skipSymbol('and')) left = { type: 'And', left, right: this.parseNot() }
    return left
  }

  parseNot(): Expr {
    if (this.skipSymbol('not')) return { type: 'Not', node: this.parseNot() }
    return this.parseCompare()
  }

  parseCompare(): Expr {
    const expr = this.parseMath1()
    const ops: { op: string; expr: Expr }[] = []
    for (;;) {
      const tok = this.peekToken()
      if (!tok) break
      if (tok.type === L.TOKEN_OPERATOR && COMPARE[tok.value]) {
        this.nextToken()
        ops.push({ op: COMPARE[tok.value], expr: this.parseMath1() })
      } else if (this.skipSymbol('in')) {
        ops.push({ op: 'in', expr: this.parseMath1() })
      } else if (tok.type === L.TOKEN_SYMBOL && tok.value === 'not') {
        this.nextToken()
        if (!this.skipSymbol('in')) {
          this.pushToken(tok)
          break
        }
        ops.push({ op: 'notin', expr: this.parseMath1() })
      } else break
    }
    return ops.length ? { type: 'Compare', expr, ops } : expr
  }

  parseMath1(): Expr {
    let left = this.parseConcat()
    for (;;) {
      const op = this.skipValue(L.TOKEN_OPERATOR, '+') ? '+' : this.skipValue(L.TOKEN_OPERATOR, '-') ? '-' : null
      if (!op) return left
      left = { type: 'BinOp', op, left, right: this.parseConcat() }
    }
  }

  parseConcat(): Expr {
    const nodes = [this.parseMath2()]
    while (this.skip(L.TOKEN_TILDE)) nodes.push(this.parseMath2())
    return nodes.length === 1 ? nodes[0] : { type: 'Concat', nodes }
  }

  parseMath2(): Expr {
    let left = this.parsePow()
    for (;;) {
      const tok = this.peekToken()
      if (!tok || tok.type !== L.TOKEN_OPERATOR || !MATH2.has(tok.value)) return left
      this.nextToken()
      left = { type: 'BinOp', op: tok.value, left, right: this.parsePow() }
    }
  }

  parsePow(): Expr {
    let left = this.parseUnary()
    while (this.skipValue(L.TOKEN_OPERATOR, '**')) left = { type: 'BinOp', op: '**', left, right: this.parseUnary() }
    return left
  }

  parseUnary(withFilter = true): Expr {
    let node: Expr
    if (this.skipValue(L.TOKEN_OPERATOR, '-')) node = { type: 'Neg', node: this.parseUnary(false) }
    else if (this.skipValue(L.TOKEN_OPERATOR, '+')) node = { type: 'Pos', node: this.parseUnary(false) }
    else node = this.parsePrimary()
    node = this.parsePostfix(node)
    return withFilter ? this.parseFilterExpr(node) : node
  }

  parsePrimary(): Expr {
    const tok = this.nextToken()
    if (!tok) return this.fail('unexpected end of template, expected an expression')
    switch (tok.type) {
      case L.TOKEN_SYMBOL:
        return this.symbol(tok)
      case L.TOKEN_BOOLEAN:
        return { type: 'Const', value: tok.value === 'true' }
      case L.TOKEN_NONE:
        // nunjucks reads `null` as none; in Jinja2 it is just a name.
        return tok.value === 'null' ? { type: 'Name', name: 'null', lineno: tok.lineno, colno: tok.colno } : { type: 'Const', value: null }
      case L.TOKEN_STRING: {
        let value = tok.value
        // Adjacent string literals concatenate, as in Python.
        for (let next = this.peekToken(); next && next.type === L.TOKEN_STRING; next = this.peekToken()) value += this.nextToken()!.value
        return { type: 'Const', value }
      }
      case L.TOKEN_INT:
        return { type: 'Const', value: Number(tok.value) }
      case L.TOKEN_FLOAT:
        return { type: 'Const', value: floatValue(tok.value) }
      case L.TOKEN_LEFT_PAREN:
        return this.parseTuple(true)
      case L.TOKEN_LEFT_BRACKET:
        return this.parseList()
      case L.TOKEN_LEFT_CURLY:
        return this.parseDict()
      default:
        return this.fail(`unexpected '${describeToken(tok)}'`, tok.lineno, tok.colno)
    }
  }

  private symbol(tok: Token): Expr {
    switch (tok.value) {
      case 'true':
      case 'True':
        return { type: 'Const', value: true }
      case 'false':
      case 'False':
        return { type: 'Const', value: false }
      case 'none':
      case 'None':
        return { type: 'Const', value: null }
    }
    // nunjucks reads `1_000` and `1e20` as symbols, and `1e-7` as `1e`, `-`, `7`.
    if (/^\d[\d_]*$/.test(tok.value)) return { type: 'Const', value: Number(tok.value.replace(/_/g, '')) }
    if (/^\d[\d_]*[eE]\d+$/.test(tok.value)) return { type: 'Const', value: floatValue(tok.value.replace(/_/g, '')) }
    if (/^\d[\d_]*[eE]$/.test(tok.value)) {
      const sign = this.peekToken()
      if (sign && sign.type === L.TOKEN_OPERATOR && (sign.value === '-' || sign.value === '+')) {
        this.nextToken()
        const exp = this.nextToken()
        if (exp && exp.type === L.TOKEN_INT) return { type: 'Const', value: floatValue(`${tok.value.replace(/_/g, '')}${sign.value}${exp.value}`) }
        return this.fail(`unexpected '${exp?.value}'`, tok.lineno, tok.colno)
      }
    }
    return { type: 'Name', name: tok.value, lineno: tok.lineno, colno: tok.colno }
  }

  /** `(a, b)`, `(a)`, `()`: a tuple unless one element without a comma. */
  private parseTuple(parenthesised: boolean): Expr {
    const items: Expr[] = []
    let comma = false
    for (;;) {
      if (parenthesised && this.skip(L.TOKEN_RIGHT_PAREN)) break
      if (items.length) {
        if (!this.skip(L.TOKEN_COMMA)) {
          if (parenthesised) this.expect(L.TOKEN_RIGHT_PAREN)
          break
        }
        comma = true
        if (parenthesised && this.skip(L.TOKEN_RIGHT_PAREN)) break
      }
      items.push(this.parseExpression())
    }
    if (items.length === 1 && !comma) return items[0]
    return { type: 'Tuple', items }
  }

  private parseList(): Expr {
    const items: Expr[] = []
    while (!this.skip(L.TOKEN_RIGHT_BRACKET)) {
      if (items.length) {
        this.expect(L.TOKEN_COMMA)
        if (this.skip(L.TOKEN_RIGHT_BRACKET)) break
      }
      items.push(this.parseExpression())
    }
    return { type: 'List', items }
  }

  private parseDict(): Expr {
    const items: { key: Expr; value: Expr }[] = []
    while (!this.skip(L.TOKEN_RIGHT_CURLY)) {
      if (items.length) {
        this.expect(L.TOKEN_COMMA)
        if (this.skip(L.TOKEN_RIGHT_CURLY)) break
      }
      const key = this.parseExpression()
      this.expect(L.TOKEN_COLON)
      items.push({ key, value: this.parseExpression() })
    }
    return { type: 'Dict', items }
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      const tok = this.peekToken()
      if (!tok) return node
      if (tok.type === L.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken()
        node = this.parseDotted(node)
      } else if (tok.type === L.TOKEN_LEFT_BRACKET) {
        this.nextToken()
        node = { type: 'Getitem', node, arg: this.parseSubscript() }
      } else if (tok.type === L.TOKEN_LEFT_PAREN) {
        this.nextToken()
        node = { type: 'Call', node, ...this.parseCallArgs() }
      } else return node
    }
  }

  /** After a dot: a name (getattr), or an integer (getitem, `results.0`). */
  private parseDotted(node: Expr): Expr {
    const tok = this.nextToken()
    if (tok && tok.type === L.TOKEN_SYMBOL && !/^\d/.test(tok.value)) return { type: 'Getattr', node, attr: tok.value }
    // `x.true`, `x.none`, `x.null`: names after a dot, whatever nunjucks made of them.
    if (tok && (tok.type === L.TOKEN_BOOLEAN || tok.type === L.TOKEN_NONE)) return { type: 'Getattr', node, attr: tok.value }
    if (tok && (tok.type === L.TOKEN_INT || (tok.type === L.TOKEN_SYMBOL && /^\d+$/.test(tok.value)))) {
      return { type: 'Getitem', node, arg: { type: 'Const', value: Number(tok.value) } }
    }
    // nunjucks lexes `x.0.name` as `x`, `.`, `0.`, `name`: an index followed by another dot.
    if (tok && tok.type === L.TOKEN_FLOAT && /^\d+\.$/.test(tok.value)) {
      const item: Expr = { type: 'Getitem', node, arg: { type: 'Const', value: Number(tok.value.slice(0, -1)) } }
      return this.parseDotted(item)
    }
    return this.fail(`expected name or number after '.'`, tok?.lineno, tok?.colno)
  }

  /** Inside `[...]`: an expression or a slice `a:b:c` (any part may be empty). */
  private parseSubscript(): Expr {
    const parts: (Expr | null)[] = [null]
    let isSlice = false
    for (;;) {
      const tok = this.peekToken()
      if (!tok) this.fail('unexpected end of template in subscript')
      if (tok.type === L.TOKEN_RIGHT_BRACKET) {
        this.nextToken()
        break
      }
      if (tok.type === L.TOKEN_COLON) {
        this.nextToken()
        isSlice = true
        parts.push(null)
        continue
      }
      parts[parts.length - 1] = this.parseExpression()
    }
    if (!isSlice) return parts[0] ?? this.fail('expected subscript')
    return { type: 'Slice', start: parts[0] ?? null, stop: parts[1] ?? null, step: parts[2] ?? null }
  }

  /** `(a, b, k=v, *args, **kwargs)` after the opening parenthesis. */
  parseCallArgs(): Signature {
    const sig: Signature = { args: [], kwargs: [] }
    while (!this.skip(L.TOKEN_RIGHT_PAREN)) {
      if (sig.args.length || sig.kwargs.length || sig.dynArgs || sig.dynKwargs) {
        this.expect(L.TOKEN_COMMA)
        if (this.skip(L.TOKEN_RIGHT_PAREN)) break
      }
      if (this.skipValue(L.TOKEN_OPERATOR, '**')) {
        sig.dynKwargs = this.parseExpression()
        continue
      }
      if (this.skipValue(L.TOKEN_OPERATOR, '*')) {
        sig.dynArgs = this.parseExpression()
        continue
      }
      const tok = this.peekToken()
      if (tok && tok.type === L.TOKEN_SYMBOL) {
        this.nextToken()
        if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
          sig.kwargs.push({ key: tok.value, value: this.parseExpression() })
          continue
        }
        this.pushToken(tok)
      }
      sig.args.push(this.parseExpression())
    }
    return sig
  }

  /** Filters (`| name(args)`), tests (`is [not] name args`) and calls after an operand. */
  parseFilterExpr(node: Expr): Expr {
    for (;;) {
      const tok = this.peekToken()
      if (!tok) return node
      if (tok.type === L.TOKEN_PIPE) {
        this.nextToken()
        const name = this.dottedName()
        const sig = this.skip(L.TOKEN_LEFT_PAREN) ? this.parseCallArgs() : { args: [], kwargs: [] }
        node = this.parsePostfix({ type: 'Filter', node, name, ...sig })
      } else if (tok.type === L.TOKEN_SYMBOL && tok.value === 'is') {
        this.nextToken()
        const negated = this.skipSymbol('not')
        const name = this.dottedName()
        let sig: Signature = { args: [], kwargs: [] }
        const next = this.peekToken()
        if (next && next.type === L.TOKEN_LEFT_PAREN) {
          this.nextToken()
          sig = this.parseCallArgs()
        } else if (next && TEST_ARG_START.has(next.type) && !(next.type === L.TOKEN_SYMBOL && ['else', 'or', 'and', 'if', 'in', 'not', 'is'].includes(next.value))) {
          sig = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] }
        }
        const test: Expr = { type: 'Test', node, name, ...sig }
        node = negated ? { type: 'Not', node: test } : test
      } else if (tok.type === L.TOKEN_LEFT_PAREN) {
        this.nextToken()
        node = { type: 'Call', node, ...this.parseCallArgs() }
      } else return node
    }
  }

  private dottedName(): string {
    // `none`, `true` and `false` are tokens of their own in nunjucks, and test names too.
    const first = this.nextToken()
    if (!first || ![L.TOKEN_SYMBOL, L.TOKEN_NONE, L.TOKEN_BOOLEAN].includes(first.type)) {
      this.fail(`expected a name, got ${first?.value ?? 'end of template'}`, first?.lineno, first?.colno)
    }
    let name = first.value
    while (this.skipValue(L.TOKEN_OPERATOR, '.')) name += `.${this.expect(L.TOKEN_SYMBOL).value}`
    return name
  }

  /** An assignment target: a name, `a.b` (namespace attribute), or names separated by commas. */
  parseAssignTarget(allowAttr: boolean): Expr {
    const names: Expr[] = []
    do {
      const tok = this.expect(L.TOKEN_SYMBOL)
      let target: Expr = { type: 'Name', name: tok.value }
      if (allowAttr && this.skipValue(L.TOKEN_OPERATOR, '.')) target = { type: 'Getattr', node: target, attr: this.expect(L.TOKEN_SYMBOL).value }
      names.push(target)
    } while (this.skip(L.TOKEN_COMMA))
    return names.length === 1 ? names[0] : { type: 'Tuple', items: names }
  }

  // --- statements whose nunjucks parsing differs from Jinja2 --------------------------

  parseFor(): NjNode {
    const forTok = this.nextToken()!
    const node = new N.For(forTok.lineno, forTok.colno)
    const target = this.skip(L.TOKEN_LEFT_PAREN) ? this.parseParenTarget() : this.parseAssignTarget(false)
    if (!this.skipSymbol('in')) this.fail('expected "in" in for loop', forTok.lineno, forTok.colno)
    node.name = target
    node.arr = this.parseExpression(false)
    node.filter = this.skipSymbol('if') ? this.parseExpression() : null
    node.recursive = this.skipSymbol('recursive')
    this.advanceAfterBlockEnd('for')
    node.body = this.parseUntilBlocks('endfor', 'else')
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else')
      node.else_ = this.parseUntilBlocks('endfor')
    }
    this.advanceAfterBlockEnd()
    return node
  }

  private parseParenTarget(): Expr {
    const t = this.parseAssignTarget(false)
    this.expect(L.TOKEN_RIGHT_PAREN)
    return t
  }

  parseSet(): NjNode {
    const tag = this.nextToken()!
    const node = new N.Set(tag.lineno, tag.colno, [])
    node.target = this.parseAssignTarget(true)
    if (this.skipValue(L.TOKEN_OPERATOR, '=')) {
      node.value = this.parseTuple(false)
      this.advanceAfterBlockEnd('set')
      return node
    }
    const filters: unknown[] = []
    node.filters = filters
    while (this.skip(L.TOKEN_PIPE)) {
      const name = this.dottedName()
      filters.push({ name, ...(this.skip(L.TOKEN_LEFT_PAREN) ? this.parseCallArgs() : { args: [], kwargs: [] }) })
    }
    if (!this.skip(L.TOKEN_BLOCK_END)) this.fail('expected = or block end in set tag', tag.lineno, tag.colno)
    node.body = this.parseUntilBlocks('endset')
    node.value = null
    this.advanceAfterBlockEnd()
    return node
  }

  parseMacro(): NjNode {
    const tok = this.nextToken()!
    const name = this.expect(L.TOKEN_SYMBOL).value
    const params = this.parseParams()
    const node = new N.Macro(tok.lineno, tok.colno)
    node.name = name
    node.params = params
    this.advanceAfterBlockEnd('macro')
    node.body = this.parseUntilBlocks('endmacro')
    this.advanceAfterBlockEnd()
    return node
  }

  /** A macro's parameter list: names with optional defaults. */
  private parseParams(): { name: string; default: Expr | null }[] {
    const params: { name: string; default: Expr | null }[] = []
    this.expect(L.TOKEN_LEFT_PAREN)
    while (!this.skip(L.TOKEN_RIGHT_PAREN)) {
      if (params.length) this.expect(L.TOKEN_COMMA)
      const name = this.expect(L.TOKEN_SYMBOL).value
      params.push({ name, default: this.skipValue(L.TOKEN_OPERATOR, '=') ? this.parseExpression() : null })
    }
    return params
  }

  parseCall(): NjNode {
    const tok = this.nextToken()!
    const callerParams = this.peekToken()?.type === L.TOKEN_LEFT_PAREN ? this.parseParams() : []
    const call = this.parseExpression()
    this.advanceAfterBlockEnd('call')
    const body = this.parseUntilBlocks('endcall')
    this.advanceAfterBlockEnd()
    const node = new N.Output(tok.lineno, tok.colno, [])
    node.callBlock = { call, callerParams, body }
    return node
  }

  /**
   * `{% raw %}...{% endraw %}` read as Jinja2's lexer reads it: the text up to the first
   * `endraw`; the newline after `{% raw %}` is kept (trim_blocks applies to `endraw` only),
   * `-` on either tag strips the whitespace on its side.
   */
  parseRaw(tagName = 'raw'): NjNode {
    const t = this.tokens as unknown as RawSource
    this.nextToken() // the tag name, peeked by parseStatement
    if (this.pushed.length || this.peeked) this.fail(`unexpected token after ${tagName}`)
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const start = esc(t.tags.BLOCK_START)
    const end = esc(t.tags.BLOCK_END)
    const begin = new RegExp(`^\\s*(-?)${end}`).exec(t.str.slice(t.index))
    if (!begin) this.fail(`expected end of statement block after ${tagName}`)
    const line = t.lineno
    const col = t.colno
    let from = t.index + begin[0].length
    if (begin[1]) from += /^\s*/.exec(t.str.slice(from))![0].length
    const close = new RegExp(`${start}([-+]?)\\s*end${tagName}\\s*([-+]?)${end}`).exec(t.str.slice(from))
    if (!close) this.fail(`Missing end of raw directive`, line, col)
    let text = t.str.slice(from, from + close.index)
    if (close[1] === '-') text = text.replace(/\s+$/, '')
    let to = from + close.index + close[0].length
    const rest = t.str.slice(to)
    if (close[2] === '-') to += /^\s*/.exec(rest)![0].length
    else if (close[2] !== '+' && t.trimBlocks && rest.startsWith('\n')) to += 1
    t.forwardN(to - t.index)
    t.in_code = false
    return new N.Output(line, col, [new N.TemplateData(line, col, text)])
  }

  parseFilterStatement(): NjNode {
    const tok = this.nextToken()!
    const filters: { name: string; args: Expr[]; kwargs: { key: string; value: Expr }[] }[] = []
    do {
      const name = this.dottedName()
      filters.push({ name, ...(this.skip(L.TOKEN_LEFT_PAREN) ? this.parseCallArgs() : { args: [], kwargs: [] }) })
    } while (this.skip(L.TOKEN_PIPE))
    this.advanceAfterBlockEnd('filter')
    const body = this.parseUntilBlocks('endfilter')
    this.advanceAfterBlockEnd()
    const node = new N.Output(tok.lineno, tok.colno, [])
    node.filterBlock = { filters, body }
    return node
  }
}

interface RawSource {
  str: string
  index: number
  lineno: number
  colno: number
  in_code: boolean
  trimBlocks: boolean
  tags: Record<string, string>
  forwardN(n: number): void
}

/** How Jinja2's describe_token names a token in errors. */
function describeToken(tok: Token): string {
  switch (tok.type) {
    case L.TOKEN_VARIABLE_END:
      return 'end of print statement'
    case L.TOKEN_BLOCK_END:
      return 'end of statement block'
    default:
      return tok.value
  }
}

function floatValue(text: string): number | PyFloat {
  const n = Number(text.replace(/_/g, ''))
  return Number.isInteger(n) ? new PyFloat(n) : n
}
