/**
 * The inventory (ansible-core 2.14's InventoryManager + host_group_vars): sources (INI and
 * YAML files, directories of them, `h1,h2` lists), group_vars/ and host_vars/ beside the
 * sources and the playbook, host patterns with Ansible's order and warnings, --limit
 * (incl. `@file`), the implicit localhost, and the run-time changes of add_host/group_by.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, resolve } from 'node:path'
import type { EngineInventory } from '../executor/engine-inventory.js'
import { globToRegExp } from '../py/fnmatch.js'
import type { Layer } from '../vars/chain-source.js'
import { DirListings } from '../util/dir-listing.js'
import { loadYamlFile } from '../yaml/load.js'
import { NO_SECRETS, type Vault } from '../vault/vault.js'
import { TsibleError } from '../errors/tsible-error.js'
import { InventoryData, sortGroups, type Group, type Host } from './data.js'
import { hostEntries, InventoryParseError, parseIni, parseYamlInventory, yamlTypeRepr } from './parse.js'
import { EngineError, ParseError } from '../errors/errors.js'
import { isDict } from '../py/values.js'
import { jsonDumps } from '../py/json-dumps.js'


export interface InventoryOptions {
  playbookDir?: string
  /** `--limit`: a pattern, or `@file` with one pattern per line. */
  limit?: string
  warn(message: string): void
  /** Loads a YAML/JSON file (default: loadYamlFile). */
  loadYaml?(path: string): unknown
  /** The run's vault: encrypted inventory files and group_vars/host_vars files are decrypted with it. */
  vault?: Vault
  /** ansible/ansible-playbook's "provided hosts list is empty" warning (ansible-inventory has none). */
  emptyWarning?: boolean
  /** hash_behaviour = merge: a dict variable set again (a second source) is merged, not replaced. */
  hashMerge?: boolean
}

/** INVENTORY_IGNORE_EXTS: files a directory source skips. */
const IGNORE_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry']
const YAML_EXTS = ['.yml', '.yaml', '.json']
const LOCALHOST = new Set(['localhost', '127.0.0.1', '::1'])
const VARS_EXTS = ['', '.yml', '.yaml', '.json']

export function openInventory(sources: readonly string[], options: InventoryOptions): Inventory {
  return new Inventory(sources, options)
}

export class Inventory implements EngineInventory {
  readonly data: InventoryData
  /** Directories whose group_vars/host_vars apply (each source's directory). */
  private readonly sourceDirs: string[] = []
  private readonly parsedSources: string[] = []
  private warnings: string[] = []
  private readonly warned = new Set<string>()
  private readonly subset: string[] | undefined
  private readonly varsCache = new Map<string, Layer>()
  /** Per-host answers (layers, group names) and the groups map, until the inventory changes. */
  private readonly hostCache = new Map<string, { layers?: Layer[]; groupNames?: string[] }>()
  private groupsCache: Record<string, string[]> | undefined

  /** add_host/group_by changed hosts or groups: computed answers are stale. */
  private changed(): void {
    this.hostCache.clear()
    this.groupsCache = undefined
  }

  private cached(host: string) {
    let c = this.hostCache.get(host)
    if (!c) this.hostCache.set(host, (c = {}))
    return c
  }

  constructor(
    readonly sources: readonly string[],
    private readonly options: InventoryOptions,
  ) {
    this.data = new InventoryData(options.hashMerge)
    for (const s of sources) this.addSource(s)
    // InventoryManager reconciles only when some source parsed: a failed file's partial
    // groups stay out of `all`.
    if (this.parsedSources.length > 0 || sources.length === 0) this.data.reconcile()
    if (this.parsedSources.length === 0 && sources.length > 0 && !sources.every((s) => s.includes(',') && !existsSync(s))) {
      options.warn('No inventory was parsed, only implicit localhost is available')
    }
    if (this.data.hosts.size === 0 && this.parsedSources.length > 0 && options.emptyWarning !== false) options.warn('provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match \'all\'')
    this.subset = options.limit === undefined ? undefined : limitPatterns(options.limit)
  }

