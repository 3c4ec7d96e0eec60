/**
 * The emitter's output state, shared by PyYAML's and libyaml's emitters alike: the column,
 * whether the last character was whitespace or indentation, the indent stack. Line folding
 * and indentation follow from these exactly as in PyYAML's Emitter.
 */
import type { Flavour } from './analysis.js'

export interface WriterOptions {
  flavour: Flavour
  /** `allow_unicode`: printable non-ASCII characters are written as they are. */
  allowUnicode?: boolean
  /** PyYAML's `width`: a value above twice the indent replaces 80. */
  width?: number | null
  /** PyYAML's `indent` (2..9). */
  indent?: number | null
}

export class YamlWriter {
  out = ''
  column = 0
  whitespace = true
  indention = true
  openEnded = false
  indent: number | null = null
  indents: (number | null)[] = []
  flowLevel = 0
  readonly flavour: Flavour
  readonly bestIndent: number
  readonly bestWidth: number
  readonly allowUnicode: boolean

  constructor(opts: WriterOptions) {
    this.flavour = opts.flavour
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
}
