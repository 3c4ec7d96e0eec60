/**
 * `yaml.dump(data, Dumper=AnsibleDumper, allow_unicode=True, ...)` byte for byte, as
 * Ansible's to_yaml/to_nice_yaml produce it: AnsibleDumper is PyYAML's CSafeDumper, so
 * this is libyaml's emitter (its printable set: no U+0085 and no astral characters
 * written raw) with SafeRepresenter's nodes, `default_flow_style=None` (a collection of
 * scalars only is written in flow style) or False, `indent`, `width`, `sort_keys`.
 *
 * Derived from tsible's PyYAML emitter for merge_yaml (plugins/kolla/pyyaml-dump.ts):
 * the same emitter state machine, plus flow collections, allow_unicode and libyaml's
 * character classes.
 */
import { analyze, BREAKS, ESCAPES, isPrintableUnicode, represent, type Analysis, type Map_, type Node, type Scalar, type Seq } from './yaml-represent.js'

export { RepresenterError } from './yaml-represent.js'

export interface DumpOptions {
  /** PyYAML's `default_flow_style`: null puts collections of scalars in flow style. */
  defaultFlowStyle?: boolean | null
  /** `allow_unicode` (Ansible passes True). */
  allowUnicode?: boolean
  /** `explicit_start`: a `---` line first. */
  explicitStart?: boolean
  /** PyYAML's `width`: a value above twice the indent replaces 80. */
  width?: number | null
  /** PyYAML's `indent` (2..9). */
  indent?: number | null
  /** `sort_keys` (default true). */
  sortKeys?: boolean
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
  readonly allowUnicode: boolean

  constructor(opts: DumpOptions) {
    this.allowUnicode = !!opts.allowUnicode
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
    const a = analyze(chars, this.allowUnicode)
    // libyaml (unlike PyYAML) lets an empty scalar be a simple key.
    return length < 128 && !a.multiline
  }

  scalar(n: Scalar, ctx: { root?: boolean; simpleKey?: boolean }) {
    const chars = Array.from(n.value)
    if (n.literalTag) {
      this.writeIndicator(n.literalTag, true)
      if (!this.flowLevel && !ctx.simpleKey) return this.writeLiteral(chars)
    }
    const a = analyze(chars, this.allowUnicode)
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

  /** libyaml's write_literal_scalar: `|` with its chomping/indent hints, then the lines at the current indent. */
  writeLiteral(text: string[]) {
    let hints = ''
    if (text.length && (text[0] === ' ' || BREAKS.includes(text[0]!))) hints += String(this.bestIndent)
    const last = text[text.length - 1]
    if (!text.length || !BREAKS.includes(last!)) hints += '-'
    else if (text.length === 1 || BREAKS.includes(text[text.length - 2]!)) {
      hints += '+'
      this.openEnded = true
    }
    this.writeIndicator('|' + hints, true)
    this.writeLineBreak()
    let breaks = true
    for (const ch of text) {
      if (BREAKS.includes(ch)) {
        this.writeLineBreak(ch === '\n' ? '\n' : ch)
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        breaks = false
        this.write(ch, 1)
        this.indention = false
      }
    }
  }

  writePlain(text: string[], split: boolean, root: boolean) {
    // libyaml 0.2.5 ends a document after an open-ended plain root scalar without '...'.
    void root
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

  /**
   * libyaml's yaml_emitter_write_double_quoted_scalar: lines fold only at the first space of
   * a run once past the width (the space becomes the break; a following space is kept with
   * a backslash), never after an escape as PyYAML's Python emitter does.
   */
  writeDoubleQuoted(text: string[], split: boolean) {
    this.writeIndicator('"', true)
    let spaces = false
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]
      const cp = ch.codePointAt(0)!
      const printable = (cp >= 0x20 && cp <= 0x7e) || (this.allowUnicode && isPrintableUnicode(cp))
      if (!printable || '"\\\x85\u2028\u2029\ufeff\n\r'.includes(ch)) {
        let data: string
        if (ESCAPES[ch] !== undefined) data = '\\' + ESCAPES[ch]
        else if (cp <= 0xff) data = '\\x' + cp.toString(16).toUpperCase().padStart(2, '0')
        else if (cp <= 0xffff) data = '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
        else data = '\\U' + cp.toString(16).toUpperCase().padStart(8, '0')
        this.write(data, data.length)
        spaces = false
      } else if (ch === ' ') {
        if (split && !spaces && this.column > this.bestWidth && i !== 0 && i !== text.length - 1) {
          this.writeIndent()
          if (text[i + 1] === ' ') this.write('\\', 1)
        } else this.write(' ', 1)
        spaces = true
      } else {
        this.write(ch, 1)
        spaces = false
      }
    }
    this.writeIndicator('"', false)
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

/** `yaml.dump(data, Dumper=AnsibleDumper, ...)`. */
export function ansibleYamlDump(data: unknown, opts: DumpOptions = {}): string {
  const root = represent(data, opts.sortKeys ?? true, opts.defaultFlowStyle === undefined ? false : opts.defaultFlowStyle)
  const e = new Emitter(opts)
  e.document(root, !!opts.explicitStart)
  return e.out
}
