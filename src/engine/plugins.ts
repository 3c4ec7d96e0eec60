/**
 * The plugin registries of a run: built-in modules, actions, filters, tests and lookups,
 * then users' own, found by Ansible's directory conventions (`library/`,
 * `filter_plugins/`, `test_plugins/`, `lookup_plugins/` beside the playbook and in roles,
 * plus the configured paths) and loaded with `import()` (TypeScript through tsx).
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Config } from '../config/load-config.js'
import { EngineError } from '../errors/errors.js'
import type { ModuleRunEnv } from '../executor/run-context.js'
import { isModuleDefinition, type ModuleDefinition, type ModuleResult } from '../module-api/types.js'
import type { ActionDefinition } from '../plugin-api/action.js'
import type { FilterFn, FilterPlugins, LookupFn, LookupPlugins, TestFn, TestPlugins } from '../plugin-api/types.js'
import type { Templar } from '../template/types.js'
import { impure } from '../template/provenance.js'
import { builtins } from './builtins.js'
import type { Vault } from '../vault/vault.js'

const CODE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs']
/** Engine-internal actions that have no module or action definition. */
const INTERNAL_ACTIONS = new Set(['meta', 'include_tasks', 'include_role', 'import_tasks', 'import_role', 'include', 'import_playbook'])

export class PluginSet {
  readonly filters: Record<string, FilterFn> = {}
  readonly tests: Record<string, TestFn> = {}
  readonly lookups: Record<string, LookupFn> = {}
  private readonly modules = new Map<string, ModuleDefinition>()
  private readonly actions = new Map<string, ActionDefinition>()
  /** User module files found on disk but not imported yet: name → path. */
  private readonly pendingModules = new Map<string, string>()
  private readonly pluginDirs = { filter: new Set<string>(), test: new Set<string>(), lookup: new Set<string>() }

  constructor(private readonly run: (def: ModuleDefinition, args: Record<string, unknown>, env: ModuleRunEnv) => Promise<ModuleResult>) {}

  addModule(def: ModuleDefinition): void {
    for (const n of [def.name, ...(def.fqcns ?? [])]) this.modules.set(n, def)
  }

  addAction(def: ActionDefinition): void {
    for (const n of [def.name, `ansible.builtin.${def.name}`, `ansible.legacy.${def.name}`, ...(def.fqcns ?? [])]) this.actions.set(n, def)
  }

  module(name: string): ModuleDefinition | undefined {
    return this.modules.get(name) ?? this.modules.get(name.replace(/^ansible\.(builtin|legacy)\./, ''))
  }

  action(name: string): ActionDefinition | undefined {
    return this.actions.get(name)
  }

  /** Whether a task key names something runnable (used while loading playbooks). */
  isAction(name: string): boolean {
    const short = name.replace(/^ansible\.(builtin|legacy)\./, '')
    return INTERNAL_ACTIONS.has(short) || this.actions.has(name) || this.module(name) !== undefined || this.pendingModules.has(short)
  }

  runModule = (def: ModuleDefinition, args: Record<string, unknown>, env: ModuleRunEnv): Promise<ModuleResult> => this.run(def, args, env)

  /** Registers a directory of users' modules (playbook `library/`, a role's `library/`, config paths). */
  addLibraryDir(dir: string): void {
    if (!this.firstLook(dir)) return
    for (const f of readdirSync(dir)) {
      const ext = extname(f)
      if (!CODE_EXTENSIONS.includes(ext) || f.includes('.test.')) continue
      const name = basename(f, ext)
      if (!this.modules.has(name) && !this.pendingModules.has(name)) this.pendingModules.set(name, join(dir, f))
    }
  }

  /** Registers a directory of users' filters/tests/lookups. */
  addPluginDir(kind: 'filter' | 'test' | 'lookup', dir: string): void {
    if (this.firstLook(dir)) this.pluginDirs[kind].add(dir)
  }

  /** Directories looked at so far: a role loaded many times registers its directories once. */
  private readonly looked = new Set<string>()

  /** Whether `dir` is a directory (a path that is not one, e.g. /dev/null, is ignored as Ansible does) and was not looked at before. */
  private firstLook(dir: string): boolean {
    if (this.looked.has(dir)) return false
    this.looked.add(dir)
    return statSync(dir, { throwIfNoEntry: false })?.isDirectory() === true
  }

