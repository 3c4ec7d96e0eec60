/**
 * `yaml.dump(data, default_flow_style=False)` byte for byte, as PyYAML 6 (the full
 * `Dumper`) writes it: keys sorted, block collections (empty ones as `[]`/`{}`),
 * sequences not indented under a mapping key, scalars plain when PyYAML's YAML 1.1
 * resolver would read them back as the same string, else single- or double-quoted
 * (non-ASCII escaped: `allow_unicode` off), long scalars folded past the width (80),
 * objects that appear twice anchored (`&id001` / `*id001`).
 *
 * It is a from-scratch emitter that keeps PyYAML's emitter state (column, whitespace,
 * indention, the indent stack) so that line folding and indentation agree with it.
 */
import { isDict, isFloat, PyFloat, PyTuple, pyTypeName, formatFloat } from '../../src/py/values.js'
import { isLazyMapping } from '../../src/py/lazy-mapping.js'
import { isUndefined } from '../../src/py/undefined.js'

export interface DumpOptions {
  /** PyYAML's `width`: a value above twice the indent replaces 80. */
  width?: number | null
  /** PyYAML's `indent` (2..9). */
  indent?: number | null
  /** `sort_keys` (default true). */
  sortKeys?: boolean
}

// PyYAML's implicit resolvers (yaml/resolver.py), keyed by first character.
const BOOL_RE = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/
const MERGE_RE = /^(?:<<)$/
const NULL_RE = /^(?:~|null|Null|NULL|)$/
const TIMESTAMP_RE =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/
const VALUE_RE = /^(?:=)$/

/** Python's `re.match(r'...$')`: `$` also matches before one trailing newline. */
function pyMatch(re: RegExp, s: string): boolean {
  return re.test(s) || (s.endsWith('\n') && re.test(s.slice(0, -1)))
}

/** The tag PyYAML's resolver gives a plain scalar with this text. */
function resolvePlainTag(value: string): string {
  const first = value === '' ? '' : value[0]
  const checks: [string, RegExp, string][] = []
  if ('yYnNtTfFoO'.includes(first) && first !== '') checks.push(['bool', BOOL_RE, ''])
  if ('-+0123456789.'.includes(first) && first !== '') checks.push(['float', FLOAT_RE, ''])
  if ('-+0123456789'.includes(first) && first !== '') checks.push(['int', INT_RE, ''])
  if (first === '<') checks.push(['merge', MERGE_RE, ''])
  if (first === '~' || first === 'n' || first === 'N' || first === '') checks.push(['null', NULL_RE, ''])
  if ('0123456789'.includes(first) && first !== '') checks.push(['timestamp', TIMESTAMP_RE, ''])
  if (first === '=') checks.push(['value', VALUE_RE, ''])
  // PyYAML tries the resolvers in registration order: bool, float, int, merge, null,
  // timestamp, value; the first match wins.
  for (const [tag, re] of checks) if (pyMatch(re, value)) return tag
  return 'str'
}

const BREAKS = '\n\x85\u2028\u2029'
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029'

interface Analysis {
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
  allowBlock: boolean
}

function isPrintableUnicode(cp: number): boolean {
  return (cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) && cp !== 0xfeff
}

function analyze(chars: string[]): Analysis {
  if (chars.length === 0)
    return { empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true, allowBlock: false }
  let blockIndicators = false
  let flowIndicators = false
  let lineBreaks = false
  let specialCharacters = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  const text = chars.join('')
  if (text.startsWith('---') || text.startsWith('...')) {
    blockIndicators = true
    flowIndicators = true
  }
  let precededByWhitespace = true
  let followedByWhitespace = chars.length === 1 || SPACE_OR_BREAK.includes(chars[1])
  let previousSpace = false
  let previousBreak = false
  for (let index = 0; index < chars.length; ) {
    const ch = chars[index]
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true
        blockIndicators = true
      }
      if (ch === '?' || ch === ':') {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true
      if (ch === ':') {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    }
    if (BREAKS.includes(ch)) lineBreaks = true
    const cp = ch.codePointAt(0)!
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e))) {
      // allow_unicode is off: printable non-ASCII is special too.
      specialCharacters = true
      void isPrintableUnicode
    }
    if (ch === ' ') {
      if (index === 0) leadingSpace = true
      if (index === chars.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true
      if (index === chars.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    index++
    precededByWhitespace = SPACE_OR_BREAK.includes(ch)
    followedByWhitespace = index + 1 >= chars.length || SPACE_OR_BREAK.includes(chars[index + 1])
  }
  let allowFlowPlain = true
  let allowBlockPlain = true
  let allowSingleQuoted = true
  let allowBlock = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false
  if (trailingSpace) allowBlock = false
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false
  if (spaceBreak || specialCharacters) allowFlowPlain = allowBlockPlain = allowSingleQuoted = allowBlock = false
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false
  if (flowIndicators) allowFlowPlain = false
  if (blockIndicators) allowBlockPlain = false
  return { empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted, allowBlock }
}

const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\x07': 'a',
  '\x08': 'b',
  '\x09': 't',
  '\x0a': 'n',
  '\x0b': 'v',
  '\x0c': 'f',
  '\x0d': 'r',
  '\x1b': 'e',
  '"': '"',
  '\\': '\\',
  '\x85': 'N',
  '\xa0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
}

