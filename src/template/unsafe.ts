/**
 * Values that came out of task results (registered results, facts, set_fact values) are
 * data, never templates again: Ansible wraps them as unsafe (wrap_var). A list or dict is
 * remembered as such; a string that holds template markers becomes UnsafeText.
 */
import { UnsafeText } from '../yaml/tagged.js'

const DATA = new WeakSet<object>()

export function markUnsafe(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%') || v.includes('{#') ? new UnsafeText(v) : v
  if (typeof v === 'object' && v !== null) DATA.add(v)
  return v
}

/** Marks each value of a variables dict (each is one variable). */
export function markUnsafeVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(vars)) out[k] = markUnsafe(v)
  return out
}

export function isUnsafeData(v: object): boolean {
  return DATA.has(v)
}
