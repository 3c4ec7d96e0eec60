/**
 * Finds a module (or an action plugin) by the name a task gives, as ansible-core 2.14's
 * plugin loader does (find_plugin_with_context):
 *
 * - a fully qualified name (`ns.coll.name`) or a task with a `collections:` list is looked
 *   up collection by collection; `ansible.legacy` means the legacy search below;
 * - a short name without a collection list is the legacy search: the `library/`
 *   directories beside the playbooks and in roles (in the order they were added), the
 *   `library` setting's directories (each with its subdirectories, one and two levels
 *   down, listed first), then ansible-core's own modules; the first file whose name, with or
 *   without its extension, matches wins; `_name` is a deprecated alias of `name`; last,
 *   `ansible.builtin.<name>` is tried, which is how ansible-core's routing sends short
 *   names such as `ini_file` to the collection that now holds them;
 * - `plugin_routing` entries of the collection's meta/runtime.yml apply: a deprecation is
 *   reported, a tombstone is an error, a redirect is followed (a loop is an error), and a
 *   module's `action_plugin` is remembered.
 */
import { readdirSync, realpathSync } from 'node:fs'
import { extname, join } from 'node:path'
import { EngineError } from '../errors/errors.js'
import { deprecationMessage, type Deprecation as DisplayDeprecation } from '../output/display.js'
import { isDir, isFile, isFqcr, type CollectionSearch, type Deprecation, type PluginKind } from './collections.js'

/** Extensions never taken for a module (Ansible's MODULE_IGNORE_EXTS). */
const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.yaml', '.yml', '.ini']

export interface Resolution {
  resolved: boolean
  /** The plugin's file on the controller. */
  path?: string
  /** `ns.coll.name` for collection plugins (ansible.builtin included), the bare name for users' directories. */
  fqcn?: string
  /** The collection, '' for users' directories. */
  collection?: string
  /** A module's `action_plugin` routing entry. */
  actionPlugin?: string
  /** Every name tried along redirects, the asked name first. */
  redirectList: string[]
}

export interface FinderOptions {
  kind: Extract<PluginKind, 'modules' | 'action'>
  /** The installed collections (looked up when first needed). */
  collections(): CollectionSearch
  /** Users' directories (playbook and role `library/` or `action_plugins/`), in the order added. */
  extraDirs(): readonly string[]
  /** The configured directories (`library` / `action_plugins` settings). */
  configured: readonly string[]
  /** ansible-core's own directory for the kind, when ansible-core is installed. */
  packageDir(): string | undefined
  /** Shows a deprecation (Display.deprecated). */
  deprecated(dep: DisplayDeprecation): void
}

export class PluginRemovedError extends EngineError {}

export class PluginFinder {
  private legacyIndex: Map<string, { path: string; internal: boolean }> | undefined
  private legacyDirsKey = ''

  constructor(private readonly o: FinderOptions) {}

  /** Resolves a name as a task gives it, with the task's collection list (if any). */
  find(name: string, collectionList?: readonly string[]): Resolution {
    const ctx: Resolution = { resolved: false, redirectList: [] }
    let current = name
    for (;;) {
      const pending = this.step(current, collectionList, ctx)
      if (pending === undefined) return ctx
      if (ctx.redirectList.includes(pending)) {
        throw new EngineError(`plugin redirect loop resolving ${name} (path: ${pyList(ctx.redirectList)})`)
      }
      current = pending
    }
  }

  /** One resolution step; returns the name a redirect points to, if any. */
  private step(name: string, collectionList: readonly string[] | undefined, ctx: Resolution): string | undefined {
    ctx.redirectList.push(name)
    ctx.resolved = false
    if (isFqcr(name) || (collectionList && collectionList.length)) {
      const candidates = name.includes('.') || !collectionList?.length ? [name] : collectionList.map((c) => `${c}.${name}`)
      for (const candidate of candidates) {
        const out = candidate.startsWith('ansible.legacy.') ? this.legacy(stripLegacy(name), ctx) : this.fq(candidate, ctx)
        if (out.pending) return out.pending
        if (ctx.resolved) {
          if (!candidate.startsWith('ansible.legacy.') && !ctx.redirectList.includes(candidate)) ctx.redirectList.push(candidate)
          return undefined
        }
      }
      return undefined
    }
    const out = this.legacy(name, ctx)
    return out.pending
  }

  /** A name in one collection (ansible.builtin included); no users' directories. */
  private fq(fqName: string, ctx: Resolution): { pending?: string } {
    const parts = fqName.split('.')
    const collectionName = parts.slice(0, 2).join('.')
    const resource = parts.slice(2).join('.')
    const collection = this.o.collections().collection(collectionName)
    if (!collection) return {}
    const routing = this.o.collections().routing(collection, this.o.kind, resource)
    let actionPlugin: string | undefined
    if (routing) {
      const dep = routing.deprecation
      if (dep) this.o.deprecated(deprecationOf(`${fqName} has been deprecated.${dep.warning_text ? ` ${dep.warning_text}` : ''}`, dep, collectionName, false))
      if (routing.tombstone) {
        const t = routing.tombstone
        const text = `${fqName} has been removed.${t.warning_text ? ` ${t.warning_text}` : ''}`
        throw new PluginRemovedError(deprecationMessage(deprecationOf(text, t, collectionName, true)))
      }
      if (routing.redirect) {
        if (!isFqcr(routing.redirect)) {
          throw new EngineError(`Collection ${collectionName} contains invalid redirect for ${fqName}: ${routing.redirect}. Redirects must use fully qualified collection names.`)
        }
        if (!ctx.redirectList.includes(fqName)) ctx.redirectList.push(fqName)
        return { pending: routing.redirect }
      }
      if (this.o.kind === 'modules') actionPlugin = routing.action_plugin
    }
    const dir = join(this.o.collections().pluginDir(collection, this.o.kind), ...parts.slice(2, -1))
    const leaf = parts.at(-1)!
    const suffix = this.o.kind === 'action' ? '.py' : ''
    let path: string | undefined = join(dir, leaf + suffix)
    if (!isFile(path)) {
      path = undefined
      if (!suffix && isDir(dir)) {
        const fuzzy = readdirSync(dir)
          .filter((f) => f.startsWith(`${leaf}.`) && !IGNORED_EXTS.some((x) => f.endsWith(x)) && isFile(join(dir, f)))
          .sort()
        if (fuzzy.length) path = join(dir, fuzzy[0]!)
      }
    }
    if (!path) return {}
    Object.assign(ctx, { resolved: true, path, fqcn: fqName, collection: collectionName, actionPlugin })
    return {}
  }

