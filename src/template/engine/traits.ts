/**
 * What a compiled template can do to the values it reads, found while compiling it.
 *
 * Ansible templates a variable afresh on every read, so a template that changes a list
 * it read (`x.append(1)`) changes only its own copy. A template that cannot change what it
 * reads may instead be handed the stored values themselves: whatever it returns is copied
 * or turned into text on the way out (see concat.ts). A template can change a value
 * through a mutating method of lists, dicts and sets, through a callable it cannot name
 * (`x['append'](1)`), through an included template, a lookup plugin, or a filter or test
 * that is not one of the bundled ones (checked when it renders, see `readOnlyPlugins`).
 */

export interface TemplateTraits {
  /** Something in the template may change a value it was given. */
  mutates: boolean
  /** The filters and tests it names, without repeats. */
  readonly filters: string[]
  readonly tests: string[]
}

/** Python's methods that change their list, dict or set. */
const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
  'update', 'setdefault', 'popitem',
  'add', 'discard', 'difference_update', 'intersection_update', 'symmetric_difference_update',
])

/** Global functions that hand values to plugins of any origin. */
const PLUGIN_CALLS = new Set(['lookup', 'query', 'q'])

let current: TemplateTraits | null = null

/** Compiles with `fn`, collecting the template's traits (compiling is synchronous). */
export function collectTraits<T>(fn: () => T): [T, TemplateTraits] {
  const outer = current
  const traits: TemplateTraits = { mutates: false, filters: [], tests: [] }
  current = traits
  try {
    return [fn(), traits]
  } finally {
    current = outer
  }
}

/** A call `callee(...)`: by a method name, a global function name, or anything else. */
export function noteCall(callee: { type: string; attr?: string; name?: string }): void {
  if (!current) return
  if (callee.type === 'Getattr') {
    if (MUTATING_METHODS.has(callee.attr!)) current.mutates = true
  } else if (callee.type === 'Name') {
    if (PLUGIN_CALLS.has(callee.name!)) current.mutates = true
  } else current.mutates = true
}

export function noteFilter(name: string): void {
  if (current && !current.filters.includes(name)) current.filters.push(name)
}

export function noteTest(name: string): void {
  if (current && !current.tests.includes(name)) current.tests.push(name)
}

/** `{% include %}` and the like: the other template's traits are not known here. */
export function noteInclude(): void {
  if (current) current.mutates = true
}

const readOnly = new WeakSet<object>()

/** Declares filter or test functions that never change their arguments (the bundled ones). */
export function markReadOnly(fns: Iterable<unknown>): void {
  for (const f of fns) if (typeof f === 'function') readOnly.add(f)
}

/** Whether every filter and test the template names, as registered now, is read-only. */
export function readOnlyPlugins(traits: TemplateTraits, filters: Record<string, unknown>, tests: Record<string, unknown>): boolean {
  for (let i = 0; i < traits.filters.length; i++) {
    const f = filters[traits.filters[i]!]
    if (f !== undefined && !readOnly.has(f as object)) return false
  }
  for (let i = 0; i < traits.tests.length; i++) {
    const t = tests[traits.tests[i]!]
    if (t !== undefined && !readOnly.has(t as object)) return false
  }
  return true
}
