/**
 * What the variable manager needs from the inventory. The inventory module implements
 * it; keeping the interface here keeps vars/ independent of how inventories are parsed.
 */
import type { Layer } from './chain-source.js'

export interface VarsInventory {
  hasHost(name: string): boolean
  /** Every inventory host name, in inventory order (the keys of `hostvars`). */
  hostNames(): string[]
  /** The `groups` magic variable: group name → host names (incl. `all`, `ungrouped`). */
  groupsMap(): Record<string, string[]>
  /** The `group_names` magic variable: the host's groups, sorted, without `all`. */
  groupNames(host: string): string[]
  /** Precedence levels 3-10 for the host, lowest first. */
  inventoryLayers(host: string, playbookDir: string | undefined): Layer[]
  /** `inventory_dir`, `inventory_file`, `ansible_inventory_sources` for the host. */
  inventoryMagic(host: string): Record<string, unknown>
}