  /**
   * One source; returns whether it parsed. Only top-level sources (the -i values) get
   * group_vars/host_vars beside them: a directory's subdirectories are parsed but not
   * looked into for vars, as the vars plugins see only InventoryManager's sources.
   */
  private addSource(source: string, top = true): boolean {
    // unfrackpath('') is the working directory.
    if (source === '') source = process.cwd()
    if (!existsSync(source)) {
      if (source.includes(',')) {
        // The host_list plugin: each entry through parse_address (host:port, [v6]:port).
        for (const entry of source.split(',').map((x) => x.trim()).filter(Boolean)) {
          let parsed: { names: string[]; port?: number }
          try {
            parsed = hostEntries(entry)
          } catch {
            parsed = { names: [entry] }
          }
          for (const n of parsed.names) {
            const h = this.data.addHost(n, 'ungrouped', source)
            if (parsed.port !== undefined) h.vars.ansible_port = parsed.port
          }
        }
        this.parsedSources.push(source)
        return true
      }
      // A missing default inventory is not worth a warning (parse_source's special case).
      if (resolve(source) !== '/etc/ansible/hosts') this.options.warn(`Unable to parse ${resolve(source)} as an inventory source`)
      return false
    }
    const path = resolve(source)
    if (top) this.sourceDirs.push(statSync(path).isDirectory() ? path : dirname(path))
    if (statSync(path).isDirectory()) {
      // IGNORED_ALWAYS (hidden files, host_vars, group_vars, vars_plugins) and INVENTORY_IGNORE_EXTS.
      let parsed = false
      for (const entry of readdirSync(path).sort()) {
        if (['group_vars', 'host_vars', 'vars_plugins'].includes(entry) || entry.startsWith('.')) continue
        if (IGNORE_EXTS.some((e) => entry.endsWith(e))) continue
        if (this.addSource(join(path, entry), false)) parsed = true
      }
      if (parsed && top) this.parsedSources.push(path)
      if (!parsed) this.options.warn(`Unable to parse ${path} as an inventory source`)
      return parsed
    }
    const ok = this.parseFile(path)
    if (ok && top) this.parsedSources.push(path)
    return ok
  }

  /**
   * The enabled plugins in INVENTORY_ENABLED's order, as parse_source tries them: auto and
   * yaml for .yml/.yaml (yaml also .json), then ini; each failure is reported only when
   * none succeeded. (Extensionless files go to ini directly: PyYAML's error texts for the
   * yaml attempt are not reproduced.)
   */
  private parseFile(file: string): boolean {
    const ext = extname(file)
    const failures: [string, string][] = []
    if (ext === '.yml' || ext === '.yaml') failures.push(['auto', `no root 'plugin' key found, '${file}' is not a valid YAML inventory plugin config file`])
    if (YAML_EXTS.includes(ext)) {
      try {
        const data = this.options.loadYaml ? this.options.loadYaml(file) : loadYamlFile(file, { vault: this.options.vault })
        parseYamlInventory(this.data, data, file, this.options.warn)
        return true
      } catch (e) {
        if (!(e instanceof InventoryParseError) && !(e instanceof TsibleError)) throw e
        failures.push(['yaml', e.message])
      }
    }
    try {
      parseIni(this.data, (this.options.vault ?? NO_SECRETS).readText(file).text, file)
      return true
    } catch (e) {
      if (!(e instanceof InventoryParseError) && !(e instanceof TsibleError)) throw e
      failures.push(['ini', e.message])
    }
    for (const [plugin, msg] of failures) this.options.warn(` * Failed to parse ${file} with ${plugin} plugin: ${msg}`)
    this.options.warn(`Unable to parse ${file} as an inventory source`)
    return false
  }

  // --- VarsInventory -------------------------------------------------------------

  hasHost(name: string): boolean {
    return this.data.hosts.has(name)
  }

  hostNames(): string[] {
    return [...this.data.hosts.values()].filter((h) => !h.implicit).map((h) => h.name)
  }

  groupsMap(): Record<string, string[]> {
    if (this.groupsCache) return this.groupsCache
    const out: Record<string, string[]> = {}
    for (const [name, g] of this.data.groups) out[name] = this.data.groupHosts(g).map((h) => h.name)
    this.groupsCache = out
    return out
  }

  groupNames(host: string): string[] {
    const c = this.cached(host)
    if (c.groupNames) return c.groupNames
    const h = this.data.hosts.get(host)
    if (!h) return (c.groupNames = [])
    c.groupNames = this.data
      .hostGroups(h)
      .filter((g) => g.name !== 'all')
      .map((g) => g.name)
      .sort()
    return c.groupNames
  }

