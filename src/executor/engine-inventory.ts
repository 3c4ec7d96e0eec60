/**
 * What the executor needs from the inventory beyond variables: hosts by pattern, the
 * `--limit` subset, and the run-time changes made by `add_host` and `group_by`.
 */
import type { VarsInventory } from '../vars/inventory-view.js'

export interface EngineInventory extends VarsInventory {
  /** Hosts matching a play's `hosts:` (a pattern string or list), limit applied, in Ansible's order. */
  hostsForPattern(pattern: string | string[], order?: string): string[]
  /** Warnings produced while matching patterns (unmatched patterns), drained by the caller. */
  takeWarnings(): string[]
  /** add_host: adds (or updates) a host, puts it in groups, merges vars. Returns whether anything changed. */
  addHost(name: string, groups: string[], vars: Record<string, unknown>): boolean
  /** group_by: adds a host to a group (created with `parents` if new). Returns whether anything changed. */
  addHostToGroup(host: string, group: string, parents: string[]): boolean
  /** The host's own inventory variables (ansible_host, ansible_connection, ...), raw. */
  hostVars(host: string): Record<string, unknown>
}
