/**
 * The YAML dump's first half: SafeRepresenter's node graph for tsible's values (with
 * PyYAML's YAML 1.1 implicit resolvers deciding which strings may stay plain), the
 * serializer's anchors for shared objects, and the scalar analysis libyaml's emitter
 * makes before choosing a style. yaml-dump.ts is the emitter.
 */
import { isDict, isFloat, PyFloat, formatFloat } from '../../src/py/values.js'
import { isLazyMapping } from '../../src/template/types.js'
import { isUndefined } from '../../src/py/undefined.js'
import { VaultText } from '../../src/yaml/tagged.js'

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

export const BREAKS = '\n\x85\u2028\u2029'
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029'

export interface Analysis {
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
  allowBlock: boolean
}

/** libyaml's IS_PRINTABLE beyond ASCII: U+00A0..U+FFFD less surrogates, U+FEFF, U+FFFE/F. */
export function isPrintableUnicode(cp: number): boolean {
  return ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)) && cp !== 0xfeff
}

export function analyze(chars: string[], allowUnicode: boolean): Analysis {
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
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e)) && !(allowUnicode && isPrintableUnicode(cp))) specialCharacters = true
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

export const ESCAPES: Record<string, string> = {
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
export interface Scalar {
  kind: 'scalar'
  tag: string
  value: string
  /** Whether a plain scalar with this text resolves to `tag`. */
  plainImplicit: boolean
  /** Written with this explicit tag in literal style (`!vault |`), as AnsibleDumper writes vaulted text. */
  literalTag?: string
}
export interface Seq {
  kind: 'seq'
  items: Node[]
  flow?: boolean
  anchor?: string
}
export interface Map_ {
  kind: 'map'
  pairs: [Node, Node][]
  flow?: boolean
  anchor?: string
}
export interface Alias {
  kind: 'alias'
  anchor: string
}
export type Node = Scalar | Seq | Map_ | Alias

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
export function represent(data: unknown, sortKeys: boolean, flowStyle: boolean | null): Node {
  // A scalar with a style of its own (a literal `!vault`) keeps its collection in block style.
  const bestFlow = (nodes: Node[]) => (flowStyle === null ? nodes.every((n) => n.kind === 'scalar' && !n.literalTag) : flowStyle)
  // Count how often each collection is reached, in the order PyYAML walks nodes.
  const seen = new Map<object, Seq | Map_>()
  const anchors = new Map<object, string>()
  let lastAnchor = 0
  const build = (v: unknown): Node => {
    if (v === null || v === undefined) return scalar('null', 'null')
    if (isUndefined(v)) throw new RepresenterError(v)
    if (typeof v === 'boolean') return scalar('bool', v ? 'true' : 'false')
    if (typeof v === 'string') return scalar('str', v)
    if (v instanceof VaultText) return { kind: 'scalar', tag: '!vault', value: v.ciphertext, plainImplicit: false, literalTag: '!vault' }
    if (typeof v === 'bigint') return scalar('int', v.toString())
    if (v instanceof PyFloat) return scalar('float', floatText(v.value))
    if (typeof v === 'number') return isFloat(v) || !Number.isFinite(v) ? scalar('float', floatText(v)) : scalar('int', String(v))
    if (typeof v === 'object') {
      const prior = seen.get(v)
      if (prior) return prior
      if (Array.isArray(v)) {
        const node: Seq = { kind: 'seq', items: [] }
        seen.set(v, node)
        for (const item of v) node.items.push(build(item))
        node.flow = bestFlow(node.items)
        return node
      }
      if (isDict(v) || isLazyMapping(v)) {
        const node: Map_ = { kind: 'map', pairs: [] }
        seen.set(v, node)
        const keys = isLazyMapping(v) ? v.keys() : Object.keys(v)
        const ordered = sortKeys ? [...keys].sort(codePointCompare) : keys
        for (const k of ordered) node.pairs.push([build(k), build(isLazyMapping(v) ? v.get(k) : (v as Record<string, unknown>)[k])])
        node.flow = bestFlow(node.pairs.flat())
        return node
      }
    }
    throw new RepresenterError(v)
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
      n.kind === 'seq'
        ? { kind: 'seq', items: n.items.map(mark), anchor, flow: n.flow }
        : { kind: 'map', pairs: n.pairs.map(([k, v]) => [mark(k), mark(v)] as [Node, Node]), anchor, flow: n.flow }
    return copy
  }
  return mark(root)
}


/** SafeRepresenter's error for a value it has no representer for. */
export class RepresenterError extends Error {
  constructor(readonly value: unknown) {
    super('cannot represent an object')
    this.name = 'RepresenterError'
  }
}
