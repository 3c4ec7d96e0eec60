/**
 * Ansible's `key=value` argument strings (`copy: src=a dest=b`, `command: ls -l chdir=/tmp`).
 *
 * Splitting is on spaces and newlines, but never inside quotes or Jinja blocks, and the
 * original spacing and newlines are kept in the pieces (ansible.parsing.splitter).
 */
import { ParseError } from '../errors/errors.js'
import { COMMAND_KV_OPTIONS } from './keywords.js'

/** Splits an argument string into tokens, keeping quoted text and Jinja blocks whole. */
export function splitArgs(args: string): string[] {
  const params: string[] = []
  let quote: string | null = null
  let depth = { print: 0, block: 0, comment: 0 }
  const inJinja = () => depth.print > 0 || depth.block > 0 || depth.comment > 0
  const lines = args.split('\n')
  lines.forEach((line, lineIndex) => {
    const tokens = line.split(' ')
    let continuation = false
    tokens.forEach((token, idx) => {
      if (token.length === 0 && idx !== 0) {
        params[params.length - 1] += ' '
        return
      }
      if (token === '\\' && quote === null) {
        continuation = true
        return
      }
      const wasQuoted = quote !== null
      quote = quoteState(token, quote)
      const quoted = quote !== null
      let appended = false
      if (quoted && !wasQuoted && !inJinja()) {
        params.push(token)
        appended = true
      } else if (inJinja() || quoted || wasQuoted) {
        const last = params.length - 1
        if (idx === 0 && wasQuoted) params[last] += token
        else if (tokens.length > 1) params[last] += (idx > 0 ? ' ' : '') + token
        else params[last] += `\n${token}`
        appended = true
      }
      const next = {
        print: countBlocks(token, depth.print, '{{', '}}'),
        block: countBlocks(token, depth.block, '{%', '%}'),
        comment: countBlocks(token, depth.comment, '{#', '#}'),
      }
      for (const k of ['print', 'block', 'comment'] as const) {
        if (next[k] !== depth[k] && !appended) {
          params.push(token)
          appended = true
        }
      }
      depth = next
      if (!inJinja() && !quoted && !appended && token !== '') params.push(token)
    })
    if (lines.length > 1 && lineIndex !== lines.length - 1 && !continuation && params.length > 0) {
      params[params.length - 1] += '\n'
    }
  })
  if (inJinja() || quote !== null) {
    throw new ParseError(`failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${args}`)
  }
  return params
}

function quoteState(token: string, quote: string | null): string | null {
  for (let i = 0; i < token.length; i++) {
    const c = token[i]
    if ((c === '"' || c === "'") && (i === 0 || token[i - 1] !== '\\')) {
      if (quote === null) quote = c
      else if (c === quote) quote = null
    }
  }
  return quote
}

function countBlocks(token: string, depth: number, open: string, close: string): number {
  const opens = token.split(open).length - 1
  const closes = token.split(close).length - 1
  if (opens === closes) return depth
  return Math.max(0, depth + opens - closes)
}

/** Joins tokens back, keeping their newlines (join_args). */
function joinArgs(tokens: readonly string[]): string {
  let out = ''
  for (const t of tokens) out += out.length === 0 || out.endsWith('\n') ? t : ` ${t}`
  return out
}

/** Removes one pair of matching outer quotes. */
function unquote(s: string): string {
  if (s.length > 1 && s[0] === s[s.length - 1] && (s[0] === '"' || s[0] === "'") && s[s.length - 2] !== '\\') {
    return s.slice(1, -1)
  }
  return s
}

const ESCAPES = /\\U[0-9a-fA-F]{8}|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|\\[\\'"abfnrtv]/g
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\\\': '\\', "\\'": "'", '\\"': '"', '\\a': '\x07', '\\b': '\b', '\\f': '\f', '\\n': '\n', '\\r': '\r', '\\t': '\t', '\\v': '\v',
}

function decodeEscapes(s: string): string {
  return s.replace(ESCAPES, (m) => SIMPLE_ESCAPES[m] ?? String.fromCodePoint(parseInt(m.slice(2), 16)))
}

/**
 * Parses `k=v` pairs. With `checkRaw` (free-form modules), tokens that are not one of the
 * command options go to `_raw_params` unchanged; so do tokens without `=`.
 */
export function parseKv(args: string, checkRaw = false): Record<string, unknown> {
  const options: Record<string, unknown> = {}
  const raw: string[] = []
  for (const orig of splitArgs(args)) {
    const x = decodeEscapes(orig)
    const pos = unescapedEquals(x)
    if (pos === -2) {
      raw.push(x.replace(/\\=/g, '='))
      continue
    }
    if (pos < 0) {
      raw.push(orig)
      continue
    }
    const k = x.slice(0, pos)
    if (checkRaw && !COMMAND_KV_OPTIONS.has(k)) raw.push(orig)
    else options[k.trim()] = unquote(x.slice(pos + 1).trim())
  }
  if (raw.length > 0) options._raw_params = joinArgs(raw)
  return options
}

/** Index of the first `=` not preceded by `\` (not at 0); -1 if none, -2 if only escaped ones. */
function unescapedEquals(x: string): number {
  if (!x.includes('=')) return -1
  let pos = 0
  for (;;) {
    pos = x.indexOf('=', pos + 1)
    if (pos < 0) return -2
    if (x[pos - 1] !== '\\') return pos
  }
}
