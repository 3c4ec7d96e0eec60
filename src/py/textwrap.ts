/**
 * Python's `textwrap.wrap`, which Ansible uses for warnings, deprecations and errors:
 * tabs expanded, whitespace turned into spaces, words split after hyphens, long words
 * broken at the width. Lengths count code points, as Python's do.
 */

export interface WrapOptions {
  /** Drop whitespace at the start and end of lines (default true; deprecations turn it off). */
  dropWhitespace?: boolean
  breakLongWords?: boolean
  breakOnHyphens?: boolean
}

// The character classes of Python's TextWrapper.wordsep_re, with Unicode \w and \d.
const WS = '[\\t\\n\\x0b\\x0c\\r ]'
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]'
const WORD = '[\\p{L}\\p{N}_]'
const WORD_PUNCT = `(?:${WORD}|[!"'&.,?])`
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]'

const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NWS}+?(?:` +
    `-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WS}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${WORD})` +
    '))',
  'gu',
)
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`, 'gu')

/** Wraps `text` into lines of at most `width` code points (Python's textwrap.wrap). */
export function wrap(text: string, width: number, options: WrapOptions = {}): string[] {
  const dropWhitespace = options.dropWhitespace ?? true
  const munged = expandTabs(text).replace(/[\t\n\v\f\r]/g, ' ')
  const chunks = splitChunks(munged, options.breakOnHyphens ?? true)
  return wrapChunks(chunks, width, dropWhitespace, options)
}

function splitChunks(text: string, breakOnHyphens: boolean): string[] {
  const re = new RegExp(breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE)
  // re.split with a capturing group: the text between matches and the matches themselves.
  const parts: string[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    parts.push(text.slice(last, m.index), m[0])
    last = m.index + m[0].length
  }
  parts.push(text.slice(last))
  return parts.filter((c) => c !== '')
}

const len = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}
const isBlank = (s: string): boolean => s.trim() === ''

function wrapChunks(input: string[], width: number, dropWhitespace: boolean, options: WrapOptions): string[] {
  if (width <= 0) throw new RangeError(`invalid width ${width} (must be > 0)`)
  const lines: string[] = []
  const chunks = [...input].reverse()
  while (chunks.length) {
    const cur: string[] = []
    let curLen = 0
    if (dropWhitespace && lines.length && isBlank(chunks[chunks.length - 1]!)) chunks.pop()
    while (chunks.length) {
      const l = len(chunks[chunks.length - 1]!)
      if (curLen + l > width) break
      cur.push(chunks.pop()!)
      curLen += l
    }
    if (chunks.length && len(chunks[chunks.length - 1]!) > width) {
      handleLongWord(chunks, cur, curLen, width, options)
    }
    if (dropWhitespace && cur.length && isBlank(cur[cur.length - 1]!)) cur.pop()
    if (cur.length) lines.push(cur.join(''))
  }
  return lines
}

function handleLongWord(chunks: string[], cur: string[], curLen: number, width: number, options: WrapOptions): void {
  const spaceLeft = width < 1 ? 1 : width - curLen
  if (options.breakLongWords ?? true) {
    const chunk = [...chunks[chunks.length - 1]!]
    let end = spaceLeft
    if ((options.breakOnHyphens ?? true) && chunk.length > spaceLeft) {
      const hyphen = chunk.slice(0, spaceLeft).lastIndexOf('-')
      if (hyphen > 0 && chunk.slice(0, hyphen).some((c) => c !== '-')) end = hyphen + 1
    }
    cur.push(chunk.slice(0, end).join(''))
    chunks[chunks.length - 1] = chunk.slice(end).join('')
  } else if (cur.length === 0) {
    cur.push(chunks.pop()!)
  }
}

/** Python's `str.expandtabs(8)`: the column restarts after each newline. */
function expandTabs(text: string, tabSize = 8): string {
  if (!text.includes('\t')) return text
  let out = ''
  let col = 0
  for (const ch of text) {
    if (ch === '\t') {
      const n = tabSize - (col % tabSize)
      out += ' '.repeat(n)
      col += n
    } else {
      out += ch
      col = ch === '\n' || ch === '\r' ? 0 : col + 1
    }
  }
  return out
}