/** A scalar as the serializer hands it to the emitter. */
interface Scalar {
  kind: 'scalar'
  tag: string
  value: string
  /** Whether a plain scalar with this text resolves to `tag`. */
  plainImplicit: boolean
}
interface Seq {
  kind: 'seq'
  items: Node[]
  anchor?: string
}
interface Map_ {
  kind: 'map'
  pairs: [Node, Node][]
  anchor?: string
}
interface Alias {
  kind: 'alias'
  anchor: string
}
type Node = Scalar | Seq | Map_ | Alias

function floatText(n: number): string {
  if (Number.isNaN(n)) return '.nan'
  if (n === Infinity) return '.inf'
  if (n === -Infinity) return '-.inf'
  let v = formatFloat(n).toLowerCase()
  if (!v.includes('.') && v.includes('e')) v = v.replace('e', '.0e')
  return v
}

function scalar(tag: string, value: string): Scalar {
  return { kind: 'scalar', tag, value, plainImplicit: resolvePlainTag(value) === tag }
}

function codePointCompare(a: string, b: string): number {
  if (a === b) return 0
  const ai = Array.from(a)
  const bi = Array.from(b)
  for (let i = 0; i < Math.min(ai.length, bi.length); i++) {
    const x = ai[i].codePointAt(0)!
    const y = bi[i].codePointAt(0)!
    if (x !== y) return x < y ? -1 : 1
  }
  return ai.length - bi.length
}

/** The representer and the serializer's anchoring: data to a node graph. */
function represent(data: unknown, sortKeys: boolean): Node {
  // Count how often each collection is reached, in the order PyYAML walks nodes.
  const seen = new Map<object, Seq | Map_>()
  const anchors = new Map<object, string>()
  let lastAnchor = 0
  const build = (v: unknown): Node => {
    if (v === null || v === undefined) return scalar('null', 'null')
    if (isUndefined(v)) throw new TypeError(`cannot represent an object: ${pyTypeName(v)}`)
    if (typeof v === 'boolean') return scalar('bool', v ? 'true' : 'false')
    if (typeof v === 'string') return scalar('str', v)
    if (typeof v === 'bigint') return scalar('int', v.toString())
    if (v instanceof PyFloat) return scalar('float', floatText(v.value))
    if (typeof v === 'number') return isFloat(v) || !Number.isFinite(v) ? scalar('float', floatText(v)) : scalar('int', String(v))
    if (typeof v === 'object') {
      const prior = seen.get(v)
      if (prior) return prior
      if (v instanceof PyTuple) throw new TypeError('tuples are not supported by this dumper')
      if (Array.isArray(v)) {
        const node: Seq = { kind: 'seq', items: [] }
        seen.set(v, node)
        for (const item of v) node.items.push(build(item))
        return node
      }
      if (isDict(v) || isLazyMapping(v)) {
        const node: Map_ = { kind: 'map', pairs: [] }
        seen.set(v, node)
        const keys = isLazyMapping(v) ? v.keys() : Object.keys(v)
        const ordered = sortKeys ? [...keys].sort(codePointCompare) : keys
        for (const k of ordered) node.pairs.push([build(k), build(isLazyMapping(v) ? v.get(k) : (v as Record<string, unknown>)[k])])
        return node
      }
    }
    throw new TypeError(`cannot represent an object: ${pyTypeName(v)}`)
  }
  const root = build(data)
  // The serializer's anchor_node: a node met a second time gets the next anchor id.
  const visited = new Set<Node>()
  const nodeAnchor = new Map<Node, string>()
  const walk = (n: Node) => {
    if (n.kind === 'scalar' || n.kind === 'alias') return
    if (visited.has(n)) {
      if (!nodeAnchor.has(n)) nodeAnchor.set(n, `id${String(++lastAnchor).padStart(3, '0')}`)
      return
    }
    visited.add(n)
    if (n.kind === 'seq') n.items.forEach(walk)
    else
      for (const [k, val] of n.pairs) {
        walk(k)
        walk(val)
      }
  }
  walk(root)
  void anchors
  if (!nodeAnchor.size) return root
  // Replace second and later occurrences by aliases.
  const emitted = new Set<Node>()
  const mark = (n: Node): Node => {
    if (n.kind === 'scalar' || n.kind === 'alias') return n
    const anchor = nodeAnchor.get(n)
    if (anchor) {
      if (emitted.has(n)) return { kind: 'alias', anchor }
      emitted.add(n)
    }
    const copy: Seq | Map_ =
      n.kind === 'seq' ? { kind: 'seq', items: n.items.map(mark), anchor } : { kind: 'map', pairs: n.pairs.map(([k, v]) => [mark(k), mark(v)] as [Node, Node]), anchor }
    return copy
  }
  return mark(root)
}

