/**
 * The module runtime: validates a module's arguments, builds its `ModuleContext` over the
 * host's connection, runs it, and shapes its result as Ansible's executor sees a module
 * result (changed/failed defaults, warnings, no_log values masked, the module's diff as it
 * gives it (modules fill diff contents only under --diff, as Ansible's do),
 * `invocation`). Built-in and users' modules go through here alike.
 */
import { batchOn } from '../connection/batch.js'
import { ConnectionFailure, shellJoin, type Connection, type ExecOptions, type HostStep } from '../connection/types.js'
import type { ModuleRunEnv } from '../executor/run-context.js'
import { ArgumentError, validateArgs } from './validate-args.js'
import { revealVaultText } from '../yaml/tagged.js'
import { ModuleFailure, type HostWriter, type ModuleContext, type ModuleDefinition, type ModuleResult } from './types.js'

/** What Ansible prints in place of a no_log parameter's value. */
const MASK = '********'
const MASKED_ARG = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'

export async function runModule(def: ModuleDefinition, rawArgs: Record<string, unknown>, env: ModuleRunEnv): Promise<ModuleResult> {
  if (def.selfChecking) return runSelfChecking(def, rawArgs, env)
  let args: Record<string, unknown>
  try {
    // Modules get `!vault` values as their plaintext.
    args = validateArgs(def, revealVaultText(rawArgs) as Record<string, unknown>)
  } catch (e) {
    if (e instanceof ArgumentError) return { failed: true, msg: e.message, changed: false }
    throw e
  }
  if (env.check && def.supports.check === 'none') {
    return { skipped: true, changed: false, msg: `remote module (${def.name}) does not support check mode` }
  }
  const secrets = (def.noLog ?? []).map((n) => args[n]).filter((v): v is string => typeof v === 'string' && v !== '')
  const ctx = new Context(def, env)
  let result: ModuleResult
  try {
    result = { ...(await def.run(args, ctx)) }
  } catch (e) {
    result = failureOf(e)
    if (result.unreachable) return result
  }
  result.changed ??= false
  if (result.failed === false) delete result.failed
  if (ctx.warnings.length) result.warnings = [...((result.warnings as string[] | undefined) ?? []), ...ctx.warnings]
  result.invocation = { module_args: invocationArgs(def, args) }
  // Values decrypted from vault never show in the echoed arguments (-vvv) nor in diffs.
  if (env.secrets?.size) {
    result.invocation = env.secrets.mask(result.invocation)
    if (result.diff !== undefined) result.diff = env.secrets.mask(result.diff)
  }
  return secrets.length ? (mask(result, secrets) as ModuleResult) : result
}

/** A module that validates its arguments and shapes its result itself: only failures and warnings are ours. */
async function runSelfChecking(def: ModuleDefinition, args: Record<string, unknown>, env: ModuleRunEnv): Promise<ModuleResult> {
  const ctx = new Context(def, env)
  let result: ModuleResult
  try {
    result = { ...(await def.run({ ...args } as never, ctx)) }
  } catch (e) {
    result = failureOf(e)
  }
  if (ctx.warnings.length) result.warnings = [...((result.warnings as string[] | undefined) ?? []), ...ctx.warnings]
  return result
}

function failureOf(e: unknown): ModuleResult {
  if (e instanceof ModuleFailure) return { failed: true, msg: e.message, changed: false, ...e.extra }
  if (e instanceof ConnectionFailure) return { unreachable: true, msg: e.message, changed: false }
  const err = e as Error
  return { failed: true, msg: err?.message ?? String(e), changed: false }
}

/** The module's arguments as Ansible echoes them: every parameter, None when unset, secrets masked. */
function invocationArgs(def: ModuleDefinition, args: Record<string, unknown>): Record<string, unknown> {
  const props = def.args.properties ?? {}
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(props)) out[name] = args[name] === undefined ? null : args[name]
  for (const name of def.noLog ?? []) if (out[name] !== null) out[name] = MASKED_ARG
  return out
}

function mask(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((s, secret) => s.split(secret).join(MASK), value)
  if (Array.isArray(value)) return value.map((v) => mask(v, secrets))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, secrets)]))
  }
  return value
}

class Context implements ModuleContext {
  readonly warnings: string[] = []
  readonly hostname: string
  readonly check: boolean
  readonly diff: boolean
  readonly verbosity: number
  readonly become
  readonly controller
  readonly task
  readonly remoteUser
  private readonly conn: Connection
  private readonly writer: HostWriter

  constructor(
    private readonly def: ModuleDefinition,
    private readonly env: ModuleRunEnv,
  ) {
    this.hostname = env.hostname
    this.check = env.check
    this.diff = env.diff
    this.verbosity = env.verbosity
    this.become = env.become
    this.controller = env.controller
    this.task = env.task
    this.remoteUser = env.remoteUser
    this.conn = env.connection
    const become = env.become
    this.writer = {
      exec: (command, options) => this.exec(command, options),
      writeFile: (path, data, options) => this.conn.writeFile(path, data, { become, ...options }),
      fileOp: (op) => this.conn.fileOp(op, { become }),
    }
  }

  checkWrites(): readonly string[] {
    return this.env.check && this.env.checkWrites ? this.env.checkWrites() : []
  }

  exec(command: string | readonly string[], options: ExecOptions = {}) {
    const line = typeof command === 'string' ? command : shellJoin(command)
    const environment = Object.keys(this.env.environment).length ? { ...this.env.environment, ...options.env } : options.env
    return this.conn.exec(line, { become: this.become, ...options, env: environment })
  }

  stat(path: string, options: { follow?: boolean; checksum?: boolean } = {}) {
    return this.conn.stat(path, { become: this.become, ...options })
  }

  readFile(path: string) {
    return this.conn.readFile(path, { become: this.become })
  }

  readDir(path: string) {
    return this.conn.readDir(path, { become: this.become })
  }

  variable(name: string): unknown {
    return this.env.variable(name)
  }

  report(event: 'async_poll' | 'async_ok' | 'async_failed', result: ModuleResult): Promise<void> {
    return this.env.report(event, result)
  }

  openUnixStream(path: string) {
    return this.conn.openUnixStream(path)
  }

  batch(steps: readonly HostStep[]) {
    // The task's environment reaches a batch's commands as it reaches exec's.
    const environment = this.env.environment
    const withEnv = Object.keys(environment).length ? steps.map((s) => (s.op === 'exec' ? { ...s, env: { ...environment, ...s.env } } : s)) : steps
    return batchOn(this.conn, withEnv, { become: this.become, dryRun: this.check })
  }

  /** Read when a module asks: most never do, and the host's facts are a large copy. */
  get facts(): Readonly<Record<string, unknown>> {
    return this.env.facts
  }

  async change<T>(apply: (writer: HostWriter) => Promise<T>): Promise<T | undefined> {
    if (this.check) return undefined
    return apply(this.writer)
  }

  warn(message: string): void {
    this.warnings.push(message)
  }

  fail(msg: string, extra?: Record<string, unknown>): never {
    throw new ModuleFailure(msg, extra)
  }

  get moduleName(): string {
    return this.def.name
  }
}
