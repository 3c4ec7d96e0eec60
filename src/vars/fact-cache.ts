/**
 * Fact caches: `memory` (the default) and `jsonfile` (one JSON file per host, named
 * `<prefix><host>` in the cache directory, as Ansible's jsonfile plugin writes it).
 * Facts are stored with their `ansible_` prefixes, as Ansible's cache holds them.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface FactCache {
  get(host: string): Record<string, unknown>
  update(host: string, facts: Record<string, unknown>): void
  remove(host: string): void
  /** Writes pending changes (jsonfile). */
  flush(): void
}

export class MemoryFactCache implements FactCache {
  protected readonly facts = new Map<string, Record<string, unknown>>()

  get(host: string): Record<string, unknown> {
    return this.facts.get(host) ?? {}
  }

  update(host: string, facts: Record<string, unknown>): void {
    this.facts.set(host, { ...this.get(host), ...facts })
  }

  remove(host: string): void {
    this.facts.delete(host)
  }

  flush(): void {}
}

export class JsonFileFactCache extends MemoryFactCache {
  private readonly dirty = new Set<string>()
  private readonly loaded = new Set<string>()

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    /** Seconds; 0 means cached facts never expire. */
    private readonly timeout: number,
  ) {
    super()
  }

  override get(host: string): Record<string, unknown> {
    if (!this.loaded.has(host)) {
      this.loaded.add(host)
      const file = this.path(host)
      try {
        const age = Date.now() / 1000 - statSync(file).mtimeMs / 1000
        if (this.timeout === 0 || age <= this.timeout) {
          this.facts.set(host, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
        }
      } catch {
        // no cache file (or an unreadable one): no cached facts
      }
    }
    return super.get(host)
  }

  override update(host: string, facts: Record<string, unknown>): void {
    this.get(host)
    super.update(host, facts)
    this.dirty.add(host)
    this.flush()
  }

  override remove(host: string): void {
    this.loaded.add(host)
    super.remove(host)
    rmSync(this.path(host), { force: true })
  }

  override flush(): void {
    if (this.dirty.size === 0) return
    mkdirSync(this.dir, { recursive: true })
    for (const host of this.dirty) {
      const file = this.path(host)
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(this.facts.get(host) ?? {}, null, 4))
      renameSync(tmp, file)
    }
    this.dirty.clear()
  }

  private path(host: string): string {
    return join(this.dir, `${this.prefix}${host}`)
  }
}
