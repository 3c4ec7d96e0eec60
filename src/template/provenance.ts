/**
 * What a templated variable was computed from, so that a later task on the same host can
 * reuse the value instead of templating it again.
 *
 * Templating a variable is a pure function of the raw values of the variables it reads,
 * with a few exceptions: lookups, `now()`, random filters, filesystem tests, includes.
 * While a scope templates a variable it keeps a Provenance: every variable read (name and
 * raw value, transitively), checks for what is read from elsewhere (another host's
 * variables through `hostvars`), and whether anything impure ran. A later scope of the
 * same host reuses the value when every recorded read gives the same raw value again
 * (identity for objects: layers are never mutated, a change replaces the object) and
 * every check holds; impure values are never reused.
 *
 * Templating is synchronous, so the provenance being recorded is a module-level stack.
 */

export interface Provenance {
  /** The source (variable layers) whose reads are recorded; reads elsewhere are not. */
  readonly owner: object
  /**
   * While recording: variable name -> raw value as read (undefined: the name was not
   * defined). Once recorded, the same as two arrays (`names`, `raws`), cheaper to check.
   */
  reads: Map<string, unknown>
  names: string[]
  raws: unknown[]
  /** The provenances of the templated variables read: their reads count as this one's. */
  readonly parts: Provenance[]
  /** Checks of what is not a variable of the owner, by key (e.g. one per `hostvars` host). */
  checks: Map<string, () => boolean> | null
  impure: boolean
  /** The reader that last found this provenance valid (see stillValid). */
  checkedIn: number
}

/** The reads of a recorded provenance: recording into it again is a bug. */
class SealedReads extends Map<string, unknown> {
  override set(): this {
    throw new Error('reads recorded into a provenance already recorded')
  }
}
const NO_READS = new SealedReads()

let current: Provenance | null = null

/** The provenance being recorded, if any (by the scope that reads `owner`). */
export function recording(): Provenance | null {
  return current
}

/** Records `fn`'s reads into a new provenance for `owner`; returns it with fn's result. */
export function recordInto<T>(prov: Provenance, fn: () => T): T {
  const outer = current
  current = prov
  try {
    return fn()
  } finally {
    current = outer
    prov.names = [...prov.reads.keys()]
    prov.raws = [...prov.reads.values()]
    prov.reads = NO_READS
  }
}

export function newProvenance(owner: object): Provenance {
  return { owner, reads: new Map(), names: [], raws: [], parts: [], checks: null, impure: false, checkedIn: 0 }
}

/** Adds what `inner` read to `outer` (a value read while templating another). */
export function absorb(outer: Provenance, inner: Provenance): void {
  if (outer === inner) return
  if (inner.impure) outer.impure = true
  if (!outer.parts.includes(inner)) outer.parts.push(inner)
}

/** Marks the value being templated as not reusable (a lookup, a clock, randomness, files). */
export function markImpure(): void {
  if (current) current.impure = true
}

/** Adds a check that must still hold for the value being templated to be reused. */
export function recordCheck(key: string, check: () => boolean): void {
  if (!current) return
  current.checks ??= new Map()
  if (!current.checks.has(key)) current.checks.set(key, check)
}

let stamps = 0

/** A number naming one reader (a scope): what was found valid for it stays valid for it. */
export function newStamp(): number {
  return ++stamps
}

/**
 * Whether a recorded value still holds for a reader: `read(name)` gives the current raw
 * value of a name as that reader sees it, and `stamp` names the reader (see newStamp). A
 * part shared by many values (a large dict most variables read) is checked once per reader.
 */
export function stillValid(prov: Provenance, read: (name: string) => unknown, stamp: number): boolean {
  if (prov.checkedIn === stamp) return true
  const { names, raws, parts } = prov
  for (let i = 0; i < names.length; i++) if (read(names[i]!) !== raws[i]) return false
  if (prov.checks) for (const c of prov.checks.values()) if (!c()) return false
  for (let i = 0; i < parts.length; i++) if (!stillValid(parts[i]!, read, stamp)) return false
  prov.checkedIn = stamp
  return true
}

/**
 * Declares a filter or test impure: its result depends on more than its arguments and the
 * variables it reads (randomness, the clock, the filesystem), so values templated with it
 * are never reused. Lookups are always treated so.
 */
export function impure<F extends (...args: never[]) => unknown>(fn: F): F {
  return ((...args: Parameters<F>) => {
    markImpure()
    return fn(...args)
  }) as F
}
