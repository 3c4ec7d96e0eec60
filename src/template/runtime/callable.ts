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
  const f = fn as PyCallable
  Object.defineProperty(f, CALLABLE, { value: true })
  Object.defineProperty(f, 'pyName', { value: name })
  return f
}

export function isPyCallable(v: unknown): v is PyCallable {
  return typeof v === 'function' && (v as Partial<PyCallable>)[CALLABLE] === true
}
