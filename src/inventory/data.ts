/**
 * Inventory data as ansible-core 2.14's InventoryData keeps it: groups and hosts in
 * creation order, parent/child links with depth, the `all` and `ungrouped` rules of
 * reconcile_inventory, and Group.get_hosts' order (the group's own hosts, then its
 * descendants' breadth first, without duplicates).
 */
import { isDict } from '../py/values.js'
import { combineVars } from '../vars/chain-source.js'

export interface Host {
  name: string
  vars: Record<string, unknown>
  /** Direct groups, in the order the host joined them. */
  groups: Group[]
  /** The source (file) that defined the host, for inventory_file/inventory_dir. */
  source?: string
  implicit: boolean
}

export interface Group {
  name: string
  vars: Record<string, unknown>
  hosts: Host[]
  children: Group[]
  parents: Group[]
  depth: number
  priority: number
}

export class InventoryData {
  readonly groups = new Map<string, Group>()
  readonly hosts = new Map<string, Host>()
  private hostsCache = new Map<string, Host[]>()
  /** Each host's groups (hostGroups), until membership changes. */
  private readonly hostGroupsCache = new Map<Host, Group[]>()
  /** Groups without a parent: reconcile puts them under `all`. */
  private readonly orphans = new Set<Group>()
  /** A group's ancestors, until the group tree changes (addChild). */
  private readonly ancestorsCache = new Map<Group, Set<Group>>()

  /** hash_behaviour = merge: a dict set over a dict is merged (Host/Group.set_variable's combine_vars). */
  constructor(readonly hashMerge = false) {
    this.addGroup('all')
    this.addGroup('ungrouped')
    this.addChild('all', 'ungrouped')
  }

  addGroup(name: string): Group {
    let g = this.groups.get(name)
    if (!g) {
      g = { name, vars: {}, hosts: [], children: [], parents: [], depth: 0, priority: 1 }
      this.groups.set(name, g)
      this.orphans.add(g)
      this.invalidate()
    }
    return g
  }

  addHost(name: string, group?: string, source?: string): Host {
    let h = this.hosts.get(name)
    if (!h) {
      h = { name, vars: {}, groups: [], source, implicit: false }
      this.hosts.set(name, h)
    }
    if (group) this.addHostToGroup(h, this.addGroup(group))
    return h
  }

  /** Returns whether the host was not in the group yet. */
  addHostToGroup(h: Host, g: Group): boolean {
    if (g.hosts.includes(h)) return false
    g.hosts.push(h)
    if (!h.groups.includes(g)) h.groups.push(g)
    this.invalidate()
    return true
  }

  /** Makes `child` a child group of `parent` (both created if missing). Returns whether it is new. */
  addChild(parent: string, child: string): boolean {
    const p = this.addGroup(parent)
    const c = this.addGroup(child)
    if (p === c) throw new Error("can't add group to itself")
    if (p.children.includes(c)) return false
    if (this.ancestors(p).has(c)) {
      throw new Error(`Adding group '${child}' as child to '${parent}' creates a recursive dependency loop.`)
    }
    p.children.push(c)
    if (!c.parents.includes(p)) c.parents.push(p)
    this.orphans.delete(c)
    this.ancestorsCache.clear()
    this.updateDepth(c, p.depth + 1)
    this.invalidate()
    return true
  }

  private updateDepth(g: Group, depth: number): void {
    if (depth <= g.depth) return
    g.depth = depth
    for (const c of g.children) this.updateDepth(c, depth + 1)
  }

  ancestors(g: Group): Set<Group> {
    const cached = this.ancestorsCache.get(g)
    if (cached) return cached
    const out = new Set<Group>()
    const walk = (x: Group) => {
      for (const p of x.parents) {
        if (out.has(p)) continue
        out.add(p)
        walk(p)
      }
    }
    walk(g)
    this.ancestorsCache.set(g, out)
    return out
  }

  /** Every group of a host: its direct groups and all their ancestors. */
  hostGroups(h: Host): readonly Group[] {
    let groups = this.hostGroupsCache.get(h)
    if (!groups) {
      const out = new Set<Group>()
      for (const g of h.groups) {
        out.add(g)
        for (const a of this.ancestors(g)) out.add(a)
      }
      groups = [...out]
      this.hostGroupsCache.set(h, groups)
    }
    return groups
  }

  private invalidate(): void {
    this.hostsCache.clear()
    this.hostGroupsCache.clear()
  }

  /** Group.get_hosts: own hosts first, then descendants breadth first, no duplicates, no implicit hosts in `all`. */
  groupHosts(g: Group): Host[] {
    const cached = this.hostsCache.get(g.name)
    if (cached) return cached
    const ordered: Group[] = [g, ...g.children]
    const seen = new Set<Group>(ordered)
    let frontier = [...g.children]
    while (frontier.length) {
      const next: Group[] = []
      for (const x of frontier) {
        for (const c of x.children) {
          if (seen.has(c)) continue
          seen.add(c)
          ordered.push(c)
          next.push(c)
        }
      }
      frontier = next
    }
    const out: Host[] = []
    const have = new Set<Host>()
    for (const x of ordered) {
      for (const h of x.hosts) {
        if (have.has(h) || (g.name === 'all' && h.implicit)) continue
        have.add(h)
        out.push(h)
      }
    }
    this.hostsCache.set(g.name, out)
    return out
  }

  /**
   * reconcile_inventory: top groups under `all`, group-less hosts in `ungrouped`. When
   * only some hosts joined groups (no group got a new parent), only they need a look.
   */
  reconcile(onlyHosts?: readonly Host[]): void {
    const all = this.groups.get('all')!
    const ungrouped = this.groups.get('ungrouped')!
    for (const g of [...this.orphans]) if (g !== all) this.addChild('all', g.name)
    for (const h of onlyHosts ?? this.hosts.values()) {
      const mine = this.hostGroups(h)
      if (mine.includes(ungrouped)) {
        if (mine.some((g) => g !== all && g !== ungrouped)) {
          ungrouped.hosts = ungrouped.hosts.filter((x) => x !== h)
          h.groups = h.groups.filter((x) => x !== ungrouped)
        }
      } else if (!h.implicit && (mine.length === 0 || (mine.length === 1 && mine[0] === all))) {
        this.addHostToGroup(h, ungrouped)
      }
    }
    this.invalidate()
  }
}

/**
 * Group.set_variable: ansible_group_priority sets the priority instead of a variable; a dict
 * set over a dict goes through combine_vars (merged under hash_behaviour = merge).
 */
export function setGroupVar(g: Group, key: string, value: unknown, merge = false): void {
  if (key === 'ansible_group_priority') g.priority = Number.parseInt(String(value), 10)
  else setVariable(g.vars, key, value, merge)
}

/** Host.set_variable for each of `vars`, in order. */
export function setHostVars(h: Host, vars: Record<string, unknown>, merge = false): void {
  for (const [k, v] of Object.entries(vars)) setVariable(h.vars, k, v, merge)
}

function setVariable(into: Record<string, unknown>, key: string, value: unknown, merge: boolean): void {
  const prev = into[key]
  into[key] = isDict(prev) && isDict(value) ? combineVars({ [key]: prev }, { [key]: value }, merge)[key] : value
}

/** Ansible's sort_groups: by depth, then priority, then name. */
export function sortGroups(groups: Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