  /** Imports every user module and plugin registered so far (before the run starts). */
  async loadUserCode(): Promise<void> {
    for (const [name, file] of this.pendingModules) {
      const def = await importCode(file)
      if (!isModuleDefinition(def)) throw new EngineError(`${file} does not default-export a module (defineModule({ args, supports, run }))`)
      this.modules.set(name, { ...def, name })
    }
    this.pendingModules.clear()
    for (const [kind, dirs] of Object.entries(this.pluginDirs) as ['filter' | 'test' | 'lookup', Set<string>][]) {
      for (const dir of dirs) {
        for (const f of readdirSync(dir).sort()) {
          if (!CODE_EXTENSIONS.includes(extname(f)) || f.includes('.test.')) continue
          this.addPlugins(userPlugins((await importCode(join(dir, f))) as FilterPlugins | TestPlugins | LookupPlugins), kind, join(dir, f))
        }
      }
      dirs.clear()
    }
  }

  addPlugins(set: FilterPlugins | TestPlugins | LookupPlugins, kind: 'filter' | 'test' | 'lookup', from: string): void {
    if (!set || set.kind !== kind) throw new EngineError(`${from} does not default-export ${kind} plugins (define${kind[0].toUpperCase()}${kind.slice(1)}s)`)
    if (set.kind === 'filter') Object.assign(this.filters, set.filters)
    else if (set.kind === 'test') Object.assign(this.tests, set.tests)
    else Object.assign(this.lookups, set.lookups)
  }

  createTemplar(config: Config, vault?: Vault): Templar {
    return builtins.createTemplar({
      vault,
      filters: this.filters,
      tests: this.tests,
      lookups: this.lookups,
      ansibleManaged: config.get<string>('DEFAULT_MANAGED_STR'),
      errorOnUndefined: config.get<boolean>('DEFAULT_UNDEFINED_VAR_BEHAVIOR'),
    })
  }
}

/**
 * Users' filters and tests may read more than their arguments (files, the clock) or change
 * them: values templated with them are not reused across tasks, and templates using them
 * get their own copies of the variables they read (see template/provenance.ts, traits.ts).
 */
function userPlugins<T extends FilterPlugins | TestPlugins | LookupPlugins>(set: T): T {
  if (!set || (set.kind !== 'filter' && set.kind !== 'test')) return set
  const fns = set.kind === 'filter' ? set.filters : set.tests
  const wrapped = Object.fromEntries(Object.entries(fns ?? {}).map(([name, fn]) => [name, typeof fn === 'function' ? impure(fn) : fn]))
  return (set.kind === 'filter' ? { ...set, filters: wrapped } : { ...set, tests: wrapped }) as T
}

/** Imports a module or plugin file: JavaScript natively, TypeScript through tsx. */
async function importCode(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href
  const mod = file.endsWith('.ts') || file.endsWith('.mts')
    ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url)
    : await import(url)
  return (mod as { default?: unknown }).default ?? mod
}

/** The registries with everything built in, and the run's plugin directories registered. */
export async function loadPlugins(config: Config, playbookDir: string): Promise<PluginSet> {
  const set = new PluginSet(builtins.runModule)
  for (const m of builtins.modules) set.addModule(m)
  for (const a of builtins.actions) set.addAction(a)
  Object.assign(set.filters, builtins.filters)
  Object.assign(set.tests, builtins.tests)
  Object.assign(set.lookups, builtins.lookups)
  for (const d of [...config.get<string[]>('DEFAULT_MODULE_PATH'), join(playbookDir, 'library')]) set.addLibraryDir(d)
  for (const [kind, setting] of [['filter', 'DEFAULT_FILTER_PLUGIN_PATH'], ['test', 'DEFAULT_TEST_PLUGIN_PATH'], ['lookup', 'DEFAULT_LOOKUP_PLUGIN_PATH']] as const) {
    for (const d of [...config.get<string[]>(setting), join(playbookDir, `${kind}_plugins`)]) set.addPluginDir(kind, d)
  }
  return set
}
