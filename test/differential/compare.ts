/**
 * A readable account of how two normalised runs differ: one line per differing leaf,
 * with plays and tasks named so a reader can find them in the playbook.
 */
import type { NormalizedRun } from './normalize.js'

const MAX_SHOWN = 300

function show(v: unknown): string {
  if (v === undefined) return '(missing)'
  const text = JSON.stringify(v)
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text
}

function label(key: string, value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const named = value as { play?: unknown; task?: unknown }
    if (typeof named.play === 'string') return `${key}(play "${named.play}")`
    if (typeof named.task === 'string') return `${key}(task "${named.task}")`
  }
  return key
}

function walk(path: string, want: unknown, got: unknown, out: string[], limit: number): void {
  if (out.length >= limit) return
  if (Array.isArray(want) && Array.isArray(got)) {
    if (want.length !== got.length) out.push(`${path || '.'}: expected ${want.length} entries, got ${got.length}`)
    for (let i = 0; i < Math.max(want.length, got.length); i++) {
      const key = label(`${path}[${i}]`, want[i] ?? got[i])
      walk(key, want[i], got[i], out, limit)
    }
    return
  }
  const isObj = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (isObj(want) && isObj(got)) {
    const w = want as Record<string, unknown>
    const g = got as Record<string, unknown>
    for (const k of [...new Set([...Object.keys(w), ...Object.keys(g)])].sort()) {
      walk(label(path ? `${path}.${k}` : k, w[k] ?? g[k]), w[k], g[k], out, limit)
    }
    return
  }
  if (JSON.stringify(want) !== JSON.stringify(got)) out.push(`${path}: expected ${show(want)}, got ${show(got)}`)
}

/** Empty when the runs match. */
export function describeDifferences(expected: NormalizedRun, actual: NormalizedRun, limit = 40): string[] {
  const out: string[] = []
  walk('', expected, actual, out, limit)
  if (out.length >= limit) out.push(`… (stopped after ${limit} differences)`)
  return out
}
