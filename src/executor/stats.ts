/** Per-host counters for the PLAY RECAP (Ansible's AggregateStats). */
import type { HostStats } from '../plugin-api/callback.js'

export type StatName = 'ok' | 'changed' | 'dark' | 'failures' | 'skipped' | 'rescued' | 'ignored'

export class Stats {
  private readonly hosts = new Map<string, HostStats>()
  /** Custom stats from set_stats, per host and global. */
  readonly custom = new Map<string, Record<string, unknown>>()

  increment(what: StatName, host: string): void {
    const s = this.get(host)
    if (what === 'dark') s.unreachable += 1
    else s[what] += 1
  }

  decrement(what: StatName, host: string): void {
    const s = this.get(host)
    if (what === 'dark') s.unreachable = Math.max(0, s.unreachable - 1)
    else s[what] = Math.max(0, s[what] - 1)
  }

  get(host: string): HostStats {
    let s = this.hosts.get(host)
    if (!s) {
      s = { ok: 0, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 }
      this.hosts.set(host, s)
    }
    return s
  }

  /** Hosts in the order they were first counted; callbacks sort as they need. */
  hostNames(): string[] {
    return [...this.hosts.keys()]
  }

  summary(): Record<string, HostStats> {
    return Object.fromEntries(this.hosts)
  }
}
