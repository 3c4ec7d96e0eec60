/**
 * Ansible's strict undefined: using an Undefined (printing, comparing, iterating,
 * arithmetic) raises `'x' is undefined`, while attribute and item access on it give the
 * same Undefined back, so the first failure is the one reported.
 */
import { UndefinedVariableError } from '../../errors/errors.js'
import { Undefined } from '../../py/undefined.js'

export function undefinedError(u: Undefined): UndefinedVariableError {
  return new UndefinedVariableError(u.message)
}

/** Throws if `v` is Undefined; returns it otherwise. */
export function defined<T>(v: T): Exclude<T, Undefined> {
  if (v instanceof Undefined) throw undefinedError(v)
  return v as Exclude<T, Undefined>
}

/** Python's `type(obj).__name__ + ' object'`, as Jinja2's undefined messages name objects. */
function objectTypeRepr(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None'
  if (typeof obj === 'string') return 'str object'
  if (typeof obj === 'boolean') return 'bool object'
  if (typeof obj === 'number') return Number.isInteger(obj) ? 'int object' : 'float object'
  if (Array.isArray(obj)) return obj.constructor?.name === 'PyTuple' ? 'tuple object' : 'list object'
  if (typeof obj === 'object') {
    const name = (obj as { constructor?: { name?: string } }).constructor?.name
    if (!name || name === 'Object') return 'dict object'
    if (name === 'PyFloat') return 'float object'
    return `${name} object`
  }
  return 'object'
}

/** The Undefined for a missing attribute or item of `owner` (Jinja2's wording). */
export function missingMember(owner: unknown, key: unknown): Undefined {
  const type = objectTypeRepr(owner)
  if (typeof key === 'string') return new Undefined(key, `'${type}'`)
  return new Undefined(String(key), undefined, `${type} has no element ${String(key)}`)
}
