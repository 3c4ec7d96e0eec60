/**
 * Lists the functions longer than a limit (default 60 lines) in the given directories, and
 * exits non-zero when there is one: `node scripts/function-lengths.ts [--max N] DIR...`
 * (through tsx). Functions, methods, arrows and accessors count from their first to their
 * last line; a nested function counts within its parent too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseSync } from '@swc/core'

interface Span {
  start: number
  end: number
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'PrivateMethod', 'Constructor', 'GetterProperty', 'SetterProperty', 'MethodProperty'])

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) return files(p)
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : []
  })
}

/** Every function node's span (swc's byte offsets, shared across one parse session). */
function functionSpans(node: unknown, out: Array<{ span: Span; name: string }>, name = '<anonymous>'): void {
  if (Array.isArray(node)) {
    for (const n of node) functionSpans(n, out, name)
    return
  }
  if (!node || typeof node !== 'object') return
  const n = node as Record<string, unknown>
  let here = name
  const key = n.key as { value?: string } | undefined
  const ident = (n.identifier ?? n.id) as { value?: string } | undefined
  if (ident?.value) here = ident.value
  else if (key?.value) here = key.value
  if (typeof n.type === 'string' && FUNCTION_TYPES.has(n.type) && n.span) out.push({ span: n.span as Span, name: here })
  for (const [k, v] of Object.entries(n)) if (k !== 'span' && typeof v === 'object') functionSpans(v, out, n.type === 'VariableDeclarator' ? here : name)
}

function longFunctions(file: string, max: number): string[] {
  const text = readFileSync(file, 'utf8')
  // swc's offsets continue across parses; a leading ';' (the module's first token, one byte)
  // pins where this file starts.
  const module = parseSync(`;${text}`, { syntax: 'typescript', target: 'es2022' })
  const base = module.span.start + 1
  const lineStarts = [0]
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lineStarts.push(i + 1)
  const lineOf = (offset: number): number => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  const spans: Array<{ span: Span; name: string }> = []
  functionSpans(module.body, spans)
  const out: string[] = []
  for (const { span, name } of spans) {
    const first = lineOf(span.start - base)
    const lines = lineOf(span.end - base - 1) - first + 1
    if (lines > max) out.push(`${file}:${first} ${name} ${lines} lines`)
  }
  return out
}

const args = process.argv.slice(2)
let max = 60
const at = args.indexOf('--max')
if (at >= 0) {
  max = Number(args[at + 1])
  args.splice(at, 2)
}
const found = args.flatMap((d) => files(d)).flatMap((f) => longFunctions(f, max))
for (const line of found) process.stdout.write(`${line}\n`)
if (found.length) {
  process.stderr.write(`${found.length} function(s) over ${max} lines\n`)
  process.exitCode = 1
}