  /** The search of users' directories, the configured ones and ansible-core's. */
  private legacy(name: string, ctx: Resolution): { pending?: string } {
    const index = this.index()
    const hit = index.get(name)
    if (hit) {
      Object.assign(ctx, { resolved: true, path: hit.path, fqcn: hit.internal ? `ansible.builtin.${name}` : name, collection: hit.internal ? 'ansible.builtin' : '' })
      return {}
    }
    if (!name.startsWith('_')) {
      const alias = index.get(`_${name}`)
      if (alias) {
        if (!isSymlink(alias.path)) {
          this.o.deprecated({
            msg: `${name} is kept for backwards compatibility but usage is discouraged. The module documentation details page may explain more about this rationale.`,
          })
        }
        Object.assign(ctx, { resolved: true, path: alias.path, fqcn: alias.internal ? `ansible.builtin._${name}` : `_${name}`, collection: alias.internal ? 'ansible.builtin' : '' })
        return {}
      }
    }
    if (!name.includes('.') && isFqcr(`ansible.builtin.${name}`)) return this.fq(`ansible.builtin.${name}`, ctx)
    return {}
  }

  /** name (with and without extension) → file, first directory wins; rebuilt when directories are added. */
  private index(): Map<string, { path: string; internal: boolean }> {
    const dirs = this.searchDirs()
    const key = dirs.map((d) => d.path).join('\0')
    if (this.legacyIndex && key === this.legacyDirsKey) return this.legacyIndex
    const index = new Map<string, { path: string; internal: boolean }>()
    const suffix = this.o.kind === 'action' ? '.py' : ''
    for (const { path: dir, internal } of dirs) {
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        continue
      }
      for (const f of names) {
        const full = join(dir, f)
        if (f.endsWith('__init__.py') || IGNORED_EXTS.some((x) => f.endsWith(x)) || !isFile(full)) continue
        const ext = extname(f)
        if (suffix && ext !== suffix) continue
        const base = ext ? f.slice(0, -ext.length) : f
        for (const n of [base, f]) if (!index.has(n)) index.set(n, { path: full, internal })
      }
    }
    this.legacyIndex = index
    this.legacyDirsKey = key
    return index
  }

  /** The legacy search path: users' directories, configured ones (subdirectories first), ansible-core's. */
  private searchDirs(): { path: string; internal: boolean }[] {
    const out: { path: string; internal: boolean }[] = []
    const add = (path: string, internal: boolean) => {
      if (!out.some((d) => d.path === path) && isDir(path)) out.push({ path, internal })
    }
    for (const d of this.o.extraDirs()) add(realpath(d), false)
    for (const d of this.o.configured) {
      for (const sub of subdirs(d)) add(sub, false)
      add(d, false)
    }
    const pkg = this.o.packageDir()
    if (pkg) for (const d of packageDirs(pkg)) add(d, true)
    return out
  }
}

/** `dir/*` and `dir/*\/*` directories, as glob lists them (sorted per level). */
function subdirs(dir: string): string[] {
  const level = (d: string) => {
    try {
      return readdirSync(d).filter((f) => !f.startsWith('.')).sort().map((f) => join(d, f))
    } catch {
      return []
    }
  }
  const one = level(dir)
  const two = one.flatMap(level)
  return [...one, ...two].filter(isDir)
}

/** A package directory and, below every directory that is a package, its subdirectories. */
function packageDirs(dir: string): string[] {
  const out = [dir]
  const walk = (d: string) => {
    let entries: string[]
    try {
      entries = readdirSync(d)
    } catch {
      return
    }
    const subs = entries.filter((e) => isDir(join(d, e)))
    if (entries.includes('__init__.py')) for (const s of subs) out.push(join(d, s))
    for (const s of subs) walk(join(d, s))
  }
  walk(dir)
  return out
}

function deprecationOf(msg: string, d: Deprecation, collection: string, removed: boolean): DisplayDeprecation {
  const date = d.removal_date ?? undefined
  return { msg, date, version: date ? undefined : d.removal_version, collectionName: collection, removed }
}

function stripLegacy(name: string): string {
  return name.startsWith('ansible.legacy.') ? name.slice('ansible.legacy.'.length) : name
}

function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`
}


function isSymlink(p: string): boolean {
  try {
    return realpathSync(p) !== p
  } catch {
    return false
  }
}

function realpath(p: string): string {
  try {
    return realpathSync(p)
  } catch {
    return p
  }
}
