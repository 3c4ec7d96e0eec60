/**
 * Finds one module_utils name, as ansible-core's LegacyModuleUtilLocator and
 * CollectionModuleUtilLocator do: `ansible.module_utils.*` in the module_utils directories
 * (users' `module_utils/` beside the playbook and in roles, the `module_utils` setting,
 * ansible-core's own), local files before ansible.builtin's routing;
 * `ansible_collections.ns.coll.plugins.module_utils.*` in the collection, its routing first.
 * A name imported from a module may be the module's attribute: then its parent is taken.
 * A redirect becomes a small package that imports the target and stands in for it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EngineError } from '../errors/errors.js'
import { deprecationMessage, type Deprecation } from '../output/display.js'
import { isDir, isFile, type CollectionSearch } from './collections.js'

export interface LocatorContext {
  ansibleVersion: string
  /** The controller's `ansible` package directory (ansible-core's modules are named by it). */
  ansiblePackageDir?: string
  /** The module_utils directories, in search order. */
  muPaths: readonly string[]
  collections: CollectionSearch
  deprecated(dep: Deprecation): void
  warn(message: string): void
}

export interface Located {
  /** The name found (the parent, when the name was an attribute). */
  parts: string[]
  source: Buffer
  /** Path inside the payload zip. */
  outputPath: string
  isPackage: boolean
  redirected: boolean
}

interface Found {
  source: Buffer
  isPackage: boolean
  redirected: boolean
}

type Finder = (parts: string[]) => Found | undefined

export function locateLegacyUtil(parts: string[], ambiguous: boolean, childRedirected: boolean, ctx: LocatorContext): Located | undefined {
  let candidates = candidatesOf(parts, 2, ambiguous)
  if (parts[2] === 'six') candidates = [['ansible', 'module_utils', 'six']]
  const redirect: Finder = (p) => redirectOf(p, 'ansible.builtin', p.slice(2), false, ctx)
  return locate(candidates, false, childRedirected, (p) => findLegacy(p, ctx.muPaths), redirect)
}

export function locateCollectionUtil(parts: string[], ambiguous: boolean, childRedirected: boolean, optional: boolean, ctx: LocatorContext): Located | undefined {
  if (parts.length >= 6 && (parts[3] !== 'plugins' || parts[4] !== 'module_utils')) {
    throw new EngineError(`CollectionModuleUtilLocator can only locate below ansible_collections.(ns).(coll).plugins.module_utils, got ${parts.join('.')}`)
  }
  const collection = parts.slice(1, 3).join('.')
  const redirect: Finder = (p) => redirectOf(p, collection, p.slice(5), optional, ctx)
  return locate(candidatesOf(parts, 5, ambiguous), true, childRedirected, (p) => findInCollection(p, ctx.collections), redirect)
}

function candidatesOf(parts: string[], prefix: number, ambiguous: boolean): string[][] {
  return ambiguous && parts.length - prefix > 1 ? [parts, parts.slice(0, -1)] : [parts]
}

function locate(candidates: string[][], redirectFirst: boolean, childRedirected: boolean, find: Finder, redirect: Finder): Located | undefined {
  let chosen: string[] | undefined
  let found: Found | undefined
  for (const c of candidates) {
    found = (redirectFirst ? redirect(c) : undefined) ?? find(c) ?? (redirectFirst ? undefined : redirect(c))
    if (found) {
      chosen = c
      break
    }
  }
  if (!found) {
    if (!childRedirected) return undefined
    chosen = candidates.at(-1)!
    found = { source: Buffer.alloc(0), isPackage: true, redirected: false }
  }
  const path = found.isPackage ? [...chosen!, '__init__'] : chosen!
  return { parts: chosen!, source: found.source, outputPath: `${path.join('/')}.py`, isPackage: found.isPackage, redirected: found.redirected }
}

/** importlib's PathFinder over the module_utils directories: a package dir, else a `.py` file. */
function findLegacy(parts: string[], muPaths: readonly string[]): Found | undefined {
  const rel = parts.slice(2)
  const paths = rel.length === 1 ? muPaths : muPaths.map((p) => join(p, ...rel.slice(0, -1)))
  const tail = rel.at(-1)!
  for (const p of paths) {
    const pkg = join(p, tail)
    if (isDir(pkg)) {
      if (isFile(join(pkg, '__init__.py'))) return { source: readFileSync(join(pkg, '__init__.py')), isPackage: true, redirected: false }
      if (isFile(join(pkg, '__init__.pyc'))) return undefined
    }
    if (isFile(`${pkg}.py`)) return { source: readFileSync(`${pkg}.py`), isPackage: false, redirected: false }
    if (isFile(`${pkg}.pyc`)) return undefined
  }
  return undefined
}

/** A resource of an installed collection: a package (with or without `__init__.py`) or a `.py` file. */
function findInCollection(parts: string[], collections: CollectionSearch): Found | undefined {
  if (parts.length < 6) return { source: Buffer.alloc(0), isPackage: true, redirected: false }
  const c = collections.collection(parts.slice(1, 3).join('.'))
  if (!c) return undefined
  const base = join(c.dir, ...parts.slice(3))
  if (isFile(join(base, '__init__.py'))) return { source: readFileSync(join(base, '__init__.py')), isPackage: true, redirected: false }
  if (isDir(base)) return { source: Buffer.alloc(0), isPackage: true, redirected: false }
  if (isFile(`${base}.py`)) return { source: readFileSync(`${base}.py`), isPackage: false, redirected: false }
  return undefined
}

/** `plugin_routing.module_utils` of the collection: deprecations, tombstones and redirects. */
function redirectOf(parts: string[], collectionName: string, rel: string[], optional: boolean, ctx: LocatorContext): Found | undefined {
  if (rel.length === 0) return undefined
  const collection = ctx.collections.collection(collectionName)
  if (!collection) {
    if (optional) return undefined
    throw new EngineError(`error processing module_util ${parts.join('.')} loading redirected collection ${collectionName}: unable to locate collection ${collectionName}`)
  }
  const entry = ctx.collections.routing(collection, 'module_utils', rel.join('.'))
  if (!entry) return undefined
  const removed = entry.tombstone !== undefined && entry.tombstone !== null
  const dep = removed ? entry.tombstone : entry.deprecation
  if (dep) {
    const msg = `module_util ${parts.join('.')} has been removed${dep.warning_text ? ` (${dep.warning_text})` : '.'}`
    const notice: Deprecation = { msg, version: dep.removal_version, date: dep.removal_date, removed, collectionName }
    if (removed) throw new EngineError(deprecationMessage(notice))
    ctx.deprecated(notice)
  }
  if (!entry.redirect) return undefined
  let target = entry.redirect
  const source = parts.join('.')
  if (!target.startsWith('ansible_collections')) {
    const split = target.split('.')
    if (split.length < 3) throw new EngineError(`invalid redirect for ${source}: ${target}`)
    target = `ansible_collections.${split[0]}.${split[1]}.plugins.module_utils.${split.slice(2).join('.')}`
  }
  const shim = `import sys\nimport ${target}\nsys.modules[__name__] = sys.modules['${target}']\n`
  return { source: Buffer.from(shim), isPackage: true, redirected: true }
}


