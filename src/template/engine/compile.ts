/**
 * Source text → a render function: nunjucks's tokenizer and parser (with Jinja2's
 * expression grammar), then our closures. Jinja2's source handling comes first: newlines
 * normalised, and one trailing newline dropped (keep_trailing_newline is off).
 */
import { TemplateError } from '../../errors/errors.js'
import { lex, type LexOptions } from '../syntax/lexer.js'
import { JinjaParser, type NjNode } from '../syntax/parser.js'
import { compileBody } from './compile-stmt.js'
import type { Frame } from './state.js'

export interface CompileOptions {
  trimBlocks: boolean
  lstripBlocks: boolean
  keepTrailingNewline: boolean
  newlineSequence: string
  tags?: LexOptions['tags']
}

export type RenderFn = (frame: Frame) => unknown[]

export function compileTemplate(source: string, o: CompileOptions): RenderFn {
  let src = source.replace(/\r\n|\r|\n/g, o.newlineSequence)
  if (!o.keepTrailingNewline && src.endsWith(o.newlineSequence)) src = src.slice(0, -o.newlineSequence.length)
  let root: NjNode
  try {
    const parser = new (JinjaParser as unknown as new (t: unknown) => JinjaParser)(lex(src, { trimBlocks: o.trimBlocks, lstripBlocks: o.lstripBlocks, tags: o.tags }))
    root = (parser as unknown as { parseAsRoot(): NjNode }).parseAsRoot()
  } catch (e) {
    if (e instanceof TemplateError) throw e
    throw new TemplateSyntaxError((e as Error).message.replace(/^\(unknown path\)\s*/, '').replace(/^\[Line \d+, Column \d+\]\s*/, ''), { cause: e })
  }
  const body = compileBody(root)
  return (frame) => {
    const out: unknown[] = []
    body(frame, out)
    return out
  }
}

/** A template that does not parse (Jinja2's TemplateSyntaxError). */
export class TemplateSyntaxError extends TemplateError {
  override readonly name = 'TemplateSyntaxError'
}
