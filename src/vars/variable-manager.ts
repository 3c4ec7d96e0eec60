/**
 * Ansible's VariableManager: the variables a task sees on a host, layered in the 22 levels
 * of Ansible's variable precedence (the list in its user guide, "Understanding variable
 * precedence"; each layer below names its level), plus the magic variables. Values stay
 * raw; the Jinja layer templates them on read through the scope built from these layers.
 */
import { isDict } from '../py/values.js'
import { isUndefined } from '../py/undefined.js'
import { includeParams, inheritedVars } from '../playbook/inherited.js'
import type { Play, RoleInstance, Task } from '../playbook/model.js'
import { recordCheck } from '../template/provenance.js'
import type { MemoEntry } from '../template/types.js'
import type { Templar, TemplateScope } from '../template/types.js'
import { LAZY_MAPPING, materialize, type LazyMapping } from '../py/lazy-mapping.js'
import { ChainSource, combineVars, type Layer } from './chain-source.js'
import type { FactCache } from './fact-cache.js'
import type { VarsInventory } from './inventory-view.js'

export interface VariableManagerOptions {
  inventory: VarsInventory
  templar: Templar
  facts: FactCache
  extraVars: Record<string, unknown>
  hashMerge: boolean
  injectFacts: boolean
  privateRoleVars: boolean
  /** Run-wide magic variables (ansible_version, ansible_check_mode, omit, ...). */
  runMagic: Record<string, unknown>
  /**
   * The connection's variables a task sees when nothing defines them (PlayContext.update_vars:
   * ansible_host, ansible_connection, ansible_timeout...), under every other layer.
   */
  connectionMagic?(host: string, task: Task): Layer
}

/** What is known about the play being run, for its magic variables. */
export interface PlayContext {
  play: Play
  /** Loaded `vars_files` of the play (level 14). */
  varsFiles: Record<string, unknown>
  magic: Record<string, unknown>
  /**
   * Hosts taken out of the play (Ansible's play._removed_hosts): they stay out of
   * ansible_play_hosts even after meta: clear_host_errors forgets their failure.
   */
  removedHosts?: Set<string>
}

const EMPTY: Layer = Object.freeze({})

export class VariableManager {
  /** set_fact and register results, per host (level 19). */
  private readonly nonPersistent = new Map<string, Record<string, unknown>>()
  /** include_vars results, per host (level 18). */
  private readonly includeVars = new Map<string, Record<string, unknown>>()
  private readonly versions = new Map<string, number>()
  private readonly hostScopes = new Map<string, { version: number; scope: TemplateScope }>()
  private readonly hostvars: LazyMapping
  private readonly memos = new Map<string, Map<string, MemoEntry>>()
  /** Role defaults and vars layers are static: merged once per role. */
  private readonly taskLayers = new WeakMap<Task, { vars: Layer; includeParams: Layer }>()
  private readonly roleLayers = new WeakMap<RoleInstance, { defaults: Layer; chainDefaults: Layer; vars: Layer }>()

  constructor(private readonly o: VariableManagerOptions) {
    this.hostvars = {
      [LAZY_MAPPING]: true,
      get: (name: string) => {
        if (!o.inventory.hasHost(name)) return undefined
        const scope = this.hostScope(name)
        // A value read through hostvars holds while that host's variables are unchanged.
        recordCheck(`hostvars\0${name}`, () => this.hostScope(name) === scope)
        return hostMapping(scope, o.templar)
      },
      has: (name: string) => o.inventory.hasHost(name),
      keys: () => o.inventory.hostNames(),
      pyClass: 'ansible.vars.hostvars.HostVars',
      materialize: () => Object.fromEntries(o.inventory.hostNames().map((h) => [h, materialize(hostMapping(this.hostScope(h), o.templar))])),
    } as LazyMapping
  }

  /** The run's extra variables (-e). */
  get extraVars(): Record<string, unknown> {
    return this.o.extraVars
  }

  get templar(): Templar {
    return this.o.templar
  }

  /** Records `set_fact`/`register` values for a host (level 19). */
  setNonPersistent(host: string, values: Record<string, unknown>): void {
    this.nonPersistent.set(host, { ...(this.nonPersistent.get(host) ?? {}), ...values })
    this.touch(host)
  }

