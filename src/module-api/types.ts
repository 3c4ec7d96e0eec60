/**
 * The module API: what a module author (built-in or user) writes against.
 *
 * A module runs on the controller and acts on its host through `ModuleContext`. Reads
 * (`stat`, `readFile`, `exec` of read-only commands) run in every mode; every change to
 * the host goes through `ctx.change(fn)`, whose `fn` receives the only handle that can
 * write, and which is not called in check mode. A module therefore cannot forget check
 * mode, and `--check` reports exactly what a real run would change.
 */
import type { Duplex } from 'node:stream'
import type { ArgsOf, JsonSchema, ModuleArgsSchema } from './args-schema.js'
import type {
  BecomeOptions,
  DirEntry,
  ExecOptions,
  ExecResult,
  FileOp,
  FileStat,
  HostStep,
  StatOptions,
  StepResult,
  WriteData,
  WriteFileOptions,
} from '../connection/types.js'

/** A module's result: Ansible's result keys plus any of the module's own. */
export interface ModuleResult {
  changed?: boolean
  failed?: boolean
  skipped?: boolean
  /** Usually a string; debug and fail may carry any value. */
  msg?: unknown
  diff?: FileDiff | FileDiff[]
  warnings?: string[]
  [key: string]: unknown
}

/** One entry of a result's `diff`, in Ansible's shape. */
export interface FileDiff {
  before?: string | Record<string, unknown>
  after?: string | Record<string, unknown>
  before_header?: string
  after_header?: string
  /** Text printed as is instead of a computed diff. */
  prepared?: string
  dst_binary?: boolean
  src_binary?: boolean
  dst_larger?: number
  src_larger?: number
}

/** The handle that changes the host. Only `ModuleContext.change` hands it out. */
export interface HostWriter {
  exec(command: string | readonly string[], options?: ExecOptions): Promise<ExecResult>
  writeFile(path: string, data: WriteData, options?: WriteFileOptions): Promise<void>
  fileOp(op: FileOp): Promise<void>
}

/** The controller side a module may use: its task's files and templates. */
export interface ControllerContext {
  /**
   * Finds a file as Ansible's `find_needle` does: absolute paths as given, relative ones
   * in the role's and play's `kind` directory (`files`, `templates`, `vars`, `tasks`)
   * and then in the directories themselves. `null` when not found.
   */
  findFile(name: string, kind: 'files' | 'templates' | 'vars' | 'tasks'): string | null
  /** Renders template text with the task's variables, as the `template` module does. */
  renderTemplate(text: string, options: RenderTemplateOptions): string
  /**
   * The variables the template action adds for the template `path` (as the task names it)
   * found at `fullpath` and rendered to `destPath`: template_path, template_fullpath,
   * template_destpath, template_host, template_uid, template_mtime, template_run_date and
   * `ansible_managed` from the setting. Throws Python's error (KeyError...) when the
   * setting does not format.
   */
  templateVars(path: string, fullpath: string, destPath?: string): Record<string, unknown>
  /**
   * Reads a controller file as Ansible's actions do (its loader's get_real_file): a
   * vault-encrypted file comes back decrypted with the run's vault secrets, unless
   * `decrypt` is false; it fails with Ansible's vault errors when it cannot be decrypted.
   */
  readFile(path: string, options?: { decrypt?: boolean }): Buffer
  /** The directory for this run's temporary files on the controller (`<local_tmp>/ansible-local-<pid>...`). */
  tmpDir(): string
  /**
   * The host's temporary directory for this task as Ansible names it
   * (`<remote_tmp>/ansible-tmp-<time>-<pid>-<n>`), which results report as `src`.
   */
  remoteTmp(): string
}

export interface RenderTemplateOptions {
  /** The template's path on the controller (for `template_path` and `{% include %}`). */
  path?: string
  /** Directories `{% include %}` searches. */
  searchPath?: string[]
  /** Extra variables, e.g. merge_yaml's `vars`. */
  vars?: Record<string, unknown>
  /** Jinja's `escape_backslashes`: on when templating YAML strings (merge_configs). */
  escapeBackslashes?: boolean
  /** Ansible's `convert_data`; off for template files. */
  convertData?: boolean
  /** Overrides such as `trim_blocks`, `newline_sequence`, `variable_start_string`. */
  environment?: Record<string, unknown>
}

export interface ModuleContext {
  /** The inventory name of the host the task runs for. */
  readonly hostname: string
  /** True under `--check` or `check_mode: true`. */
  readonly check: boolean
  /** True under `--diff` or `diff: true`. */
  readonly diff: boolean
  /** 0 for no `-v`, 1 for `-v`, ... */
  readonly verbosity: number
  /** The privilege escalation in effect for this task, if any. */
  readonly become?: BecomeOptions
  /** Facts gathered for this host (`ansible_facts`), read-only. */
  readonly facts: Readonly<Record<string, unknown>>
  /** The task as written: its action name, `no_log`, `async`/`poll` and delegation. */
  readonly task: TaskInfo
  /** The login user of the host's connection, when one is configured (`ansible_user`, `-u`). */
  readonly remoteUser?: string
  /**
   * In check mode: the paths earlier tasks of this run would have changed on this host (a
   * changed result's `dest` or `path`), which a real run would have written by now; empty
   * outside check mode.
   */
  checkWrites(): readonly string[]

