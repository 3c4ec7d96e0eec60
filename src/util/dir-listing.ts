/**
 * Directory listings read once: for trees that do not change during a run (roles,
 * group_vars/ and host_vars/), where a lookup would otherwise probe many candidate names
 * one by one.
 */
import { readdirSync } from 'node:fs'

export class DirListings {
  private readonly listings = new Map<string, Set<string> | null>()

  /** The names in a directory, or null if it is not one. */
  entries(dir: string): Set<string> | null {
    let names = this.listings.get(dir)
    if (names === undefined) {
      try {
        names = new Set(readdirSync(dir))
      } catch {
        names = null
      }
      this.listings.set(dir, names)
    }
    return names
  }

  has(dir: string, name: string): boolean {
    return this.entries(dir)?.has(name) ?? false
  }
}
