/**
 * The module_utils a Python module needs, resolved as ansible-core 2.14 resolves them
 * (executor/module_common.py: ModuleDepFinder and recursive_finder): every import of
 * `ansible.module_utils.*` and `ansible_collections.*.plugins.module_utils.*` (relative
 * ones too), followed through the imported files; a name imported from a module may be a
 * submodule or an attribute, so both are tried; imports that are not at module level are
 * optional; `plugin_routing.module_utils` redirects become small shims; every ancestor
 * package gets its `__init__.py`. The result is the list of files of the payload zip.
 */
import { EngineError } from '../errors/errors.js'
import { scanImports } from './python-imports.js'
import { locateCollectionUtil, locateLegacyUtil, type Located, type LocatorContext } from './module-utils-locator.js'

export interface PayloadFile {
  /** Path inside the zip, e.g. `ansible/module_utils/basic.py`. */
  name: string
  data: Buffer
}

interface Entry {
  parts: string[]
  ambiguous: boolean
  childRedirected: boolean
  optional: boolean
}

/**
 * The files of a module's payload: its module_utils (recursively), their packages, and the
 * module itself under `moduleFqn` with the packages above it.
 */
export function payloadFiles(moduleName: string, moduleFqn: string, source: Buffer, ctx: LocatorContext): PayloadFile[] {
  const cache = new Map<string, PayloadFile>()
  const key = (parts: readonly string[]) => parts.join('.')
  cache.set('ansible', {
    name: 'ansible/__init__.py',
    data: Buffer.from(`from pkgutil import extend_path\n__path__=extend_path(__path__,__name__)\n__version__="${ctx.ansibleVersion}"\n__author__="Ansible, Inc."\n`),
  })
  cache.set('ansible.module_utils', { name: 'ansible/module_utils/__init__.py', data: Buffer.from('from pkgutil import extend_path\n__path__=extend_path(__path__,__name__)\n') })

  const queue: Entry[] = depsOf(source.toString('utf8'), moduleFqn, false).map((d) => ({ parts: d.parts, ambiguous: true, childRedirected: false, optional: d.optional }))
  queue.push({ parts: ['ansible', 'module_utils', 'basic'], ambiguous: false, childRedirected: false, optional: false })

  while (queue.length) {
    queue.sort(compareEntries)
    const entry = queue.shift()!
    if (cache.has(key(entry.parts))) continue
    let found: Located | undefined
    if (entry.parts[0] === 'ansible' && entry.parts[1] === 'module_utils') {
      found = locateLegacyUtil(entry.parts, entry.ambiguous, entry.childRedirected, ctx)
    } else if (entry.parts[0] === 'ansible_collections') {
      found = locateCollectionUtil(entry.parts, entry.ambiguous, entry.childRedirected, entry.optional, ctx)
    } else {
      ctx.warn(`ModuleDepFinder improperly found a non-module_utils import ${pyTuple(entry.parts)}`)
      continue
    }
    if (!found) {
      if (entry.optional) continue
      throw new EngineError(`Could not find imported module support code for ${moduleFqn}.  Looked for (${pyList(candidateNames(entry))})`)
    }
    if (cache.has(key(found.parts))) continue
    for (const d of depsOf(found.source.toString('utf8'), found.parts.join('.'), found.isPackage)) {
      if (!cache.has(key(d.parts))) queue.push({ parts: d.parts, ambiguous: true, childRedirected: false, optional: d.optional })
    }
    cache.set(key(found.parts), { name: found.outputPath, data: found.source })
    for (let i = 1; i < found.parts.length; i++) {
      const pkg = found.parts.slice(0, i)
      if (!cache.has(key(pkg))) queue.push({ parts: pkg, ambiguous: false, childRedirected: found.redirected, optional: entry.optional })
    }
  }
  const files = [...cache.values()]
  addModule(files, moduleFqn, source)
  return files
}

/** The module at its FQN's path, and the `__init__.py` of the packages above it. */
function addModule(files: PayloadFile[], fqn: string, source: Buffer): void {
  const parts = fqn.split('.')
  files.push({ name: `${parts.join('/')}.py`, data: source })
  const start = parts[0] === 'ansible' ? 2 : 1
  const existing = new Set(files.map((f) => f.name))
  for (let i = start; i < parts.length; i++) {
    const name = `${parts.slice(0, i).join('/')}/__init__.py`
    if (parts[0] !== 'ansible' && existing.has(name)) continue
    files.push({ name, data: Buffer.alloc(0) })
  }
}

interface Dep {
  parts: string[]
  optional: boolean
}

/** ModuleDepFinder: the module_utils names one file imports. */
export function depsOf(source: string, moduleFqn: string, isPkgInit: boolean): Dep[] {
  const found = new Map<string, Dep>()
  const add = (parts: string[], optional: boolean) => {
    const k = parts.join('\0')
    const prev = found.get(k)
    if (!prev) found.set(k, { parts, optional })
    else if (optional) prev.optional = true
  }
  for (const imp of scanImports(source)) {
    const optional = !imp.topLevel
    if (imp.kind === 'import') {
      for (const n of imp.names) if (n.startsWith('ansible.module_utils.') || n.startsWith('ansible_collections.')) add(n.split('.'), optional)
      continue
    }
    let module: string | null
    if (imp.level > 0) {
      const parts = moduleFqn.split('.')
      const cut = isPkgInit ? -imp.level + 1 || undefined : -imp.level
      const base = parts.slice(0, cut === undefined ? parts.length : cut)
      module = imp.module ? [...base, imp.module].join('.') : base.join('.')
    } else module = imp.module
    let pyMod: string[] | undefined
    if (imp.names[0] === '_six') add(['_six'], optional)
    else if (module?.startsWith('ansible.module_utils')) pyMod = module.split('.')
    else if (module?.startsWith('ansible_collections.') && (module.endsWith('plugins.module_utils') || module.includes('.plugins.module_utils.'))) {
      pyMod = module.split('.')
    }
    if (pyMod) for (const n of imp.names) add([...pyMod, n], optional)
  }
  return [...found.values()]
}

/** Python's ordering of (name_parts, is_ambiguous, has_redirected_child, is_optional) tuples. */
function compareEntries(a: Entry, b: Entry): number {
  const n = Math.min(a.parts.length, b.parts.length)
  for (let i = 0; i < n; i++) if (a.parts[i] !== b.parts[i]) return a.parts[i]! < b.parts[i]! ? -1 : 1
  if (a.parts.length !== b.parts.length) return a.parts.length - b.parts.length
  for (const k of ['ambiguous', 'childRedirected', 'optional'] as const) if (a[k] !== b[k]) return a[k] ? 1 : -1
  return 0
}

function candidateNames(e: Entry): string[] {
  const parts = e.parts[0] === 'ansible' && e.parts[2] === 'six' ? ['ansible', 'module_utils', 'six'] : e.parts
  const rest = e.parts[0] === 'ansible' ? parts.slice(2) : parts.slice(5)
  const names = e.ambiguous && rest.length > 1 && !(e.parts[0] === 'ansible' && e.parts[2] === 'six') ? [parts, parts.slice(0, -1)] : [parts]
  return names.map((p) => p.join('.'))
}

function pyList(items: string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`
}

function pyTuple(items: string[]): string {
  return `[(${items.map((i) => `'${i}'`).join(', ')}${items.length === 1 ? ',' : ''})]`
}
