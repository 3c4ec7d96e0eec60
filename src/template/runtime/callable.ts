/**
 * Callables in templates (methods, macros, `range`, `lookup`...) take Python's call
 * shape: positional arguments and keyword arguments.
 */
export type PyCall = (args: unknown[], kwargs: Record<string, unknown>) => unknown

const CALLABLE = Symbol.for('tsible.py-callable')

export interface PyCallable {
  (args: unknown[], kwargs: Record<string, unknown>): unknown
  readonly [CALLABLE]: true
  /** Python's name, for error messages and `repr`. */
  readonly pyName: string
}

export function pyCallable(name: string, fn: PyCall): PyCallable {
  // Plain assignments: Object.defineProperty on a fresh closure is slow, and methods
  // (`d.get`, `s.split`) make one per call.
  const f = fn as PyCall & { [CALLABLE]?: true; pyName?: string }
  f[CALLABLE] = true
  f.pyName = name
  return f as PyCallable
}

export function isPyCallable(v: unknown): v is PyCallable {
  return typeof v === 'function' && (v as Partial<PyCallable>)[CALLABLE] === true
}
