/**
 * The emitter's look at a scalar before it picks a style (PyYAML's analyze_scalar, libyaml's
 * yaml_emitter_analyze_scalar), and the character classes the two emitters disagree on.
 */

/** Which emitter writes: libyaml's (PyYAML's C* dumpers) or PyYAML's pure-Python one. */
export type Flavour = 'libyaml' | 'python'

export const BREAKS = '\n\x85\u2028\u2029'
const SPACE_OR_BREAK = '\0 \t\r\n\x85\u2028\u2029'

/** The escapes of double-quoted scalars (`\\x..`, `\\u....`, `\\U........` otherwise). */
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

/**
 * The printable characters beyond ASCII that allow_unicode lets through unescaped. libyaml's
 * IS_PRINTABLE: U+00A0..U+FFFD less surrogates and U+FEFF. PyYAML's analyze_scalar adds
 * U+0085 and the astral planes.
 */
export function isPrintableUnicode(cp: number, flavour: Flavour): boolean {
  if (cp === 0xfeff) return false
  if ((cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd)) return true
  return flavour === 'python' && (cp === 0x85 || (cp >= 0x10000 && cp < 0x10ffff))
}

export interface Analysis {
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
  allowBlock: boolean
}

/** Whether the first character (or one after whitespace) makes the scalar an indicator. */
function indicators(ch: string, first: boolean, precededByWhitespace: boolean, followedByWhitespace: boolean): { flow: boolean; block: boolean } {
  let flow = false
  let block = false
  if (first) {
    if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flow = block = true
    if (ch === '?' || ch === ':') {
      flow = true
      if (followedByWhitespace) block = true
    }
    if (ch === '-' && followedByWhitespace) flow = block = true
  } else {
    if (',?[]{}'.includes(ch)) flow = true
    if (ch === ':') {
      flow = true
      if (followedByWhitespace) block = true
    }
    if (ch === '#' && precededByWhitespace) flow = block = true
  }
  return { flow, block }
}

export function analyze(chars: string[], allowUnicode: boolean, flavour: Flavour): Analysis {
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
    const ind = indicators(ch, index === 0, precededByWhitespace, followedByWhitespace)
    flowIndicators ||= ind.flow
    blockIndicators ||= ind.block
    if (BREAKS.includes(ch)) lineBreaks = true
    const cp = ch.codePointAt(0)!
    if (!(ch === '\n' || (cp >= 0x20 && cp <= 0x7e)) && !(allowUnicode && isPrintableUnicode(cp, flavour))) specialCharacters = true
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
