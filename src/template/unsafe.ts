/**
 * Ansible's unsafe marking (wrap_var, AnsibleContext.unsafe): values that came out of task
 * results (registered results, module facts), loop items from `with_*` lookups, lookup
 * results and `!unsafe` text are data, never templated again, and a template that reads
 * one gives an unsafe result.
 *
 * A list or dict is remembered as unsafe (with every list and dict inside it); a string
 * that holds template markers becomes UnsafeText. Renders note what they read: a render
 * that read an unsafe value (at any depth of a variable, as AnsibleContext._is_unsafe
 * looks) marks its result, and a render inside another passes its mark to the outer one.
 */
import { isDict } from '../py/values.js'
import { isLazyMapping } from '../py/lazy-mapping.js'
import { UnsafeText } from '../yaml/tagged.js'

const DATA = new WeakSet<object>()

export function hasTemplateMarkers(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#')
}

/** wrap_var: a string with template markers becomes UnsafeText; lists and dicts are marked, deeply. */
export function markUnsafe(v: unknown): unknown {
  if (typeof v === 'string') return hasTemplateMarkers(v) ? new UnsafeText(v) : v
  markData(v)
  return v
}

function markData(v: unknown): void {
  if (typeof v !== 'object' || v === null || DATA.has(v)) return
  if (Array.isArray(v)) {
    DATA.add(v)
    for (const x of v) markData(x)
  } else if (isDict(v) && !isLazyMapping(v)) {
    DATA.add(v)
    for (const k in v) markData((v as Record<string, unknown>)[k])
  }
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

const holds = new WeakMap<object, boolean>()

/**
 * Whether a value is unsafe or holds an unsafe value at any depth (kept per list or dict:
 * stored variables are never changed in place).
 */
export function holdsUnsafe(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false
  if (v instanceof UnsafeText || DATA.has(v)) return true
  if (!Array.isArray(v) && (!isDict(v) || isLazyMapping(v))) return false
  let found = holds.get(v)
  if (found === undefined) {
    found = Array.isArray(v) ? v.some(holdsUnsafe) : Object.values(v).some(holdsUnsafe)
    holds.set(v, found)
  }
  return found
}

/** One flag per render in progress, innermost last. */
const renders: boolean[] = []

/** A render starts: what it reads is noted until endRender. */
export function beginRender(): void {
  renders.push(false)
}

/** The render ends: whether it read an unsafe value (the outer render then has too). */
export function endRender(): boolean {
  const unsafe = renders.pop() === true
  if (unsafe && renders.length > 0) renders[renders.length - 1] = true
  return unsafe
}

/** The render in progress read an unsafe value. */
export function noteUnsafe(): void {
  if (renders.length > 0) renders[renders.length - 1] = true
}
