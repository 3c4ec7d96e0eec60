/**
 * The text Ansible prints for a result's `diff` (CallbackBase._get_diff): notes for
 * binary or oversized files, a unified diff of `before`/`after` (dicts as sorted,
 * indented JSON), and `prepared` text as is.
 */
import type { FileDiff } from '../module-api/types.js'
import { isDict } from '../py/values.js'
import { stringc, type Colorizer } from './color.js'
import { jsonDumps } from '../py/json-dumps.js'
import { unifiedDiff } from './unified-diff.js'

export interface DiffTextOptions {
  /** Lines of context (DIFF_CONTEXT, default 3). */
  context?: number
  /** Colours for `+`, `-` and `@@` lines; plain text when absent. */
  colors?: Colorizer
}

/** Renders one diff or a list of them; '' when there is nothing to show. */
export function diffText(diff: FileDiff | FileDiff[] | Record<string, unknown>, options: DiffTextOptions = {}): string {
  const list = (Array.isArray(diff) ? diff : [diff]) as Record<string, unknown>[]
  const out: string[] = []
  for (const d of list) {
    if ('dst_binary' in d) out.push('diff skipped: destination file appears to be binary\n')
    if ('src_binary' in d) out.push('diff skipped: source file appears to be binary\n')
    if ('dst_larger' in d) out.push(`diff skipped: destination file size is greater than ${intFormat(d.dst_larger)}\n`)
    if ('src_larger' in d) out.push(`diff skipped: source file size is greater than ${intFormat(d.src_larger)}\n`)
    if ('before' in d && 'after' in d) out.push(...textDiff(d, options))
    if ('prepared' in d) out.push(String(d.prepared))
  }
  return out.join('')
}

function textDiff(d: Record<string, unknown>, options: DiffTextOptions): string[] {
  const before = sideText(d.before)
  const after = sideText(d.after)
  const beforeLines = withEndMarker(pySplitLines(before))
  const afterLines = withEndMarker(pySplitLines(after))
  const lines = unifiedDiff(beforeLines, afterLines, {
    fromFile: 'before_header' in d ? `before: ${String(d.before_header)}` : 'before',
    toFile: 'after_header' in d ? `after: ${String(d.after_header)}` : 'after',
    context: options.context ?? 3,
  })
  const colors = options.colors
  const out = lines.map((line) => {
    if (!colors) return line
    if (line.startsWith('+')) return stringc(line, colors.diffAdd, colors.enabled)
    if (line.startsWith('-')) return stringc(line, colors.diffRemove, colors.enabled)
    if (line.startsWith('@@')) return stringc(line, colors.diffLines, colors.enabled)
    return line
  })
  if (out.length) out.push('\n')
  return out
}

/** Dicts are shown as JSON "files" (sorted, indent 4, ensure_ascii on); None is empty. */
function sideText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (isDict(v)) return jsonDumps(v, { sortKeys: true, indent: 4, separators: [',', ': '] }) + '\n'
  return String(v)
}

function withEndMarker(lines: string[]): string[] {
  const last = lines.length - 1
  if (last >= 0 && !lines[last]!.endsWith('\n')) lines[last] += '\n\\ No newline at end of file\n'
  return lines
}

function intFormat(v: unknown): string {
  return String(Math.trunc(Number(v)))
}

// Python's str.splitlines boundaries: \n, \r\n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g

/** Python's `str.splitlines(True)`: lines with their endings. */
function pySplitLines(text: string): string[] {
  const out: string[] = []
  let start = 0
  for (const m of text.matchAll(LINE_BREAK)) {
    const end = m.index + m[0].length
    out.push(text.slice(start, end))
    start = end
  }
  if (start < text.length) out.push(text.slice(start))
  return out
}
