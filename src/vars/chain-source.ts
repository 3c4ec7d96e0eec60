/**
 * A stack of variable layers read as one: the highest layer that defines a name wins
 * (`hash_behaviour = replace`), or dicts are merged recursively across layers
 * (`hash_behaviour = merge`). Layers are shared, never copied: building a task's view
 * of its variables costs one array.
 */
import { isDict } from '../py/values.js'
import type { MemoEntry } from '../template/types.js'
import type { VariableSource } from '../template/types.js'

export type Layer = Readonly<Record<string, unknown>>

export class ChainSource implements VariableSource {
  /** Where each name read so far is found: a layer's index, or -1. */
  private readonly found = new Map<string, number>()
  /** The host's previous source, when it has as many layers; only its own findings are used. */
  private previous: ChainSource | undefined

  constructor(
    /** Lowest precedence first. */
    private readonly layers: readonly Layer[],
    private readonly merge = false,
    /** The host's templated variables, reused across its tasks (see template/provenance.ts). */
    readonly memo?: Map<string, MemoEntry>,
    /** Read through `hostvars`, which records a check of its own. */
    readonly external = false,
    /**
     * The same host's previous source. Consecutive tasks share most layers: where a name
     * was found there is where it is found here, unless a layer that differs holds it.
     */
    previous?: ChainSource,
  ) {
    if (previous && !merge && previous.layers.length === layers.length) {
      this.previous = previous
      // One step back only: older sources are let go.
      previous.previous = undefined
    }
  }

  get(name: string): unknown {
    if (!this.merge) {
      const at = this.indexOf(name)
      return at < 0 ? undefined : this.layers[at]![name]
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

  private indexOf(name: string): number {
    let at = this.found.get(name)
    if (at === undefined) {
      at = this.fromPrevious(name) ?? this.walk(name, this.layers.length - 1)
      this.found.set(name, at)
    }
    return at
  }

  /** The index from the previous source's finding and the layers that differ from its; undefined if it cannot tell. */
  private fromPrevious(name: string): number | undefined {
    const prev = this.previous
    const before = prev?.found.get(name)
    if (before === undefined) return undefined
    const layers = this.layers
    const old = prev!.layers
    // Where the name was found must be the same layer still (else look again).
    if (before >= 0 && layers[before] !== old[before]) return undefined
    for (let i = layers.length - 1; i > before; i--) {
      if (layers[i] !== old[i] && Object.prototype.hasOwnProperty.call(layers[i], name)) return i
    }
    // Found at `before` (unchanged), or nowhere: then the previous source walked every
    // layer, and only one that differs could hold it.
    return before
  }

  /** The highest layer at or below `top` that holds the name, or -1. */
  private walk(name: string, top: number): number {
    for (let i = top; i >= 0; i--) if (Object.prototype.hasOwnProperty.call(this.layers[i], name)) return i
    return -1
  }

  has(name: string): boolean {
    if (!this.merge) return this.indexOf(name) >= 0
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
function mergeHash(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
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
