/**
 * The YAML dump's first half: the representer's node graph for tsible's values (with
 * PyYAML's YAML 1.1 implicit resolvers deciding which strings may stay plain), and the
 * serializer's anchors for objects met twice. emitter.ts writes the graph.
 */
import { isLazyMapping } from '../lazy-mapping.js'
import { compareCodePoints } from '../str.js'
import { TaggedText } from '../tagged-text.js'
import { isUndefined } from '../undefined.js'
import { formatFloat, isDict, isFloat, PyFloat, PyTuple, pyTypeName } from '../values.js'

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
  const checks: [string, RegExp][] = []
  if ('yYnNtTfFoO'.includes(first) && first !== '') checks.push(['bool', BOOL_RE])
  if ('-+0123456789.'.includes(first) && first !== '') checks.push(['float', FLOAT_RE])
  if ('-+0123456789'.includes(first) && first !== '') checks.push(['int', INT_RE])
  if (first === '<') checks.push(['merge', MERGE_RE])
  if (first === '~' || first === 'n' || first === 'N' || first === '') checks.push(['null', NULL_RE])
  if ('0123456789'.includes(first) && first !== '') checks.push(['timestamp', TIMESTAMP_RE])
  if (first === '=') checks.push(['value', VALUE_RE])
  // PyYAML tries the resolvers in registration order: bool, float, int, merge, null,
  // timestamp, value; the first match wins.
  for (const [tag, re] of checks) if (pyMatch(re, value)) return tag
  return 'str'
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
interface Alias {
  kind: 'alias'
  anchor: string
}
export type Node = Scalar | Seq | Map_ | Alias

/**
 * Which of PyYAML's representers: `safe` is SafeRepresenter (Ansible's AnsibleDumper; a
 * tuple is a list), `full` is Representer (`yaml.dump`'s default Dumper), whose Python-only
 * tags (`!!python/tuple`, objects) tsible does not write.
 */
type Representer = 'safe' | 'full'

export interface RepresentOptions {
  representer: Representer
  sortKeys: boolean
  /** PyYAML's `default_flow_style`: null puts collections of scalars only in flow style. */
  flowStyle: boolean | null
}

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

/** The representer and the serializer's anchoring: data to a node graph. */
export function represent(data: unknown, o: RepresentOptions): Node {
  // A scalar with a style of its own (a literal `!vault`) keeps its collection in block style.
  const bestFlow = (nodes: Node[]) => (o.flowStyle === null ? nodes.every((n) => n.kind === 'scalar' && !n.literalTag) : o.flowStyle)
  const unrepresentable = (v: unknown): never => {
    throw o.representer === 'safe' ? new RepresenterError(v) : new TypeError(`cannot represent an object: ${pyTypeName(v)}`)
  }
  // Each collection becomes one node, however often it is reached.
  const seen = new Map<object, Seq | Map_>()
  const build = (v: unknown): Node => {
    if (v === null || v === undefined) return scalar('null', 'null')
    if (isUndefined(v)) return unrepresentable(v)
    if (typeof v === 'boolean') return scalar('bool', v ? 'true' : 'false')
    if (typeof v === 'string') return scalar('str', v)
    if (v instanceof TaggedText && v.isPlainText) return scalar('str', v.text)
    if (v instanceof TaggedText) return { kind: 'scalar', tag: v.yamlTag, value: v.serialized, plainImplicit: false, literalTag: v.yamlTag }
    if (typeof v === 'bigint') return scalar('int', v.toString())
    if (v instanceof PyFloat) return scalar('float', floatText(v.value))
    if (typeof v === 'number') return isFloat(v) || !Number.isFinite(v) ? scalar('float', floatText(v)) : scalar('int', String(v))
    if (typeof v === 'object') {
      const prior = seen.get(v)
      if (prior) return prior
      if (v instanceof PyTuple && o.representer === 'full') throw new TypeError('tuples are not supported by this dumper')
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
        const ordered = o.sortKeys ? [...keys].sort(compareCodePoints) : keys
        for (const k of ordered) node.pairs.push([build(k), build(isLazyMapping(v) ? v.get(k) : (v as Record<string, unknown>)[k])])
        node.flow = bestFlow(node.pairs.flat())
        return node
      }
    }
    return unrepresentable(v)
  }
  return anchor(build(data))
}

/** The serializer's anchor_node: a node met a second time is anchored, later meetings alias it. */
function anchor(root: Node): Node {
  let lastAnchor = 0
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
    return n.kind === 'seq'
      ? { kind: 'seq', items: n.items.map(mark), anchor, flow: n.flow }
      : { kind: 'map', pairs: n.pairs.map(([k, v]) => [mark(k), mark(v)] as [Node, Node]), anchor, flow: n.flow }
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
