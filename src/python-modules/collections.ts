/**
 * Installed collections, found as Ansible's collection loader finds them: under
 * `<root>/ansible_collections/<ns>/<name>` for each root, in order: `collections/` beside
 * each playbook, the `collections_paths` setting, then (collections_scan_sys_path) the
 * controller Python's sys.path, where Debian's `ansible` package installs its collections.
 * A root is kept only when it holds an `ansible_collections` directory; the first root that
 * has a collection wins.
 *
 * `ansible.builtin` is ansible-core itself: its modules, action plugins and module_utils are
 * the `ansible` package's, and its routing is `config/ansible_builtin_runtime.yml`.
 */
import { existsSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { loadYamlFile } from '../yaml/load.js'
import { isDict } from '../py/values.js'
import { EngineError } from '../errors/errors.js'

export type PluginKind = 'modules' | 'action' | 'module_utils'

/** A routing entry of `plugin_routing.<kind>.<name>` in meta/runtime.yml. */
export interface RoutingEntry {
  redirect?: string
  deprecation?: Deprecation
  tombstone?: Deprecation
  action_plugin?: string
}

export interface Deprecation {
  removal_version?: string
  removal_date?: string
  warning_text?: string
}

export interface Collection {
  /** `ns.name`. */
  name: string
  /** The collection's directory (for ansible.builtin, the ansible package). */
  dir: string
}

export class CollectionSearch {
  private readonly found = new Map<string, Collection | null>()
  private readonly runtimes = new Map<string, Record<string, unknown>>()
  private readonly roots: string[]

  /**
   * @param roots candidate roots in order (playbook `collections/` dirs, configured paths, sys.path)
   * @param ansiblePackage the controller's `ansible` package directory, if any
   */
  constructor(roots: readonly string[], private readonly ansiblePackage: () => string | undefined) {
    const kept: string[] = []
    for (let r of roots) {
      if (basename(r) === 'ansible_collections') r = dirname(r)
      if (!kept.includes(r) && isDir(join(r, 'ansible_collections'))) kept.push(r)
    }
    this.roots = kept
  }

  /** The roots in use (those that hold an `ansible_collections` directory). */
  get searchRoots(): readonly string[] {
    return this.roots
  }

  /** A collection by `ns.name`, or undefined when it is not installed. */
  collection(name: string): Collection | undefined {
    if (this.found.has(name)) return this.found.get(name) ?? undefined
    let hit: Collection | null = null
    if (name === 'ansible.builtin') {
      const pkg = this.ansiblePackage()
      if (pkg) hit = { name, dir: pkg }
    } else {
      const [ns, coll] = name.split('.')
      for (const root of this.roots) {
        const dir = join(root, 'ansible_collections', ns!, coll!)
        if (isDir(dir)) {
          hit = { name, dir }
          break
        }
      }
    }
    this.found.set(name, hit)
    return hit ?? undefined
  }

  /** The directory of a collection's plugins of one kind (it may not exist). */
  pluginDir(c: Collection, kind: PluginKind): string {
    if (c.name === 'ansible.builtin') return kind === 'action' ? join(c.dir, 'plugins', 'action') : join(c.dir, kind)
    return join(c.dir, 'plugins', kind)
  }

  /** `plugin_routing.<kind>.<resource>` of a collection's runtime metadata. */
  routing(c: Collection, kind: PluginKind, resource: string): RoutingEntry | undefined {
    const routing = this.runtime(c).plugin_routing
    if (!isDict(routing)) return undefined
    const entries = routing[kind]
    if (!isDict(entries)) return undefined
    const entry = entries[resource]
    return isDict(entry) ? (entry as RoutingEntry) : undefined
  }

  /** The parsed meta/runtime.yml (ansible.builtin: config/ansible_builtin_runtime.yml); {} when absent. */
  runtime(c: Collection): Record<string, unknown> {
    let meta = this.runtimes.get(c.name)
    if (meta) return meta
    const file = c.name === 'ansible.builtin' ? join(c.dir, 'config', 'ansible_builtin_runtime.yml') : join(c.dir, 'meta', 'runtime.yml')
    meta = {}
    if (existsSync(file)) {
      const data = loadYamlFile(file)
      if (data !== null && data !== undefined && !isDict(data)) {
        throw new EngineError(`${file}: the collection's runtime metadata must be a mapping, found ${Array.isArray(data) ? 'a list' : typeof data}`)
      }
      meta = (data as Record<string, unknown> | null) ?? {}
    }
    this.runtimes.set(c.name, meta)
    return meta
  }
}

/**
 * The collection roots Ansible searches: `<dir>/collections` for each playbook directory,
 * then the configured paths, then the Python path when scanning it is on.
 */
export function collectionRoots(playbookDirs: readonly string[], configured: readonly string[], sysPath: readonly string[] | undefined): string[] {
  return [...new Set(playbookDirs)].map((d) => join(d, 'collections')).concat(configured, sysPath ?? [])
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile()
  } catch {
    return false
  }
}

/** Whether a name looks like `ns.coll.[subdirs.]resource` (AnsibleCollectionRef.is_valid_fqcr without a type). */
export function isFqcr(name: string): boolean {
  return /^[\p{L}\p{N}_]+(\.[\p{L}\p{N}_]+){2,}$/u.test(name)
}