class Emitter {
  out = ''
  column = 0
  whitespace = true
  indention = true
  openEnded = false
  indent: number | null = null
  indents: (number | null)[] = []
  flowLevel = 0
  readonly bestIndent: number
  readonly bestWidth: number

  constructor(opts: DumpOptions) {
    this.bestIndent = opts.indent && opts.indent > 1 && opts.indent < 10 ? opts.indent : 2
    this.bestWidth = opts.width && opts.width > this.bestIndent * 2 ? opts.width : 80
  }

  write(s: string, n = Array.from(s).length) {
    this.column += n
    this.out += s
  }

  increaseIndent(flow: boolean, indentless = false) {
    this.indents.push(this.indent)
    if (this.indent === null) this.indent = flow ? this.bestIndent : 0
    else if (!indentless) this.indent += this.bestIndent
  }

  popIndent() {
    this.indent = this.indents.pop() ?? null
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false) {
    const data = this.whitespace || !needWhitespace ? indicator : ' ' + indicator
    this.whitespace = whitespace
    this.indention = this.indention && indention
    this.openEnded = false
    this.write(data)
  }

  writeIndent() {
    const indent = this.indent ?? 0
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak()
    if (this.column < indent) {
      this.whitespace = true
      this.out += ' '.repeat(indent - this.column)
      this.column = indent
    }
  }

  writeLineBreak(data = '\n') {
    this.whitespace = true
    this.indention = true
    this.column = 0
    this.out += data
  }

  // ------------------------------------------------------------------ nodes

