/**
 * Source text → a render function: nunjucks's tokenizer and parser (with Jinja2's
 * expression grammar), then our closures. Jinja2's source handling comes first: newlines
 * normalised, and one trailing newline dropped (keep_trailing_newline is off).
 */
import { TemplateError, TemplateSyntaxError } from '../../errors/errors.js'
import { lex, type LexOptions } from '../syntax/lexer.js'
import { JinjaParser, type NjNode } from '../syntax/parser.js'
import { compileBody } from './compile-stmt.js'
import type { Expr } from '../syntax/nodes.js'
import type { Frame } from './state.js'
import { collectTraits, type TemplateTraits } from './traits.js'

export interface CompileOptions {
  trimBlocks: boolean
  lstripBlocks: boolean
  keepTrailingNewline: boolean
  newlineSequence: string
  tags?: LexOptions['tags']
}

export type RenderFn = ((frame: Frame) => unknown[]) & { readonly traits: TemplateTraits }

/**
 * Jinja2 prints a `#}` that closes no comment as text (kolla's local_settings.j2 has
 * `#}` ending commented-out Python); nunjucks's tokenizer rejects it. Such a `#}` is
 * turned into an expression printing it.
 */
function protectStrayCommentEnds(src: string, o: CompileOptions): string {
  const cs = o.tags?.commentStart ?? '{#'
  const ce = o.tags?.commentEnd ?? '#}'
  if (!src.includes(ce)) return src
  const opens = [o.tags?.blockStart ?? '{%', o.tags?.variableStart ?? '{{']
  const closes = [o.tags?.blockEnd ?? '%}', o.tags?.variableEnd ?? '}}']
  let out = ''
  let i = 0
  while (i < src.length) {
    if (src.startsWith(cs, i)) {
      const end = src.indexOf(ce, i + cs.length)
      const stop = end < 0 ? src.length : end + ce.length
      out += src.slice(i, stop)
      i = stop
      continue
    }
    const tag = opens.findIndex((t) => src.startsWith(t, i))
    if (tag >= 0) {
      const end = src.indexOf(closes[tag], i + opens[tag].length)
      const stop = end < 0 ? src.length : end + closes[tag].length
      out += src.slice(i, stop)
      i = stop
      continue
    }
    if (src.startsWith(ce, i)) {
      out += `${opens[1]} '${ce}' ${closes[1]}`
      i += ce.length
      continue
    }
    out += src[i]
    i++
  }
  return out
}

export function compileTemplate(source: string, o: CompileOptions): RenderFn {
  let src = source.replace(/\r\n|\r|\n/g, o.newlineSequence)
  if (!o.keepTrailingNewline && src.endsWith(o.newlineSequence)) src = src.slice(0, -o.newlineSequence.length)
  src = protectStrayCommentEnds(src, o)
  let root: NjNode
  try {
    root = (defaultTags(o.tags) && simpleTemplateTree(src)) || parseTemplate(src, o)
  } catch (e) {
    if (e instanceof TemplateError) throw e
    const raw = (e as Error).message.replace(/^\(unknown path\)\s*/, '').replace(/^\[Line \d+, Column \d+\]\s*/, '')
    throw new TemplateSyntaxError(jinjaWording(raw), { cause: e })
  }
  const [body, traits] = collectTraits(() => compileBody(root))
  const render = (frame: Frame) => {
    const out: unknown[] = []
    body(frame, out)
    return out
  }
  return Object.assign(render, { traits })
}

/** The template's tree from nunjucks's tokenizer and our parser. */
export function parseTemplate(src: string, o: Pick<CompileOptions, 'trimBlocks' | 'lstripBlocks' | 'tags'>): NjNode {
  const parser = new (JinjaParser as unknown as new (t: unknown) => JinjaParser)(lex(src, { trimBlocks: o.trimBlocks, lstripBlocks: o.lstripBlocks, tags: o.tags }))
  return (parser as unknown as { parseAsRoot(): NjNode }).parseAsRoot()
}

/**
 * Most of Ansible's templated variables are text and `{{ name.attr | filter }}` only
 * (about 60% of the distinct templates of a kolla run). Their tree is read off with two
 * regular expressions: the same tree the parser builds (test/template/simple-tree.test.ts
 * checks every such template of the kolla corpus), without the tokenizer's cost.
 * Anything else (braces in the text, calls, literals, operators, `{{-`) gives undefined.
 */
export function simpleTemplateTree(src: string): NjNode | undefined {
  if (!SIMPLE_TEMPLATE.test(src)) return undefined
  const children: NjNode[] = []
  let last = 0
  for (const m of src.matchAll(SIMPLE_OUTPUT)) {
    if (m.index > last) children.push(textOutput(src.slice(last, m.index)))
    const names = m[1]!.split('.')
    const filters = m[2]!.split('|').slice(1).map((f) => f.trim())
    if (names.some((n) => NOT_NAMES.has(n)) || filters.some((f) => NOT_NAMES.has(f))) return undefined
    let expr: Expr = { type: 'Name', name: names[0]! }
    for (const attr of names.slice(1)) expr = { type: 'Getattr', node: expr, attr }
    for (const name of filters) expr = { type: 'Filter', node: expr, name, args: [], kwargs: [] }
    children.push({ typename: 'Output', children: [expr] } as unknown as NjNode)
    last = m.index + m[0].length
  }
  if (last < src.length) children.push(textOutput(src.slice(last)))
  return { typename: 'Root', children } as unknown as NjNode
}

const SIMPLE_TEMPLATE = /^(?:[^{}]|\{\{\s*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\s*\|\s*[A-Za-z_]\w*)*\s*\}\})*$/
const SIMPLE_OUTPUT = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)((?:\s*\|\s*[A-Za-z_]\w*)*)\s*\}\}/g
/** Words Jinja2 reads as operators or constants, not names. */
const NOT_NAMES = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'true', 'false', 'none', 'True', 'False', 'None'])

function defaultTags(tags: CompileOptions['tags']): boolean {
  return (
    tags === undefined ||
    (tags.variableStart === '{{' && tags.variableEnd === '}}' && tags.blockStart === '{%' && tags.blockEnd === '%}' && tags.commentStart === '{#' && tags.commentEnd === '#}')
  )
}

function textOutput(value: string): NjNode {
  return { typename: 'Output', children: [{ typename: 'TemplateData', value }] } as unknown as NjNode
}

/** Blocks nunjucks reports as `parseX: expected ..., got end of file`: the tags Jinja2 lists. */
const OPEN_BLOCKS: Record<string, [string, string[]]> = {
  If: ['if', ['elif', 'else', 'endif']],
  For: ['for', ['endfor', 'else']],
  Macro: ['macro', ['endmacro']],
  Call: ['call', ['endcall']],
  Filter: ['filter', ['endfilter']],
  Set: ['set', ['endset']],
  Raw: ['raw', ['endraw']],
}

/** nunjucks's parse error texts in Jinja2's words, where they differ. */
function jinjaWording(message: string): string {
  const m = /^parse(\w+): expected .*, got end of file$/.exec(message) ?? /^expected end of (\w+) block/.exec(message)
  const block = m && OPEN_BLOCKS[m[1][0].toUpperCase() + m[1].slice(1)]
  if (block) {
    return `Unexpected end of template. Jinja was looking for the following tags: ${block[1].map((t) => `'${t}'`).join(' or ')}. The innermost block that needs to be closed is '${block[0]}'.`
  }
  return message
}

export { TemplateSyntaxError }