  /** Records facts for a host (level 11): setup results, cacheable set_fact. */
  setFacts(host: string, facts: Record<string, unknown>): void {
    this.o.facts.update(host, facts)
    this.touch(host)
  }

  setIncludeVars(host: string, values: Record<string, unknown>): void {
    this.includeVars.set(host, combineVars(this.includeVars.get(host) ?? {}, values, this.o.hashMerge))
    this.touch(host)
  }

  /** meta: clear_facts empties the fact cache only; set_fact and register values stay. */
  clearFacts(host: string): void {
    this.o.facts.remove(host)
    this.touch(host)
  }

  factsOf(host: string): Record<string, unknown> {
    return this.o.facts.get(host)
  }

  /** Marks a host's variables as changed (also after inventory changes). */
  touch(host?: string): void {
    if (host === undefined) {
      for (const h of this.versions.keys()) this.touch(h)
      this.hostScopes.clear()
      return
    }
    this.versions.set(host, (this.versions.get(host) ?? 0) + 1)
  }

  /**
   * The variables of a task on a host (VariableManager.get_vars with play, host, task).
   * `extra` goes on top (loop variables, delegation, ...).
   */
  taskSource(ctx: PlayContext, host: string, task: Task | undefined): ChainSource {
    const { play } = ctx
    const taskRole = task?.role
    const roleChain = taskRole ? [...taskRole.parents, taskRole] : []
    const layers: Layer[] = []
    // Below everything: the connection's variables, for names nothing else defines.
    if (task && this.o.connectionMagic) layers.push(this.o.connectionMagic(host, task))
    // 2: role defaults of every play role, then of the task's own role chain.
    for (const r of play.roles) layers.push(this.layersOf(r).defaults)
    if (taskRole) layers.push(this.layersOf(taskRole).chainDefaults)
    // 3-10: inventory group and host vars, group_vars/host_vars beside inventory and playbook.
    layers.push(this.inventoryLayer(host, play.basedir))
    // 11: facts.
    layers.push(...this.factLayers(host))
    // 12, 14: play vars, vars_files.
    if (isDict(play.keywords.vars)) layers.push(play.keywords.vars)
    layers.push(ctx.varsFiles)
    // 15: role vars of the play's roles (unless private), then the task's role chain.
    if (!this.o.privateRoleVars) for (const r of play.roles) layers.push(this.layersOf(r).vars)
    // Role.get_vars(dep_chain): the parents' vars, then the role's dependencies' and its own.
    if (taskRole) {
      for (const r of taskRole.parents) layers.push(r.vars)
      layers.push(this.layersOf(taskRole).vars)
    }
    // 16-17: block and task vars.
    const taskLayers = task ? this.layersOfTask(task) : undefined
    if (taskLayers) layers.push(taskLayers.vars)
    // 18-19: include_vars, set_fact/register.
    layers.push(this.includeVars.get(host) ?? EMPTY, this.nonPersistent.get(host) ?? EMPTY)
    // 20-21: role params, include params.
    for (const r of roleChain) layers.push(r.params)
    if (taskLayers) layers.push(taskLayers.includeParams)
    // 22: extra vars; then the magic variables, which nothing overrides.
    layers.push(this.o.extraVars, ...this.magic(host, ctx, task))
    const source = new ChainSource(layers, this.o.hashMerge, this.memoOf(host), false, this.lastSources.get(host))
    this.lastSources.set(host, source)
    return source
  }

  /** Each host's latest task source: the next one starts from where it found names. */
  private readonly lastSources = new Map<string, ChainSource>()

  /** A host's templated variables, reused by its later tasks while what they read is unchanged. */
  private memoOf(host: string): Map<string, MemoEntry> {
    let memo = this.memos.get(host)
    if (!memo) {
      memo = new Map()
      this.memos.set(host, memo)
    }
    return memo
  }

