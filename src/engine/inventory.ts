/**
 * The run's inventory: the `-i` sources (or the `inventory` setting), `--limit`, and the
 * playbook directory whose group_vars/host_vars join the variable precedence.
 */
import type { Config } from '../config/load-config.js'
import type { EngineInventory } from '../executor/engine-inventory.js'
import { openInventory as open } from '../inventory/index.js'
import type { Vault } from '../vault/vault.js'

export function openInventory(
  config: Config,
  opts: { inventory?: string[]; limit?: string },
  playbookDir: string,
  warn: (m: string) => void,
  vault?: Vault,
): EngineInventory {
  const given = opts.inventory ?? []
  const sources = given.length ? given : config.get<string[]>('DEFAULT_HOST_LIST')
  return open(sources, { playbookDir, limit: opts.limit, warn, vault, hashMerge: config.get<string>('DEFAULT_HASH_BEHAVIOUR') === 'merge' })
}
