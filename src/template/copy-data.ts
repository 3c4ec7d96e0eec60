/**
 * Copies of templated data. Ansible templates a variable afresh on every read, so a
 * template that changes a list or dict it read (`x.append(1)`) never changes what the
 * next read sees; values reused across reads are handed out as copies for the same reason.
 */
import { LAZY_MAPPING } from '../py/lazy-mapping.js'

/**
 * A deep copy of plain lists and dicts; everything else (strings, numbers, tuples, floats,
 * dates, lazy mappings such as hostvars) is immutable here or shared by design.
 */
export function copyData<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) {
    if (v.constructor !== Array) return v
    const out = v.slice()
    for (let i = 0; i < out.length; i++) {
      const x = out[i]
      if (typeof x === 'object' && x !== null) out[i] = copyData(x)
    }
    return out as T
  }
  const proto = Object.getPrototypeOf(v)
  if ((proto !== Object.prototype && proto !== null) || LAZY_MAPPING in v) return v
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) }
  for (const k in out) {
    const x = out[k]
    if (typeof x !== 'object' || x === null) continue
    if (k === '__proto__') Object.defineProperty(out, k, { value: copyData(x), enumerable: true, writable: true, configurable: true })
    else out[k] = copyData(x)
  }
  return out as T
}