  inventoryLayers(host: string, playbookDir: string | undefined): Layer[] {
    const c = this.cached(`${host}\0${playbookDir ?? ''}`)
    c.layers ??= this.computeLayers(host, playbookDir)
    return c.layers
  }

  private computeLayers(host: string, playbookDir: string | undefined): Layer[] {
    const h = this.data.hosts.get(host) ?? this.implicitHost(host)
    const all = this.data.groups.get('all')!
    const groups = h ? sortGroups(this.data.hostGroups(h).filter((g) => g !== all)) : []
    const pb = playbookDir && !this.sourceDirs.includes(resolve(playbookDir)) ? [resolve(playbookDir)] : []
    // VARIABLE_PRECEDENCE's default order: all_inventory, groups_inventory,
    // all_plugins_inventory, all_plugins_play, groups_plugins_inventory, groups_plugins_play.
    const layers: Layer[] = [all.vars]
    for (const g of groups) layers.push(g.vars)
    for (const d of this.sourceDirs) layers.push(this.varsFiles(d, 'group_vars', 'all'))
    for (const d of pb) layers.push(this.varsFiles(d, 'group_vars', 'all'))
    for (const g of groups) for (const d of this.sourceDirs) layers.push(this.varsFiles(d, 'group_vars', g.name))
    for (const g of groups) for (const d of pb) layers.push(this.varsFiles(d, 'group_vars', g.name))
    if (h) layers.push(h.vars)
    for (const d of this.sourceDirs) layers.push(this.varsFiles(d, 'host_vars', host))
    for (const d of pb) layers.push(this.varsFiles(d, 'host_vars', host))
    return layers
  }

  inventoryMagic(host: string): Record<string, unknown> {
    const h = this.data.hosts.get(host)
    // InventoryData.add_host's host variables: the source being parsed and its basedir (a
    // host list has no directory: Ansible stores None, which templating shows as 'None').
    // The implicit localhost has neither.
    const file = h?.source
    if (file === undefined) return {}
    const dir = existsSync(file) ? (statSync(file).isDirectory() ? file : dirname(file)) : 'None'
    return { inventory_file: file, inventory_dir: dir }
  }

  /** A group's own variables: the source's, then its group_vars files (ansible-inventory --vars). */
  groupVars(group: Group, playbookDir?: string): Record<string, unknown> {
    let out: Record<string, unknown> = { ...group.vars }
    for (const d of this.sourceDirs) out = { ...out, ...this.varsFiles(d, 'group_vars', group.name) }
    if (playbookDir) out = { ...out, ...this.varsFiles(resolve(playbookDir), 'group_vars', group.name) }
    return out
  }

  /** group_vars/<name> or host_vars/<name>: a file (first of '', .yml, .yaml, .json) or a directory. */
  private readonly listings = new DirListings()

  private varsFiles(base: string, kind: string, name: string): Layer {
    const key = `${base}\0${kind}\0${name}`
    const cached = this.varsCache.get(key)
    if (cached) return cached
    let out: Record<string, unknown> = {}
    // One listing of group_vars/ (host_vars/) instead of probing four names per group.
    const dir = join(base, kind)
    for (const ext of VARS_EXTS) {
      const p = join(dir, name + ext)
      if (!this.listings.has(dir, name + ext) || !existsSync(p)) continue
      const files = statSync(p).isDirectory() ? dirVarsFiles(p) : [p]
      for (const f of files) {
        const data = loadVarsFile(f, this.options.vault)
        if (data === null || data === undefined) continue
        if (data === '' || data === false || data === 0) continue
        if (!isDict(data)) {
          // combine_vars' check, as host_group_vars hits it with what it has so far.
          const cls = /'(?:[\w.]+\.)?(\w+)'>$/.exec(yamlTypeRepr(data))![1]
          throw new ParseError(`failed to combine variables, expected dicts but got a 'dict' and a '${cls}': \n${jsonDumps(out)}\n${jsonDumps(data)}`)
        }
        out = { ...out, ...(data as Record<string, unknown>) }
      }
      break
    }
    this.varsCache.set(key, out)
    return out
  }

  // --- EngineInventory -------------------------------------------------------------