  /**
   * One of the task's variables for the host the module acts on, templated; `undefined`
   * when it is not set (`ansible_python_interpreter`, `ansible_remote_tmp`...).
   */
  variable(name: string): unknown
  /** Sends a progress event to the callbacks (`async_poll`, `async_ok`, `async_failed`). */
  report(event: 'async_poll' | 'async_ok' | 'async_failed', result: ModuleResult): Promise<void>

  /** Runs a read-only command on the host. Never throws for a non-zero exit. */
  exec(command: string | readonly string[], options?: ExecOptions): Promise<ExecResult>
  stat(path: string, options?: StatOptions): Promise<FileStat | null>
  readFile(path: string): Promise<Buffer | null>
  readDir(path: string): Promise<DirEntry[] | null>
  /**
   * A byte stream to a unix socket on the host (a service's API, e.g. the Docker engine's).
   * What a module sends through it is its own: requests that change the host belong inside
   * `change()`, as every other change does.
   */
  openUnixStream(path: string): Promise<Duplex>

  /**
   * Runs several steps on the host in one round trip (see `HostStep`): reads, and changes
   * made only when conditions on the stats found in the same batch hold, decided on the
   * host. This is how a module that needs the host once costs one round trip. In check
   * mode the change steps do not run; their results say whether they would have.
   */
  batch(steps: readonly HostStep[]): Promise<StepResult[]>

  /**
   * Records a change and, unless in check mode, applies it with the writer. Returns
   * what `apply` returned, or `undefined` in check mode.
   */
  change<T>(apply: (writer: HostWriter) => Promise<T>): Promise<T | undefined>

  readonly controller: ControllerContext

  /** Adds a warning to the result (`[WARNING]: ...` in the output). */
  warn(message: string): void
  /** Ends the module with a failure: throws a `ModuleFailure`. */
  fail(msg: string, extra?: Record<string, unknown>): never
}

export interface TaskInfo {
  /** The action as the task names it (`ini_file`, `community.general.ini_file`). */
  action: string
  noLog: boolean
  /** `async:` in seconds (0: the task runs to its end before the next one). */
  async: number
  /** `poll:` in seconds (0: fire and forget). */
  poll: number
  /** The module acts on a `delegate_to` host. */
  delegated: boolean
  /** `delegate_facts: true`: facts go to the delegate. */
  delegateFacts: boolean
}

/** Thrown by `ctx.fail()`; becomes a failed result. */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ModuleFailure'
  }
}

export type CheckSupport = 'full' | 'partial' | 'none'

/** What every module declares besides its arguments and `run`. */
export interface ModuleOptions {
  /** The module's name as tasks call it, e.g. `lineinfile`. */
  name: string
  /** Other names that resolve to this module, e.g. `ansible.builtin.lineinfile`. */
  fqcns?: string[]
  summary?: string
  /** Ansible's aliases: `{ path: ['dest', 'name'] }`. */
  aliases?: Record<string, string[]>
  mutuallyExclusive?: string[][]
  requiredOneOf?: string[][]
  requiredTogether?: string[][]
  /** `[key, value, [required...]]`, as Ansible's required_if. */
  requiredIf?: [string, unknown, string[]][]
  /** The argument that receives free-form text (`command: ls -l` → `_raw_params`). */
  freeForm?: string
  /** Argument names whose values are masked in output. */
  noLog?: string[]
  supports: { check: CheckSupport; diff?: boolean }
  /**
   * The module checks its own arguments and reports its own result, as a module that runs
   * on the host does (Ansible's Python modules): `run` receives the templated arguments
   * unvalidated, check mode and diff are the module's to honour (`ctx.check`, `ctx.diff`),
   * and its result is taken as it is (no `invocation` added, `diff` kept).
   */
  selfChecking?: boolean
}

/**
 * A module. `run` receives the arguments `validateArgs` checked against `args` (aliases
 * resolved, Ansible's conversions and the defaults applied), typed `Args`. Without a type
 * argument, `ModuleDefinition` is a module of any arguments, as the engine holds them.
 */
export interface ModuleDefinition<Args extends object = object> extends ModuleOptions {
  /** JSON schema of the arguments; defaults and Ansible-style coercion apply. */
  args: JsonSchema
  run(args: Args, ctx: ModuleContext): Promise<ModuleResult>
}

/** A module whose argument type is read from its schema (see `ArgsOf`). */
export interface ModuleSpec<S extends ModuleArgsSchema> extends ModuleOptions {
  args: S
  run(args: ArgsOf<S>, ctx: ModuleContext): Promise<ModuleResult>
}

/**
 * Declares a module. Written as `defineModule({ args: {...}, run(args, ctx) {...} })`,
 * `args` in `run` has the type the schema gives (`ArgsOf`); `defineModule<Args>(...)`
 * states the type instead. Either way the result is a `ModuleDefinition` as it is.
 */
export function defineModule<const S extends ModuleArgsSchema>(definition: ModuleSpec<S>): ModuleDefinition<ArgsOf<S>>
export function defineModule<Args extends object>(definition: ModuleDefinition<Args>): ModuleDefinition<Args>
export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition
}

/**
 * Whether a value (a user's module file's default export) can run as a module: an
 * argument schema, the check-mode support and `run`.
 */
export function isModuleDefinition(value: unknown): value is ModuleDefinition {
  return (
    typeof value === 'object' &&
    value !== null &&
    'run' in value &&
    typeof value.run === 'function' &&
    'args' in value &&
    typeof value.args === 'object' &&
    value.args !== null &&
    'supports' in value &&
    typeof value.supports === 'object' &&
    value.supports !== null
  )
}