  node(n: Node, ctx: { root?: boolean; sequence?: boolean; mapping?: boolean; simpleKey?: boolean }) {
    if (n.kind === 'alias') {
      this.writeIndicator('*' + n.anchor, true)
      return
    }
    if (n.kind === 'scalar') {
      this.increaseIndent(true)
      this.scalar(n, ctx)
      this.popIndent()
      return
    }
    if (n.anchor) this.writeIndicator('&' + n.anchor, true)
    if (n.kind === 'seq') {
      if (this.flowLevel || n.items.length === 0) {
        this.writeIndicator('[', true, true)
        this.flowLevel++
        this.increaseIndent(true)
        this.flowSeqItems(n)
        return
      }
      const indentless = !!ctx.mapping && !this.indention
      this.increaseIndent(false, indentless)
      for (const item of n.items) {
        this.writeIndent()
        this.writeIndicator('-', true, false, true)
        this.node(item, { sequence: true })
      }
      this.popIndent()
      return
    }
    if (this.flowLevel || n.pairs.length === 0) {
      this.writeIndicator('{', true, true)
      this.flowLevel++
      this.increaseIndent(true)
      this.flowMapPairs(n)
      return
    }
    this.increaseIndent(false)
    for (const [k, v] of n.pairs) {
      this.writeIndent()
      if (this.checkSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true })
        this.writeIndicator(':', false)
        this.node(v, { mapping: true })
      } else {
        this.writeIndicator('?', true, false, true)
        this.node(k, { mapping: true })
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
        this.node(v, { mapping: true })
      }
    }
    this.popIndent()
  }

  /** Flow collections only occur empty here (default_flow_style=False). */
  flowSeqItems(n: Seq) {
    let first = true
    for (const item of n.items) {
      if (!first) this.writeIndicator(',', false)
      if (this.column > this.bestWidth) this.writeIndent()
      this.node(item, { sequence: true })
      first = false
    }
    this.popIndent()
    this.flowLevel--
    this.writeIndicator(']', false)
  }

  flowMapPairs(n: Map_) {
    let first = true
    for (const [k, v] of n.pairs) {
      if (!first) this.writeIndicator(',', false)
      if (this.column > this.bestWidth) this.writeIndent()
      if (this.checkSimpleKey(k)) {
        this.node(k, { mapping: true, simpleKey: true })
        this.writeIndicator(':', false)
      } else {
        this.writeIndicator('?', true)
        this.node(k, { mapping: true })
        this.writeIndicator(':', true)
      }
      this.node(v, { mapping: true })
      first = false
    }
    this.popIndent()
    this.flowLevel--
    this.writeIndicator('}', false)
  }

  checkSimpleKey(n: Node): boolean {
    if (n.kind === 'alias') return n.anchor.length < 128
    let length = 0
    if (n.kind !== 'scalar') {
      if (n.anchor) length += n.anchor.length
      // The collection's tag ('!!seq' / '!!map') counts, as PyYAML prepares it.
      length += 5
      const empty = n.kind === 'seq' ? n.items.length === 0 : n.pairs.length === 0
      return length < 128 && empty
    }
    const chars = Array.from(n.value)
    length += 2 + n.tag.length + chars.length
    const a = analyze(chars)
    return length < 128 && !a.empty && !a.multiline
  }

  scalar(n: Scalar, ctx: { root?: boolean; simpleKey?: boolean }) {
    const chars = Array.from(n.value)
    const a = analyze(chars)
    const style = this.chooseStyle(n, a, !!ctx.simpleKey)
    const split = !ctx.simpleKey
    if (style === '"') this.writeDoubleQuoted(chars, split)
    else if (style === "'") this.writeSingleQuoted(chars, split)
    else this.writePlain(chars, split, !!ctx.root)
  }

  chooseStyle(n: Scalar, a: Analysis, simpleKey: boolean): '' | "'" | '"' {
    if (n.plainImplicit) {
      if (!(simpleKey && (a.empty || a.multiline)) && ((this.flowLevel && a.allowFlowPlain) || (!this.flowLevel && a.allowBlockPlain)))
        return ''
    }
    if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return "'"
    return '"'
  }

  writePlain(text: string[], split: boolean, root: boolean) {
    if (root) this.openEnded = true
    if (!text.length) return
    if (!this.whitespace) this.write(' ', 1)
    this.whitespace = false
    this.indention = false
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split) {
            this.writeIndent()
            this.whitespace = false
            this.indention = false
          } else this.write(text.slice(start, end).join(''), end - start)
          start = end
        }
      } else if (breaks) {
        if (ch === null || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak()
          for (const br of text.slice(start, end)) this.writeLineBreak(br)
          this.writeIndent()
          this.whitespace = false
          this.indention = false
          start = end
        }
      } else if (ch === null || (' ' + BREAKS).includes(ch)) {
        this.write(text.slice(start, end).join(''), end - start)
        start = end
      }
      if (ch !== null) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }
  }

  writeSingleQuoted(text: string[], split: boolean) {
    this.writeIndicator("'", true)
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null
      if (spaces) {
        if (ch === null || ch !== ' ') {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== text.length) this.writeIndent()
          else this.write(text.slice(start, end).join(''), end - start)
          start = end
        }
      } else if (breaks) {
        if (ch === null || !BREAKS.includes(ch)) {
          if (text[start] === '\n') this.writeLineBreak()
          for (const br of text.slice(start, end)) this.writeLineBreak(br)
          this.writeIndent()
          start = end
        }
      } else if (ch === null || (' ' + BREAKS).includes(ch) || ch === "'") {
        if (start < end) {
          this.write(text.slice(start, end).join(''), end - start)
          start = end
        }
      }
      if (ch === "'") {
        this.write("''", 2)
        start = end + 1
      }
      if (ch !== null) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }
    this.writeIndicator("'", false)
  }

  writeDoubleQuoted(text: string[], split: boolean) {
    this.writeIndicator('"', true)
    let start = 0
    for (let end = 0; end <= text.length; end++) {
      const ch = end < text.length ? text[end] : null
      const cp = ch === null ? -1 : ch.codePointAt(0)!
      if (ch === null || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || !(cp >= 0x20 && cp <= 0x7e)) {
        if (start < end) {
          this.write(text.slice(start, end).join(''), end - start)
          start = end
        }
        if (ch !== null) {
          let data: string
          if (ESCAPES[ch] !== undefined) data = '\\' + ESCAPES[ch]
          else if (cp <= 0xff) data = '\\x' + cp.toString(16).toUpperCase().padStart(2, '0')
          else if (cp <= 0xffff) data = '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
          else data = '\\U' + cp.toString(16).toUpperCase().padStart(8, '0')
          this.write(data, data.length)
          start = end + 1
        }
      }
      if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > this.bestWidth && split) {
        const data = text.slice(start, end).join('') + '\\'
        if (start < end) start = end
        this.write(data)
        this.writeIndent()
        this.whitespace = false
        this.indention = false
        if (text[start] === ' ') this.write('\\', 1)
      }
    }
    this.writeIndicator('"', false)
  }

  document(root: Node) {
    this.node(root, { root: true })
    this.writeIndent()
    if (this.openEnded) {
      this.writeIndicator('...', true)
      this.writeIndent()
    }
  }
}

/** PyYAML's `yaml.dump(data, default_flow_style=False, ...)`. */
export function pyyamlDump(data: unknown, opts: DumpOptions = {}): string {
  const root = represent(data, opts.sortKeys ?? true)
  const e = new Emitter(opts)
  e.document(root)
  return e.out
}
