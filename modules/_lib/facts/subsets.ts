/**
 * gather_subset → the collectors to run, as ansible-core 2.14's collector.py resolves it
 * on Linux: `min` always comes first, `all` adds every subset, `!x` removes a subset
 * (and the facts it provides, `!hardware` removes `devices`...), a subset asked for by
 * name is kept even when negated, an unknown subset fails, and the collectors the chosen
 * ones require (`network` needs `distribution` and `platform`) are added back.
 */

export interface CollectorSpec {
  name: string
  /** Fact names that select this collector too (Ansible's _fact_ids). */
  factIds: string[]
  requires: string[]
}

/** Linux's collectors (default_collectors.py, platform Linux then Generic). */
const COLLECTORS: CollectorSpec[] = [
  { name: 'platform', factIds: ['system', 'kernel', 'kernel_version', 'machine', 'python_version', 'architecture', 'machine_id'], requires: [] },
  { name: 'distribution', factIds: ['distribution_version', 'distribution_release', 'distribution_major_version', 'os_family'], requires: [] },
  { name: 'lsb', factIds: [], requires: [] },
  { name: 'selinux', factIds: [], requires: [] },
  { name: 'apparmor', factIds: [], requires: [] },
  { name: 'chroot', factIds: ['is_chroot'], requires: [] },
  { name: 'fips', factIds: [], requires: [] },
  { name: 'python', factIds: [], requires: [] },
  { name: 'caps', factIds: ['system_capabilities', 'system_capabilities_enforced'], requires: [] },
  { name: 'pkg_mgr', factIds: [], requires: ['distribution'] },
  { name: 'service_mgr', factIds: [], requires: ['platform', 'distribution'] },
  { name: 'cmdline', factIds: [], requires: [] },
  { name: 'date_time', factIds: [], requires: [] },
  { name: 'env', factIds: [], requires: [] },
  { name: 'loadavg', factIds: [], requires: [] },
  {
    name: 'ssh_pub_keys',
    factIds: ['ssh_host_pub_keys', 'ssh_host_key_dsa_public', 'ssh_host_key_rsa_public', 'ssh_host_key_ecdsa_public', 'ssh_host_key_ed25519_public'],
    requires: [],
  },
  {
    name: 'user',
    factIds: ['user_id', 'user_uid', 'user_gid', 'user_gecos', 'user_dir', 'user_shell', 'real_user_id', 'effective_user_id', 'effective_group_ids'],
    requires: [],
  },
  { name: 'virtual', factIds: ['virtualization_type', 'virtualization_role', 'virtualization_tech_guest', 'virtualization_tech_host'], requires: [] },
  { name: 'hardware', factIds: ['processor', 'processor_cores', 'processor_count', 'mounts', 'devices'], requires: ['platform'] },
  { name: 'dns', factIds: [], requires: [] },
  { name: 'fibre_channel_wwn', factIds: [], requires: [] },
  { name: 'network', factIds: ['interfaces', 'default_ipv4', 'default_ipv6', 'all_ipv4_addresses', 'all_ipv6_addresses'], requires: ['distribution', 'platform'] },
  { name: 'iscsi', factIds: [], requires: [] },
  { name: 'nvme', factIds: [], requires: [] },
  { name: 'local', factIds: [], requires: [] },
  { name: 'facter', factIds: ['facter'], requires: [] },
  { name: 'ohai', factIds: [], requires: [] },
]

/** The setup module's minimal_gather_subset. */
const MINIMAL_SUBSET = new Set([
  'apparmor', 'caps', 'cmdline', 'date_time', 'distribution', 'dns', 'env', 'fips', 'local', 'lsb', 'pkg_mgr', 'platform', 'python',
  'selinux', 'service_mgr', 'ssh_pub_keys', 'user',
])

/** Names gather_subset accepts, each with the collectors it selects. */
const BY_NAME = new Map<string, CollectorSpec[]>()
const ALIASES = new Map<string, string[]>()
for (const c of COLLECTORS) {
  for (const id of [c.name, ...c.factIds]) BY_NAME.set(id, [...(BY_NAME.get(id) ?? []), c])
  ALIASES.set(c.name, c.factIds)
}

export class BadSubset extends Error {}

/**
 * The collectors, dependencies first (Ansible orders the rest by hash; nothing a
 * collector computes depends on that order).
 */
export function collectorsFor(gatherSubset: string[]): CollectorSpec[] {
  const valid = new Set(BY_NAME.keys())
  const add = new Set<string>()
  const exclude = new Set<string>()
  const explicit = new Set<string>()
  for (const subsetId of ['min', ...(gatherSubset.length ? gatherSubset : ['all'])]) {
    if (subsetId === 'min') {
      for (const s of MINIMAL_SUBSET) add.add(s)
      continue
    }
    if (subsetId === 'all') {
      for (const s of valid) add.add(s)
      continue
    }
    if (subsetId.startsWith('!')) {
      const subset = subsetId.slice(1)
      if (subset === 'min') for (const s of MINIMAL_SUBSET) exclude.add(s)
      else if (subset === 'all') for (const s of valid) if (!MINIMAL_SUBSET.has(s)) exclude.add(s)
      else {
        for (const a of ALIASES.get(subset) ?? []) exclude.add(a)
        exclude.add(subset)
      }
      continue
    }
    if (!valid.has(subsetId)) {
      throw new BadSubset(`Bad subset '${subsetId}' given to Ansible. gather_subset options allowed: all, ${[...valid].sort().join(', ')}`)
    }
    explicit.add(subsetId)
    add.add(subsetId)
  }
  if (add.size === 0) for (const s of valid) add.add(s)
  for (const e of exclude) if (!explicit.has(e)) add.delete(e)

  // Required collectors, until nothing is missing.
  const names = new Set(add)
  for (let changed = true; changed; ) {
    changed = false
    for (const n of [...names]) {
      for (const c of BY_NAME.get(n) ?? []) {
        for (const r of c.requires) {
          if (!names.has(r)) {
            names.add(r)
            changed = true
          }
        }
      }
    }
  }
  const chosen = new Set<CollectorSpec>()
  for (const n of names) for (const c of BY_NAME.get(n) ?? []) chosen.add(c)
  // Dependencies first: a collector runs once all it requires has run.
  const ordered: CollectorSpec[] = []
  const pending = COLLECTORS.filter((c) => chosen.has(c))
  while (pending.length) {
    const i = pending.findIndex((c) => c.requires.every((r) => ordered.some((o) => o.name === r) || !pending.some((p) => p.name === r)))
    ordered.push(...pending.splice(i, 1))
  }
  return ordered
}
