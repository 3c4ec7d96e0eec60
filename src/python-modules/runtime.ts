/**
 * Ansible's modules for one run: where they are found (users' directories, collections,
 * the controller's ansible-core) and what a task that names one runs. A native module wins
 * for the names tsible implements; `TSIBLE_PYTHON_MODULES` / `[tsible] python_modules`
 * lists names that run Ansible's Python module instead.
 *
 * Nothing here asks the controller's Python anything until a task names a module that is
 * not native.
 */
import { join } from 'node:path'
import type { Config } from '../config/load-config.js'
import { EngineError } from '../errors/errors.js'
import type { ModuleDefinition } from '../module-api/types.js'
import type { Deprecation } from '../output/display.js'
import { CollectionSearch, collectionRoots, isDir as isDirectory } from './collections.js'
import { controllerAnsible } from './controller-ansible.js'
import { PayloadCache } from './module-payload.js'
import { PluginFinder, type Resolution } from './plugin-finder.js'
import { RemotePaths } from './remote-run.js'
import { pythonModuleDefinition } from './python-module.js'
import { commandModule, emulatedAction } from './builtin-actions.js'
import type { HostModule, PythonRuntime } from './runtime-types.js'

export interface PythonModulesOptions {
  config: Config
  /** The directories of the playbooks given on the command line. */
  playbookDirs: readonly string[]
  warn(message: string): void
  deprecated(dep: Deprecation): void
}

export class PythonModules implements PythonRuntime {
  readonly config: Config
  readonly payloads: PayloadCache
  readonly paths = new RemotePaths()
  private readonly bases: string[] = []
  private collectionSearch: CollectionSearch | undefined
  private readonly moduleFinder: PluginFinder
  private readonly actionFinder: PluginFinder
  private readonly definitions = new Map<string, HostModule>()
  private readonly overrides: Set<string>

  constructor(private readonly o: PythonModulesOptions) {
    this.config = o.config
    for (const d of o.playbookDirs) this.addBase(d)
    this.overrides = new Set(o.config.get<string[]>('TSIBLE_PYTHON_MODULES').map((n) => n.replace(/^ansible\.(builtin|legacy)\./, '')))
    const common = { collections: () => this.collections, deprecated: o.deprecated }
    this.moduleFinder = new PluginFinder({
      ...common,
      kind: 'modules',
      extraDirs: () => this.bases.map((b) => join(b, 'library')),
      configured: o.config.get<string[]>('DEFAULT_MODULE_PATH'),
      packageDir: () => this.coreDir('modules'),
    })
    this.actionFinder = new PluginFinder({
      ...common,
      kind: 'action',
      extraDirs: () => this.bases.map((b) => join(b, 'action_plugins')),
      configured: o.config.get<string[]>('DEFAULT_ACTION_PLUGIN_PATH'),
      packageDir: () => this.coreDir('plugins', 'action'),
    })
    this.payloads = new PayloadCache(() => ({
      ansibleVersion: this.ansibleVersion(),
      ansiblePackageDir: this.ansible()?.packageDir,
      muPaths: this.moduleUtilsPaths(),
      collections: this.collections,
      deprecated: o.deprecated,
      warn: o.warn,
    }))
  }

  /** A playbook or role directory: its `library/`, `action_plugins/` and `module_utils/` join the search. */
  addBase(dir: string): void {
    if (!this.bases.includes(dir)) this.bases.push(dir)
  }

  /** Whether a native module is listed to run as Ansible's module instead (by its name or one of its FQCNs). */
  overridesNative(def: ModuleDefinition): boolean {
    return [def.name, ...(def.fqcns ?? [])].some((n) => this.overrides.has(n.replace(/^ansible\.(builtin|legacy)\./, '')))
  }

  /** The module definition for a task's action, or undefined when no module has that name. */
  module(name: string, collectionList?: readonly string[]): HostModule | undefined {
    const emulated = emulatedAction(name, this)
    if (emulated) return emulated
    const res = this.moduleFinder.find(name, collectionList)
    const action = this.actionHandler(name, res, collectionList)
    if (!res.resolved && !action) return undefined
    const key = `${res.path ?? ''}\0${action?.path ?? ''}`
    let def = this.definitions.get(key)
    if (!def) {
      def = pythonModuleDefinition(name, res, action, this)
      this.definitions.set(key, def)
    }
    return def
  }

  /**
   * What runs a natively implemented module when its task is async: Ansible's own module
   * under async_wrapper (the job outlives the task), for command, shell and the modules
   * that have no action plugin of their own; undefined where the native module stays.
   */
  asyncReplacement(name: string): HostModule | undefined {
    const short = name.replace(/^ansible\.(builtin|legacy)\./, '')
    if (short === 'command' || short === 'shell') return commandModule(short, this)
    return this.moduleWithoutAction(short)
  }

  /** Ansible's module of that name when no action plugin comes with it (async runs of native modules). */
  moduleWithoutAction(name: string): HostModule | undefined {
    const res = this.moduleFinder.find(name)
    if (!res.resolved || this.actionHandler(name, res)) return undefined
    return this.module(name)
  }

  /** The file of the module a name resolves to without a collection list, if any. */
  modulePath(name: string): string | undefined {
    const res = this.moduleFinder.find(name)
    return res.resolved ? res.path : undefined
  }

  /** The action plugin Ansible would run for the task instead of its module, if any. */
  private actionHandler(name: string, module: Resolution, collectionList?: readonly string[]): Resolution | undefined {
    if (module.resolved && module.actionPlugin) {
      const a = this.actionFinder.find(module.actionPlugin, collectionList)
      return a.resolved ? a : { ...a, fqcn: module.actionPlugin, path: undefined }
    }
    const a = this.actionFinder.find(name, collectionList)
    return a.resolved ? a : undefined
  }

  ansibleVersion(): string {
    return this.ansible()?.version ?? '2.14.18'
  }

  coreModule(name: string): string {
    const a = this.ansible()
    if (!a) throw new EngineError(`the ${name} module of ansible-core is needed, and no ansible-core was found on this machine (a python3 that can import ansible)`)
    return join(a.packageDir, 'modules', `${name}.py`)
  }

  show(message: string): void {
    this.o.warn(message)
  }

  private ansible() {
    return controllerAnsible()
  }

  /** A directory of the controller's ansible package, when there is one. */
  private coreDir(...parts: string[]): string | undefined {
    const a = this.ansible()
    return a ? join(a.packageDir, ...parts) : undefined
  }

  private get collections(): CollectionSearch {
    if (!this.collectionSearch) {
      const scan = this.config.get<boolean>('COLLECTIONS_SCAN_SYS_PATH')
      const roots = collectionRoots(this.o.playbookDirs, this.config.get<string[]>('COLLECTIONS_PATHS'), scan ? this.ansible()?.sysPath : undefined)
      this.collectionSearch = new CollectionSearch(roots, () => this.ansible()?.packageDir)
    }
    return this.collectionSearch
  }

  /** module_utils_loader's paths: users' `module_utils/` directories, the setting, ansible-core's (twice, as Ansible lists it). */
  private moduleUtilsPaths(): string[] {
    const pkg = this.ansible()?.packageDir
    const core = pkg ? [join(pkg, 'module_utils')] : []
    return [...this.bases.map((b) => join(b, 'module_utils')), ...this.config.get<string[]>('DEFAULT_MODULE_UTILS_PATH'), ...core].filter(isDirectory).concat(core)
  }
}
