/**
 * The marker of a mapping whose entries are computed when read. Python code sees such a
 * value as a dict (Ansible's `HostVars` and lazy variable views are Mapping subclasses),
 * so the Python-compatibility helpers (json.dumps, the YAML representer, `.get()`) accept
 * it wherever they accept a dict.
 */
import { isDict } from './values.js'

/** Marks an object that templates its entries on access (a host's vars, `hostvars`). */
export const LAZY_MAPPING = Symbol.for('tsible.lazy-mapping')

/**
 * A dict-like value whose entries are computed when read: `hostvars`, `hostvars[h]`,
 * `vars`. The Jinja runtime treats it as a dict for `x[k]`, `x.k`, `k in x`, `.get()`,
 * `.keys()`, `.items()`, iteration and `| length`; rendering it whole materialises it.
 */
export interface LazyMapping {
  readonly [LAZY_MAPPING]: true
  /** The templated value, or an `Undefined` when the key is missing. */
  get(key: string): unknown
  has(key: string): boolean
  keys(): string[]
}

export function isLazyMapping(v: unknown): v is LazyMapping {
  return typeof v === 'object' && v !== null && (v as Partial<LazyMapping>)[LAZY_MAPPING] === true
}

/** Python's `isinstance(v, Mapping)`: a dict or a lazy mapping. */
export function isMapping(v: unknown): boolean {
  return isDict(v) || isLazyMapping(v)
}