  hostsForPattern(pattern: string | string[], order?: string): string[] {
    let hosts = this.evaluate(splitPatterns(pattern))
    if (this.subset) {
      // The limit's unmatched patterns warn too (get_hosts evaluates the subset the same way).
      const allowed = new Set(this.evaluate(this.subset, true))
      hosts = hosts.filter((h) => allowed.has(h))
    }
    switch (order ?? 'inventory') {
      case 'inventory':
        return hosts.map((h) => h.name)
      case 'reverse_inventory':
        return hosts.map((h) => h.name).reverse()
      case 'sorted':
        return hosts.map((h) => h.name).sort()
      case 'reverse_sorted':
        return hosts.map((h) => h.name).sort().reverse()
      case 'shuffle': {
        const names = hosts.map((h) => h.name)
        for (let i = names.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1))
          ;[names[i], names[j]] = [names[j], names[i]]
        }
        return names
      }
      default:
        throw new InventoryParseError(`Invalid 'order' specified for inventory hosts: ${order}`)
    }
  }

  takeWarnings(): string[] {
    // Each text once, as Ansible's pattern cache and Display's dedupe show it.
    const w = [...new Set(this.warnings)].filter((x) => !this.warned.has(x))
    for (const x of w) this.warned.add(x)
    this.warnings = []
    return w
  }

  addHost(name: string, groups: string[], vars: Record<string, unknown>): boolean {
    let changed = false
    if (!this.data.hosts.has(name)) {
      this.data.addHost(name, 'all')
      changed = true
    }
    const h = this.data.hosts.get(name)!
    for (const [k, v] of Object.entries(vars)) {
      if (JSON.stringify(h.vars[k]) !== JSON.stringify(v)) changed = true
    }
    // A new object, not changed in place: variable layers are never mutated once in use
    // (merged inventory layers are kept by the identity of what they merge).
    if (Object.keys(vars).length) h.vars = { ...h.vars, ...vars }
    for (const g of groups) {
      if (!this.data.groups.has(g)) changed = true
      if (this.data.addHostToGroup(h, this.data.addGroup(g))) changed = true
    }
    this.data.reconcile()
    this.changed()
    return changed
  }

  addHostToGroup(host: string, group: string, parents: string[]): boolean {
    const h = this.data.hosts.get(host) ?? this.implicitHost(host)
    if (!h) throw new InventoryParseError(`${host} cannot be matched in inventory`)
    let changed = false
    const g = this.data.addGroup(group)
    for (const p of parents) {
      if (!this.data.groups.has(p)) changed = true
      if (this.data.addChild(p, group)) changed = true
    }
    const treeChanged = changed
    if (this.data.addHostToGroup(h, g)) changed = true
    if (changed) {
      this.data.reconcile(treeChanged ? undefined : [h])
      this.changed()
    }
    return changed
  }

  hostVars(host: string): Record<string, unknown> {
    return this.data.hosts.get(host)?.vars ?? {}
  }

  // --- patterns ----------------------------------------------------------------------

  /** _evaluate_patterns: plain patterns first, then `&` intersections, then `!` exclusions. */
  private evaluate(patterns: string[], warn = true): Host[] {
    const ordered = [...patterns.filter((p) => p[0] !== '&' && p[0] !== '!'), ...patterns.filter((p) => p[0] === '&'), ...patterns.filter((p) => p[0] === '!')]
    if (ordered.length && (ordered[0][0] === '&' || ordered[0][0] === '!')) ordered.unshift('all')
    let hosts: Host[] = []
    for (const p of ordered) {
      const exact = this.data.hosts.get(p)
      if (exact && !exact.implicit) {
        if (!hosts.includes(exact)) hosts.push(exact)
        continue
      }
      const that = this.matchOne(p.replace(/^[&!]/, ''), warn)
      if (p[0] === '!') hosts = hosts.filter((h) => !that.includes(h))
      else if (p[0] === '&') hosts = hosts.filter((h) => that.includes(h))
      else for (const h of that) if (!hosts.includes(h)) hosts.push(h)
    }
    return hosts
  }

  private matchOne(pattern: string, warn: boolean): Host[] {
    // PATTERN_WITH_SUBSCRIPT: [n] with n possibly negative, or [x:y] / [x:] / the removed [x-y].
    const sub = pattern.startsWith('~') ? null : /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/.exec(pattern)
    let hosts = this.enumerate(sub ? sub[1] : pattern, warn)
    if (sub) {
      if (sub[4] === '-' && warn) this.warnings.push('Use [x:y] inclusive subscripts instead of [x-y] which has been removed')
      const start = Number(sub[2] ?? sub[3])
      let end = sub[2] !== undefined ? 0 : sub[5] === '' ? -1 : Number(sub[5])
      if (end) {
        if (end === -1) end = hosts.length - 1
        hosts = pySlice(hosts, start, end + 1)
      } else {
        const h = hosts.at(start)
        hosts = h ? [h] : []
      }
    }
    return hosts
  }

  private enumerate(pattern: string, warn: boolean): Host[] {
    const results: Host[] = []
    let re: RegExp
    try {
      re = pattern.startsWith('~') ? new RegExp(`^(?:${pattern.slice(1)})`) : globToRegExp(pattern)
    } catch (e) {
      if (pattern.startsWith('~')) throw e
      // A glob class JavaScript rejects (fnmatch drops such empty ranges): matches nothing here.
      re = /(?!)/
    }
    const groups = [...this.data.groups.keys()].filter((g) => (pattern.startsWith('~') ? re.test(g) : g === pattern || re.test(g)))
    for (const g of groups) for (const h of this.data.groupHosts(this.data.groups.get(g)!)) if (!results.includes(h)) results.push(h)
    if (!groups.length || pattern.startsWith('~') || /[.?*[]/.test(pattern)) {
      for (const h of this.data.hosts.values()) {
        if (h.implicit) continue
        if (re.test(h.name) && !results.includes(h)) results.push(h)
      }
    }
    if (!results.length && LOCALHOST.has(pattern)) {
      const implicit = this.implicitHost(pattern)
      if (implicit) results.push(implicit)
    }
    if (!results.length && !groups.length && pattern !== 'all' && warn) this.warnings.push(`Could not match supplied host pattern, ignoring: ${pattern}`)
    return results
  }

  /** The implicit localhost, created on first use, with `all`'s vars under its own. */
  private implicitHost(name: string): Host | undefined {
    if (!LOCALHOST.has(name)) return undefined
    let h = this.data.hosts.get(name)
    if (!h) {
      h = { name, vars: { ansible_connection: 'local', ansible_python_interpreter: '/usr/bin/python3' }, groups: [], implicit: true }
      this.data.hosts.set(name, h)
    }
    return h
  }
}