  /** The variables of a host outside any play (what `hostvars[host]` shows). */
  hostSource(host: string, playbookDir?: string): ChainSource {
    const layers: Layer[] = [
      this.inventoryLayer(host, playbookDir),
      ...this.factLayers(host),
      this.includeVars.get(host) ?? EMPTY,
      this.nonPersistent.get(host) ?? EMPTY,
      this.o.extraVars,
      ...this.magic(host, undefined, undefined),
    ]
    // playbook_dir is magic for every host, in a play or not (the loader's base directory).
    if (playbookDir !== undefined) layers.push({ playbook_dir: playbookDir })
    return new ChainSource(layers, this.o.hashMerge, undefined, true)
  }

  private playbookDir: string | undefined

  /** Sets the directory whose group_vars/host_vars hostvars reads (the current playbook's). */
  setPlaybookDir(dir: string): void {
    if (dir !== this.playbookDir) this.hostScopes.clear()
    this.playbookDir = dir
  }

  /** A cached lazy scope of a host's own variables, rebuilt when they change. */
  hostScope(host: string): TemplateScope {
    const version = this.versions.get(host) ?? 0
    const cached = this.hostScopes.get(host)
    if (cached && cached.version === version) return cached.scope
    const scope = this.o.templar.scope(this.hostSource(host, this.playbookDir))
    this.hostScopes.set(host, { version, scope })
    return scope
  }

  private layersOf(role: RoleInstance): { defaults: Layer; chainDefaults: Layer; vars: Layer } {
    let l = this.roleLayers.get(role)
    if (!l) {
      const merge = this.o.hashMerge
      l = { defaults: roleDefaults(role, merge), chainDefaults: roleDefaults(role, merge, role.parents), vars: roleVars(role, merge) }
      this.roleLayers.set(role, l)
    }
    return l
  }

  private layersOfTask(task: Task): { vars: Layer; includeParams: Layer } {
    let l = this.taskLayers.get(task)
    if (!l) {
      l = { vars: inheritedVars(task), includeParams: includeParams(task) }
      this.taskLayers.set(task, l)
    }
    return l
  }

  /**
   * Levels 3-10 merged into one layer (as ChainSource would read them), once per list of
   * layers: the inventory hands out the same list until add_host/group_by change it.
   * A host is in many groups, and every lookup would otherwise walk all their layers.
   */
  private inventoryLayer(host: string, playbookDir: string | undefined): Layer {
    const layers = this.o.inventory.inventoryLayers(host, playbookDir)
    let flat = this.flatInventory.get(layers)
    if (flat) return flat
    // Hosts joining group_by groups get new lists of mostly the same layers: the merge is
    // kept by the layers that hold anything, so an empty group's layer costs no new merge.
    let key = ''
    for (const l of layers) {
      if (isEmpty(l)) continue
      let id = this.layerIds.get(l)
      if (id === undefined) this.layerIds.set(l, (id = this.layerIds.size + 1))
      key += `${id},`
    }
    flat = this.flatByKey.get(key)
    if (!flat) {
      let out: Record<string, unknown> = {}
      for (const l of layers) {
        if (this.o.hashMerge) out = combineVars(out, l as Record<string, unknown>, true)
        else Object.assign(out, l)
      }
      flat = out
      this.flatByKey.set(key, flat)
    }
    this.flatInventory.set(layers, flat)
    return flat
  }

  private readonly flatInventory = new WeakMap<readonly Layer[], Layer>()
  private readonly flatByKey = new Map<string, Layer>()
  private readonly layerIds = new Map<Layer, number>()
  private readonly factLayersCache = new WeakMap<object, Layer[]>()

