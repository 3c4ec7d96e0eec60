/**
 * A stack of variable layers read as one: the highest layer that defines a name wins
 * (`hash_behaviour = replace`), or dicts are merged recursively across layers
 * (`hash_behaviour = merge`). Layers are shared, never copied: building a task's view
 * of its variables costs one array.
 */
import { isDict } from '../py/values.js'
import type { MemoEntry } from '../template/scope.js'
import type { VariableSource } from '../template/types.js'

export type Layer = Readonly<Record<string, unknown>>

export class ChainSource implements VariableSource {
  /** Names already resolved: a source serves one task on one host, read many times. */
  private readonly resolved = new Map<string, unknown>()

  constructor(
    /** Lowest precedence first. */
    private readonly layers: readonly Layer[],
    private readonly merge = false,
    /** The host's templated variables, reused across its tasks (see template/provenance.ts). */
    readonly memo?: Map<string, MemoEntry>,
    /** Read through `hostvars`, which records a check of its own. */
    readonly external = false,
  ) {}

  get(name: string): unknown {
    if (!this.merge) {
      if (this.resolved.has(name)) return this.resolved.get(name)
      let found: unknown
      for (let i = this.layers.length - 1; i >= 0; i--) {
        const layer = this.layers[i]
        if (Object.prototype.hasOwnProperty.call(layer, name)) {
          found = layer[name]
          break
        }
      }
      this.resolved.set(name, found)
      return found
    }
    let value: unknown
    let found = false
    for (const layer of this.layers) {
      if (!Object.prototype.hasOwnProperty.call(layer, name)) continue
      const v = layer[name]
      value = found && isDict(value) && isDict(v) ? mergeHash(value, v) : v
      found = true
    }
    return value
  }

  has(name: string): boolean {
    if (!this.merge && this.resolved.has(name)) return this.resolved.get(name) !== undefined || this.layers.some((l) => Object.prototype.hasOwnProperty.call(l, name))
    return this.layers.some((l) => Object.prototype.hasOwnProperty.call(l, name))
  }

  keys(): Iterable<string> {
    const seen = new Set<string>()
    for (const l of this.layers) for (const k of Object.keys(l)) seen.add(k)
    return seen
  }

  /** A source with more layers on top. */
  with(...layers: Layer[]): ChainSource {
    return new ChainSource([...this.layers, ...layers], this.merge, this.memo)
  }
}

/** Ansible's merge_hash: b's keys win, dicts merged recursively. */
export function mergeHash(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a }
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k]
    out[k] = isDict(prev) && isDict(v) ? mergeHash(prev, v) : v
  }
  return out
}

/** Ansible's combine_vars for one pair of layers, per hash_behaviour. */
export function combineVars(a: Record<string, unknown>, b: Record<string, unknown>, merge: boolean): Record<string, unknown> {
  return merge ? mergeHash(a, b) : { ...a, ...b }
}
