/**
 * `yaml.dump(data, ...)` byte for byte, in the two flavours Ansible and kolla use:
 *
 * - `libyaml`: Ansible's to_yaml/to_nice_yaml, `yaml.dump(data, Dumper=AnsibleDumper,
 *   allow_unicode=True, ...)`. AnsibleDumper is PyYAML's CSafeDumper: libyaml's emitter
 *   (its printable set: no U+0085 and no astral characters written raw, an empty scalar
 *   may be a simple key, double-quoted lines fold only at spaces) and SafeRepresenter.
 * - `python`: kolla's merge_yaml, `yaml.dump(data, default_flow_style=False, ...)` with
 *   PyYAML's pure-Python Dumper (Emitter and the full Representer).
 *
 * One emitter state machine serves both: PyYAML's Emitter state (column, whitespace,
 * indention, the indent stack), so that line folding and indentation agree with it.
 * Options: `default_flow_style` (null: a collection of scalars only is written in flow
 * style), `allow_unicode`, `explicit_start`, `indent`, `width`, `sort_keys`.
 */
import { analyze, type Analysis, type Flavour } from './analysis.js'
import { represent, type Map_, type Node, type Scalar, type Seq } from './represent.js'
import { writeDoubleQuoted, writeLiteral, writePlain, writeSingleQuoted } from './scalars.js'
import { YamlWriter, type WriterOptions } from './writer.js'

export { RepresenterError } from './represent.js'
export type { Flavour } from './analysis.js'

export interface DumpOptions extends Omit<WriterOptions, 'flavour'> {
  /** Whose emitter and representer (see above); libyaml unless said. */
  flavour?: Flavour
  /** PyYAML's `default_flow_style`: null puts collections of scalars in flow style (default false). */
  defaultFlowStyle?: boolean | null
  /** `explicit_start`: a `---` line first. */
  explicitStart?: boolean
  /** `sort_keys` (default true). */
  sortKeys?: boolean
}

/** `yaml.dump(data, ...)` as the flavour's Dumper writes it. */
export function yamlDump(data: unknown, opts: DumpOptions = {}): string {
  const flavour = opts.flavour ?? 'libyaml'
  const root = represent(data, {
    representer: flavour === 'libyaml' ? 'safe' : 'full',
    sortKeys: opts.sortKeys ?? true,
    flowStyle: opts.defaultFlowStyle === undefined ? false : opts.defaultFlowStyle,
  })
  const e = new Emitter({ ...opts, flavour })
  e.document(root, !!opts.explicitStart)
  return e.out
}

class Emitter extends YamlWriter {
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
      if (this.flowLevel || n.flow || n.items.length === 0) {
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
    if (this.flowLevel || n.flow || n.pairs.length === 0) {
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
        if (this.column > this.bestWidth) this.writeIndent()
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
      // libyaml's check_simple_key: a collection key must be empty.
      return length < 128 && empty
    }
    const chars = Array.from(n.value)
    length += 2 + n.tag.length + chars.length
    const a = analyze(chars, this.allowUnicode, this.flavour)
    // libyaml (unlike PyYAML) lets an empty scalar be a simple key.
    return length < 128 && (this.flavour === 'libyaml' || !a.empty) && !a.multiline
  }

  scalar(n: Scalar, ctx: { root?: boolean; simpleKey?: boolean }) {
    const chars = Array.from(n.value)
    if (n.literalTag) {
      this.writeIndicator(n.literalTag, true)
      if (!this.flowLevel && !ctx.simpleKey) return writeLiteral(this, chars)
    }
    const a = analyze(chars, this.allowUnicode, this.flavour)
    const style = this.chooseStyle(n, a, !!ctx.simpleKey)
    const split = !ctx.simpleKey
    if (style === '"') writeDoubleQuoted(this, chars, split)
    else if (style === "'") writeSingleQuoted(this, chars, split)
    else writePlain(this, chars, split, !!ctx.root)
  }

  chooseStyle(n: Scalar, a: Analysis, simpleKey: boolean): '' | "'" | '"' {
    if (n.plainImplicit) {
      if (!(simpleKey && (a.empty || a.multiline)) && ((this.flowLevel && a.allowFlowPlain) || (!this.flowLevel && a.allowBlockPlain)))
        return ''
    }
    if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return "'"
    return '"'
  }

  document(root: Node, explicitStart: boolean) {
    if (explicitStart) {
      this.writeIndicator('---', true)
    }
    this.node(root, { root: true })
    this.writeIndent()
    if (this.openEnded) {
      this.writeIndicator('...', true)
      this.writeIndent()
    }
  }
}

