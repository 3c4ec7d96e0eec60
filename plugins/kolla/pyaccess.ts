/**
 * Python-style reads on the values kolla's filters receive: plain dicts and the engine's
 * lazy mappings (`hostvars`, `hostvars[h]`) alike.
 */
import { getitem, isDict, isLazyMapping, isUndefined, KeyError } from '../../src/plugin-kit.js'

/**
 * `obj.get(key)` on a mapping: `null` (None) when the key is missing. A value that is
 * an Undefined is returned as such, so that callers can tell it from None as Jinja2 does.
 */
export function pyGet(obj: unknown, key: string): unknown {
  if (isLazyMapping(obj)) return obj.has(key) ? obj.get(key) : null
  if (isDict(obj)) return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null
  if (obj === null || obj === undefined) throw new TypeError(`'NoneType' object has no attribute 'get'`)
  const v = getitem(obj, key)
  return isUndefined(v) ? null : v
}

/** `obj.get(key)` where an Undefined value also counts as missing (None). */
export function pyGetDefined(obj: unknown, key: string): unknown {
  const v = pyGet(obj, key)
  return isUndefined(v) ? null : v
}

/** `obj[key]` on a mapping: a KeyError (as Python words it) when missing. */
export function pyIndex(obj: unknown, key: string): unknown {
  if (isLazyMapping(obj)) {
    if (obj.has(key)) return obj.get(key)
  } else if (isDict(obj)) {
    if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key]
  } else {
    const v = getitem(obj, key)
    if (!isUndefined(v)) return v
  }
  throw new KeyError(key)
}

/** The keys of a mapping, in order. */
export function pyKeys(obj: unknown): string[] {
  if (isLazyMapping(obj)) return obj.keys()
  if (isDict(obj)) return Object.keys(obj)
  throw new TypeError(`'${typeof obj}' object is not a mapping`)
}
