/**
 * The three scalar styles besides block ones, written as the emitters write them: plain and
 * single-quoted alike in both, double-quoted each its own way when a line must fold.
 */
import { BREAKS, ESCAPES, isPrintableUnicode } from './analysis.js'
import type { YamlWriter } from './writer.js'

/** A run of line breaks inside a plain or single-quoted scalar: a leading '\n' is doubled. */
function writeBreaks(w: YamlWriter, breaks: string[]) {
  if (breaks[0] === '\n') w.writeLineBreak()
  for (const br of breaks) w.writeLineBreak(br)
  w.writeIndent()
}

export function writePlain(w: YamlWriter, text: string[], split: boolean, root: boolean) {
  // PyYAML's emitter ends a document after an open-ended plain root scalar with '...';
  // libyaml 0.2.5 does not.
  if (root && w.flavour === 'python') w.openEnded = true
  if (!text.length) return
  if (!w.whitespace) w.write(' ', 1)
  w.whitespace = false
  w.indention = false
  let spaces = false
  let breaks = false
  let start = 0
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : null
    if (spaces) {
      if (ch !== ' ') {
        if (start + 1 === end && w.column > w.bestWidth && split) {
          w.writeIndent()
          w.whitespace = false
          w.indention = false
        } else w.write(text.slice(start, end).join(''), end - start)
        start = end
      }
    } else if (breaks) {
      if (ch === null || !BREAKS.includes(ch)) {
        writeBreaks(w, text.slice(start, end))
        w.whitespace = false
        w.indention = false
        start = end
      }
    } else if (ch === null || (' ' + BREAKS).includes(ch)) {
      w.write(text.slice(start, end).join(''), end - start)
      start = end
    }
    if (ch !== null) {
      spaces = ch === ' '
      breaks = BREAKS.includes(ch)
    }
  }
}

/** libyaml's write_literal_scalar: `|` with its chomping/indent hints, then the lines at the current indent. */
export function writeLiteral(w: YamlWriter, text: string[]) {
  let hints = ''
  if (text.length && (text[0] === ' ' || BREAKS.includes(text[0]!))) hints += String(w.bestIndent)
  const last = text[text.length - 1]
  if (!text.length || !BREAKS.includes(last!)) hints += '-'
  else if (text.length === 1 || BREAKS.includes(text[text.length - 2]!)) {
    hints += '+'
    w.openEnded = true
  }
  w.writeIndicator('|' + hints, true)
  w.writeLineBreak()
  let breaks = true
  for (const ch of text) {
    if (BREAKS.includes(ch)) {
      w.writeLineBreak(ch === '\n' ? '\n' : ch)
      breaks = true
    } else {
      if (breaks) w.writeIndent()
      breaks = false
      w.write(ch, 1)
      w.indention = false
    }
  }
}

export function writeSingleQuoted(w: YamlWriter, text: string[], split: boolean) {
  w.writeIndicator("'", true)
  let spaces = false
  let breaks = false
  let start = 0
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : null
    if (spaces) {
      if (ch === null || ch !== ' ') {
        if (start + 1 === end && w.column > w.bestWidth && split && start !== 0 && end !== text.length) w.writeIndent()
        else w.write(text.slice(start, end).join(''), end - start)
        start = end
      }
    } else if (breaks) {
      if (ch === null || !BREAKS.includes(ch)) {
        writeBreaks(w, text.slice(start, end))
        start = end
      }
    } else if (ch === null || (' ' + BREAKS).includes(ch) || ch === "'") {
      if (start < end) {
        w.write(text.slice(start, end).join(''), end - start)
        start = end
      }
    }
    if (ch === "'") {
      w.write("''", 2)
      start = end + 1
    }
    if (ch !== null) {
      spaces = ch === ' '
      breaks = BREAKS.includes(ch)
    }
  }
  w.writeIndicator("'", false)
}

/**
 * libyaml's yaml_emitter_write_double_quoted_scalar: lines fold only at the first space of
 * a run once past the width (the space becomes the break; a following space is kept with
 * a backslash), never after an escape as PyYAML's Python emitter does.
 */
function writeDoubleQuotedLibyaml(w: YamlWriter, text: string[], split: boolean) {
  w.writeIndicator('"', true)
  let spaces = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    const cp = ch.codePointAt(0)!
    const printable = (cp >= 0x20 && cp <= 0x7e) || (w.allowUnicode && isPrintableUnicode(cp, 'libyaml'))
    if (!printable || '"\\\x85\u2028\u2029\ufeff\n\r'.includes(ch)) {
      const data = escape(ch, cp)
      w.write(data, data.length)
      spaces = false
    } else if (ch === ' ') {
      if (split && !spaces && w.column > w.bestWidth && i !== 0 && i !== text.length - 1) {
        w.writeIndent()
        if (text[i + 1] === ' ') w.write('\\', 1)
      } else w.write(' ', 1)
      spaces = true
    } else {
      w.write(ch, 1)
      spaces = false
    }
  }
  w.writeIndicator('"', false)
}

/**
 * PyYAML's write_double_quoted: a line may also fold right after an escape, the fold
 * written as a trailing backslash.
 */
function writeDoubleQuotedPython(w: YamlWriter, text: string[], split: boolean) {
  w.writeIndicator('"', true)
  let start = 0
  for (let end = 0; end <= text.length; end++) {
    const ch = end < text.length ? text[end] : null
    const cp = ch === null ? -1 : ch.codePointAt(0)!
    if (ch === null || '"\\\x85\u2028\u2029\ufeff'.includes(ch) || (!(cp >= 0x20 && cp <= 0x7e) && !(w.allowUnicode && isPrintableBmp(cp)))) {
      if (start < end) {
        w.write(text.slice(start, end).join(''), end - start)
        start = end
      }
      if (ch !== null) {
        const data = escape(ch, cp)
        w.write(data, data.length)
        start = end + 1
      }
    }
    if (end > 0 && end < text.length - 1 && (ch === ' ' || start >= end) && w.column + (end - start) > w.bestWidth && split) {
      const data = text.slice(start, end).join('') + '\\'
      if (start < end) start = end
      w.write(data)
      w.writeIndent()
      w.whitespace = false
      w.indention = false
      if (text[start] === ' ') w.write('\\', 1)
    }
  }
  w.writeIndicator('"', false)
}

export function writeDoubleQuoted(w: YamlWriter, text: string[], split: boolean) {
  if (w.flavour === 'libyaml') writeDoubleQuotedLibyaml(w, text, split)
  else writeDoubleQuotedPython(w, text, split)
}

/** A double-quoted scalar's escape for one character. */
function escape(ch: string, cp: number): string {
  if (ESCAPES[ch] !== undefined) return '\\' + ESCAPES[ch]
  if (cp <= 0xff) return '\\x' + cp.toString(16).toUpperCase().padStart(2, '0')
  if (cp <= 0xffff) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
  return '\\U' + cp.toString(16).toUpperCase().padStart(8, '0')
}

/** What PyYAML's write_double_quoted leaves unescaped beyond ASCII under allow_unicode. */
function isPrintableBmp(cp: number): boolean {
  return (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)
}
