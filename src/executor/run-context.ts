/**
 * Everything one `tsible-playbook` run shares: options, inventory, variables, templar,
 * the module and action registries, connections, stats and the callbacks. One object
 * per run, passed explicitly (no module-level state).
 */
import type { Config } from '../config/load-config.js'
import type { Connection } from '../connection/types.js'
import type { BecomeOptions } from '../connection/types.js'
import type { ControllerContext, ModuleDefinition, ModuleResult, TaskInfo } from '../module-api/types.js'
import type { Templar } from '../template/types.js'
import type { VariableManager } from '../vars/variable-manager.js'
import type { ActionDefinition } from '../plugin-api/action.js'
import type { EngineInventory } from './engine-inventory.js'
import type { Emitter } from './emitter.js'
import type { Stats } from './stats.js'
import type { LoaderContext } from '../playbook/loader-context.js'
import type { Display } from '../output/display.js'
import type { Vault } from '../vault/vault.js'
import type { SecretRegistry } from '../vault/secrets.js'

export interface RunOptions {
  check: boolean
  diff: boolean
  verbosity: number
  forks: number
  tags: string[]
  skipTags: string[]
  startAtTask?: string
  forceHandlers: boolean
  step: boolean
  become?: boolean
  becomeMethod?: string
  becomeUser?: string
  becomePassword?: string
  remoteUser?: string
  connection?: string
  privateKeyFile?: string
  timeout?: number
  connectionPassword?: string
  flushCache: boolean
}

export interface RunContext {
  readonly options: RunOptions
  readonly config: Config
  readonly inventory: EngineInventory
  readonly vars: VariableManager
  readonly templar: Templar
  readonly emitter: Emitter
  readonly stats: Stats
  /** Module or action definition for a name as written in a task, if any. */
  resolveModule(name: string, collections?: readonly string[]): ModuleDefinition | undefined
  resolveAction(name: string): ActionDefinition | undefined
  /** Runs a module through the module runtime (validation, check mode, result shape). */
  runModule(definition: ModuleDefinition, args: Record<string, unknown>, env: ModuleRunEnv): Promise<ModuleResult>
  /** The connection for a host, opened lazily and reused for the whole run. */
  connectionFor(host: string, vars: ConnectionVars): Promise<Connection>
  /** Hosts that failed (in any play so far) and were unreachable. */
  readonly failedHosts: Set<string>
  readonly unreachableHosts: Set<string>
  /** The controller directory for this run's temporary files. */
  readonly tmpDir: string
  warn(message: string): void
  /** The run's Display: verbose messages and deprecations that come from the engine itself. */
  readonly display: Display
  /** Loads a controller YAML/JSON file (vars files), cached for the run. */
  loadVarsFile(path: string): unknown
  /** The playbook loader (task files parsed once per run, for includes). */
  readonly loader: LoaderContext
  /** Lookup plugins by name, for `with_<lookup>` loops. */
  readonly lookups: Record<string, import('../plugin-api/types.js').LookupFn>
  /** Aborted on Ctrl-C: strategies stop before the next task (Ansible's KeyboardInterrupt). */
  readonly interrupt?: AbortSignal
  /** The run's vault secrets, and the registry of values decrypted with them (to be masked). */
  readonly vault?: Vault
}

/** The connection settings of a host, from its templated variables. */
export interface ConnectionVars {
  connection: string
  host: string
  port?: number
  user?: string
  password?: string
  privateKeyFile?: string
  sshCommonArgs?: string
  sshExtraArgs?: string
  /** Per-host `ansible_host_key_checking` / `ansible_ssh_host_key_checking`, over the setting. */
  hostKeyChecking?: boolean
  timeout?: number
}

/** Everything the module runtime needs to run one module for one host. */
export interface ModuleRunEnv {
  connection: Connection
  hostname: string
  check: boolean
  diff: boolean
  verbosity: number
  become?: BecomeOptions
  environment: Record<string, string>
  noLog: boolean
  facts: Record<string, unknown>
  controller: ControllerContext
  task: TaskInfo
  remoteUser?: string
  /** A task variable for the host the module acts on, templated (undefined when unset). */
  variable(name: string): unknown
  /** In check mode, the paths earlier tasks would have changed on the host (ModuleContext.checkWrites). */
  checkWrites?: () => readonly string[]
  report(event: 'async_poll' | 'async_ok' | 'async_failed', result: ModuleResult): Promise<void>
  /** Values to mask in the module's echoed arguments and diffs (values decrypted from vault). */
  secrets?: SecretRegistry
}