  /** The fact layers of a host, built once per facts object (the cache replaces it on update). */
  private factLayers(host: string): Layer[] {
    const facts = this.o.facts.get(host)
    const cached = this.factLayersCache.get(facts)
    if (cached) return cached
    const ns: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(facts)) ns[k.startsWith('ansible_') && k !== 'ansible_local' ? k.slice(8) : k] = v
    const layers: Layer[] = [{ ansible_facts: ns }]
    if (this.o.injectFacts) layers.push(facts)
    this.factLayersCache.set(facts, layers)
    return layers
  }

  /**
   * The magic variables as layers: the run's, the play's (a live object: its getters give
   * the current ansible_play_hosts), the host's (until the inventory changes) and the
   * role's. Nothing is copied per task.
   */
  private magic(host: string, ctx: PlayContext | undefined, task: Task | undefined): Layer[] {
    const layers: Layer[] = [this.o.runMagic]
    if (ctx) layers.push(ctx.magic)
    layers.push(this.hostMagic(host))
    if (task?.role) layers.push(this.roleMagic(task.role))
    return layers
  }

  private readonly hostMagicCache = new Map<string, { groups: unknown; groupNames: unknown; layer: Layer }>()

  private hostMagic(host: string): Layer {
    const inv = this.o.inventory
    const groups = inv.groupsMap()
    const groupNames = inv.groupNames(host)
    const cached = this.hostMagicCache.get(host)
    if (cached && cached.groups === groups && cached.groupNames === groupNames) return cached.layer
    const layer = {
      inventory_hostname: host,
      inventory_hostname_short: host.split('.')[0],
      group_names: groupNames,
      groups,
      hostvars: this.hostvars,
      ...inv.inventoryMagic(host),
    }
    this.hostMagicCache.set(host, { groups, groupNames, layer })
    return layer
  }

  private readonly roleMagicCache = new WeakMap<RoleInstance, Layer>()

  private roleMagic(role: RoleInstance): Layer {
    let layer = this.roleMagicCache.get(role)
    if (!layer) {
      layer = {
        role_name: role.name,
        role_path: role.path,
        ansible_role_name: role.name,
        role_uuid: role.ref.keywords ? role.path : '',
        ...includeParents(role),
      }
      this.roleMagicCache.set(role, layer)
    }
    return layer
  }
}

/**
 * IncludeRole.get_include_params: a role brought in by include_role/import_role from
 * another role knows the chain of roles that included it, nearest first; a play's role
 * or a dependency has no such variables.
 */
function includeParents(role: RoleInstance): Layer {
  const chain: RoleInstance[] = []
  for (let r = role; r.fromInclude && r.parents.length; r = r.parents[r.parents.length - 1]) chain.push(r.parents[r.parents.length - 1])
  if (!chain.length) return {}
  return { ansible_parent_role_names: chain.map((p) => p.name), ansible_parent_role_paths: chain.map((p) => p.path) }
}

function isEmpty(layer: Layer): boolean {
  for (const _ in layer) return false
  return true
}

function roleDefaults(role: RoleInstance, merge: boolean, parents: RoleInstance[] = []): Layer {
  let out: Record<string, unknown> = {}
  for (const dep of allDependencies(role)) out = combineVars(out, roleDefaults(dep, merge), merge)
  for (const p of parents) out = combineVars(out, p.defaults, merge)
  return combineVars(out, role.defaults, merge)
}

function roleVars(role: RoleInstance, merge: boolean): Layer {
  let out: Record<string, unknown> = {}
  for (const dep of allDependencies(role)) out = combineVars(out, roleVars(dep, merge), merge)
  return combineVars(out, role.vars, merge)
}

function allDependencies(role: RoleInstance): RoleInstance[] {
  return role.dependencies.flatMap((d) => [...allDependencies(d), d])
}

/** A host's scope seen as a dict (`hostvars[h]`). */
function hostMapping(scope: TemplateScope, templar: Templar): LazyMapping {
  return {
    [LAZY_MAPPING]: true,
    pyClass: 'ansible.vars.hostvars.HostVarsVars',
    // HostVarsVars.__getitem__ templates with fail_on_undefined=False: a value that uses an
    // undefined variable comes back as written.
    get: (k: string) => {
      const v = scope.lookup(k)
      if (!isUndefined(v) || !scope.has(k)) return v
      return templar.template((scope as { raw?(n: string): unknown }).raw?.(k), scope, { failOnUndefined: false })
    },
    has: (k: string) => scope.has(k),
    keys: () => [...scope.keys()],
    // HostVarsVars.__repr__: every variable templated, those that fail kept as written
    // (get_vars with include_hostvars=False: no `hostvars` inside).
    materialize: () => Object.fromEntries([...scope.keys()].filter((k) => k !== 'hostvars').map((k) => {
      const v = scope.lookup(k)
      return [k, isUndefined(v) ? (scope as { raw?(n: string): unknown }).raw?.(k) : v]
    })),
  } as LazyMapping
}
