/**
 * The import statements of Python source, found without a Python: a small lexer joins
 * physical lines into logical ones (brackets, backslash continuations, strings of every
 * kind, comments), splits them into simple statements and parses `import` and `from`
 * statements, including `from x import (a,\n b)`, relative imports and imports nested in
 * `try`/`if`/`def` bodies. Each import says whether it sits directly in the module body, as
 * ansible-core's ModuleDepFinder tells required imports (module level) from optional ones.
 */

export interface ImportStatement {
  /** `import a.b` or `from a import b`. */
  kind: 'import' | 'from'
  /** `from` only: the number of leading dots. */
  level: number
  /** `from` only: the module after the dots (null for `from . import x`). */
  module: string | null
  /** Imported names: dotted module names for `import`, the names for `from` (`*` included). */
  names: string[]
  /** Directly in the module body (not inside a block or a compound statement). */
  topLevel: boolean
}

interface LogicalLine {
  indent: number
  /** The line with string literals replaced by `""` and comments removed. */
  text: string
}

/** Every import statement of the source, in order. */
export function scanImports(source: string): ImportStatement[] {
  const out: ImportStatement[] = []
  for (const line of logicalLines(source)) {
    const top = line.indent === 0
    for (const stmt of statementsOf(line.text, top)) {
      const parsed = parseImport(stmt.text, stmt.topLevel)
      if (parsed) out.push(parsed)
    }
  }
  return out
}

const STRING_START = /^(?:[rRbBuUfF]{0,2})('''|"""|'|")/

/** Joins physical lines into logical lines; strings become `""`, comments go. */
function logicalLines(src: string): LogicalLine[] {
  const lines: LogicalLine[] = []
  let text = ''
  let depth = 0
  let indent = -1
  let atLineStart = true
  let col = 0
  let i = 0
  const n = src.length
  const endLine = () => {
    if (text.trim() !== '') lines.push({ indent: Math.max(indent, 0), text })
    text = ''
    indent = -1
    atLineStart = true
    col = 0
  }
  while (i < n) {
    const c = src[i]!
    if (atLineStart) {
      if (c === ' ') {
        col++
        i++
        continue
      }
      if (c === '\t') {
        col = (Math.floor(col / 8) + 1) * 8
        i++
        continue
      }
      if (c === '\f') {
        col = 0
        i++
        continue
      }
      atLineStart = false
      if (c !== '\n' && c !== '\r' && c !== '#') indent = col
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++
      continue
    }
    if (c === '\\' && (src[i + 1] === '\n' || (src[i + 1] === '\r' && src[i + 2] === '\n'))) {
      i += src[i + 1] === '\n' ? 2 : 3
      text += ' '
      continue
    }
    if (c === '\n' || c === '\r') {
      i++
      if (c === '\r' && src[i] === '\n') i++
      if (depth > 0) {
        text += ' '
        continue
      }
      if (indent < 0) {
        // a blank or comment-only line: does not start a logical line
        atLineStart = true
        col = 0
        continue
      }
      endLine()
      continue
    }
    if (/[A-Za-z_'"]/.test(c) && (i === 0 || !/[A-Za-z0-9_]/.test(src[i - 1]!))) {
      const m = STRING_START.exec(src.slice(i, i + 5))
      if (m) {
        i = skipString(src, i + m[0].length, m[1]!)
        text += '""'
        continue
      }
    }
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1)
    text += c
    i++
  }
  if (indent >= 0) endLine()
  return lines
}

/** The index just past the string whose body starts at `i`. */
function skipString(src: string, i: number, quote: string): number {
  const n = src.length
  const triple = quote.length === 3
  while (i < n) {
    const c = src[i]!
    if (c === '\\') {
      i += 2
      continue
    }
    if (!triple && c === '\n') return i
    if (src.startsWith(quote, i)) return i + quote.length
    i++
  }
  return n
}

const COMPOUND = /^(?:if|elif|else|try|except|finally|for|while|with|def|class|async)\b/

/** Splits a logical line into simple statements; a compound header's inline body is nested. */
function statementsOf(text: string, topLevel: boolean): { text: string; topLevel: boolean }[] {
  const body = text.trim()
  if (COMPOUND.test(body)) {
    const colon = headerColon(body)
    if (colon < 0) return []
    return splitSemicolons(body.slice(colon + 1)).map((s) => ({ text: s, topLevel: false }))
  }
  return splitSemicolons(body).map((s) => ({ text: s, topLevel }))
}

/** The colon that ends a compound statement's header (not a lambda's, a slice's or `:=`). */
function headerColon(s: string): number {
  let depth = 0
  let lambdas = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (depth === 0 && c === 'l' && /^lambda\b/.test(s.slice(i)) && (i === 0 || !/\w/.test(s[i - 1]!))) lambdas++
    else if (depth === 0 && c === ':' && s[i + 1] !== '=') {
      if (lambdas > 0) lambdas--
      else return i
    }
  }
  return -1
}

function splitSemicolons(s: string): string[] {
  const out: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '(' || c === '[' || c === '{') depth++
    else if (c === ')' || c === ']' || c === '}') depth--
    else if (c === ';' && depth === 0) {
      out.push(s.slice(start, i).trim())
      start = i + 1
    }
  }
  out.push(s.slice(start).trim())
  return out.filter((x) => x !== '')
}

const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`
const DOTTED = String.raw`${NAME}(?:\s*\.\s*${NAME})*`
const IMPORT_RE = new RegExp(String.raw`^import\s+(.+)$`, 'u')
const FROM_RE = new RegExp(String.raw`^from\s*((?:\.\s*)*)(${DOTTED})?\s*import\b\s*(.+)$`, 'u')
const ALIAS_RE = new RegExp(String.raw`^(${DOTTED})(?:\s+as\s+${NAME})?$`, 'u')

function parseImport(stmt: string, topLevel: boolean): ImportStatement | undefined {
  if (stmt.startsWith('import') && /^import\s/.test(stmt)) {
    const m = IMPORT_RE.exec(stmt)
    if (!m) return undefined
    const names = aliasNames(m[1]!)
    return names ? { kind: 'import', level: 0, module: null, names, topLevel } : undefined
  }
  if (!/^from[\s.]/.test(stmt)) return undefined
  const m = FROM_RE.exec(stmt)
  if (!m) return undefined
  const level = (m[1] ?? '').replace(/\s/g, '').length
  const module = m[2] ? m[2].replace(/\s/g, '') : null
  if (level === 0 && module === null) return undefined
  let list = m[3]!.trim()
  if (list === '*') return { kind: 'from', level, module, names: ['*'], topLevel }
  if (list.startsWith('(') && list.endsWith(')')) list = list.slice(1, -1)
  const names = aliasNames(list)
  return names ? { kind: 'from', level, module, names, topLevel } : undefined
}

function aliasNames(list: string): string[] | undefined {
  const out: string[] = []
  for (const part of list.split(',').map((p) => p.trim())) {
    if (part === '') continue
    const m = ALIAS_RE.exec(part)
    if (!m) return undefined
    out.push(m[1]!.replace(/\s/g, ''))
  }
  return out.length ? out : undefined
}
