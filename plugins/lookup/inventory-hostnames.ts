/**
 * The `inventory_hostnames` lookup: the hosts a pattern matches in an inventory rebuilt
 * from the `groups` variable (as the lookup's own InventoryManager is); a pattern that
 * matches nothing gives no hosts.
 */
import { isDict, isLazyMapping, openInventory, pyStr, type LookupFn } from '../../src/plugin-kit.js'

const inventoryHostnames: LookupFn = (terms, _kwargs, ctx) => {
  const groups = ctx.lookup('groups')
  const inventory = openInventory([], { warn: () => {} })
  const entries: [string, unknown][] = isLazyMapping(groups) ? groups.keys().map((k) => [k, groups.get(k)]) : isDict(groups) ? Object.entries(groups) : []
  for (const [group, hosts] of entries) {
    inventory.data.addGroup(group)
    for (const h of Array.isArray(hosts) ? hosts : []) inventory.data.addHost(pyStr(h), group)
  }
  inventory.data.reconcile()
  try {
    return inventory.hostsForPattern(terms.map((t) => pyStr(t)))
  } catch {
    return []
  }
}

export const inventoryHostnamesLookups: Record<string, LookupFn> = { inventory_hostnames: inventoryHostnames }
