/**
 * Source text → a render function: nunjucks's tokenizer and parser (with Jinja2's
 * expression grammar), then our closures. Jinja2's source handling comes first: newlines
 * normalised, and one trailing newline dropped (keep_trailing_newline is off).
 */
import { TemplateError, TemplateSyntaxError } from '../../errors/errors.js'
import { lex, type LexOptions } from '../syntax/lexer.js'
import { JinjaParser, type NjNode } from '../syntax/parser.js'
import { compileBody } from './compile-stmt.js'
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
    const parser = new (JinjaParser as unknown as new (t: unknown) => JinjaParser)(lex(src, { trimBlocks: o.trimBlocks, lstripBlocks: o.lstripBlocks, tags: o.tags }))
    root = (parser as unknown as { parseAsRoot(): NjNode }).parseAsRoot()
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