/** split_host_pattern: a list, or a string split on commas, else on colons outside brackets. */
function splitPatterns(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitPatterns(String(p)))
  const p = pattern.trim()
  if (p.includes(',')) return p.split(',').map((x) => x.trim()).filter(Boolean)
  return p.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []
}

function limitPatterns(limit: string): string[] {
  const out: string[] = []
  for (const part of splitPatterns(limit)) {
    if (part.startsWith('@')) {
      const file = part.slice(1)
      if (!existsSync(file)) throw new EngineError(`Unable to find limit file b'${file}'`)
      out.push(...readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean))
    } else out.push(part)
  }
  return out
}

/** A group_vars/host_vars file: what fails to load is an AnsibleParserError (exit code 4), as host_group_vars raises it. */
function loadVarsFile(file: string, vault: Vault | undefined): unknown {
  try {
    return loadYamlFile(file, { vault })
  } catch (e) {
    if (e instanceof TsibleError && !(e instanceof ParseError)) throw new ParseError(e.message, e.location, { cause: e })
    throw e
  }
}

/** The vars files of a group_vars/host_vars directory: sorted, recursive, YAML/JSON only. */
function dirVarsFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir).sort()) {
    if (e.startsWith('.')) continue
    const p = join(dir, e)
    if (statSync(p).isDirectory()) out.push(...dirVarsFiles(p))
    else if (VARS_EXTS.includes(extname(e)) || extname(e) === '') out.push(p)
  }
  return out
}

export type { Group, Host }

/** Python's list[start:end] (negative indices from the end, clamped). */
function pySlice<T>(xs: T[], start: number, end: number): T[] {
  const norm = (i: number) => (i < 0 ? Math.max(0, xs.length + i) : Math.min(i, xs.length))
  return xs.slice(norm(start), norm(end))
}
