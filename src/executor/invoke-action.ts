/**
 * Runs a task's action or module once: templates its arguments (omit removed), works out
 * check/diff mode, become, environment and delegation, then calls the engine action or
 * the module through its host's connection.
 */
import { isUndefined } from '../py/undefined.js'
import { isDict, pyRepr, pyTruthy } from '../py/values.js'
import { formatLocation } from '../errors/format-location.js'
import { shortActionName } from '../playbook/keywords.js'
import { inheritedEnvironment, inheritedKeyword } from '../playbook/inherited.js'
import type { BecomeOptions } from '../connection/types.js'
import { templateOrFail, type ExecuteRequest, type Result } from './execute-once.js'
import { findInSearchPath, taskSearchPath } from './search-path.js'
import { runEngineAction } from './run-engine-action.js'
import { runHostModule } from './run-host-module.js'
import { TaskError, undefinedInTask } from './task-errors.js'

export interface Invocation {
  req: ExecuteRequest
  action: string
  args: Record<string, unknown>
  rawArgs: Record<string, unknown>
  check: boolean
  diff: boolean
  noLog: boolean
  become: BecomeOptions | undefined
  environment: Record<string, string>
  /** The host whose connection runs the module (delegate_to, else the task's host). */
  targetHost: string
  searchPath: readonly string[]
  findFile(name: string, kind: string): string | null
}

export async function invokeAction(req: ExecuteRequest, noLog: boolean): Promise<Result> {
  const { run, task } = req
  const action = task.action
  const args = templateArgs(req)
  const searchPath = taskSearchPath(task, playbookDirOf(req))
  const delegateTo = inheritedKeyword(task, 'delegate_to')
  const inv: Invocation = {
    req,
    action,
    args,
    rawArgs: task.args,
    check: modeKeyword(req, 'check_mode', run.options.check),
    diff: modeKeyword(req, 'diff', run.options.diff),
    noLog,
    become: becomeOf(req),
    environment: environmentOf(req),
    targetHost: delegateTo === undefined ? req.host : String(templateOrFail(req, delegateTo)),
    searchPath,
    findFile: (name, kind) => findInSearchPath(name, kind, searchPath),
  }
  const engineAction = run.resolveAction(action)
  if (engineAction) return runEngineAction(inv, engineAction)
  const module = run.resolveModule(action)
  if (!module) {
    return { failed: true, msg: `The module ${shortActionName(action)} was not found in configured module search path.` }
  }
  return runHostModule(inv, module)
}

function playbookDirOf(req: ExecuteRequest): string {
  const dir = req.scope.lookup('playbook_dir')
  return typeof dir === 'string' ? dir : process.cwd()
}

function templateArgs(req: ExecuteRequest): Record<string, unknown> {
  let raw = req.task.args
  if ('_variable_params' in raw) {
    const params = templateOrFail(req, raw._variable_params)
    const rest = { ...raw }
    delete rest._variable_params
    if (!isDict(params)) throw new Error(`invalid or malformed argument: '${String(params)}'`)
    raw = { ...params, ...rest }
  }
  try {
    return req.run.templar.template(raw, req.scope, { removeOmit: true }) as Record<string, unknown>
  } catch (e) {
    // A ValueError while templating fails the field (Base.post_validate's wording).
    if ((e as { pyClass?: string }).pyClass === 'ValueError') {
      const where = req.task.location ? formatLocation(req.task.location) : ''
      throw new TaskError(`the field 'args' has an invalid value (${pyRepr(raw)}), and could not be converted to an dict.The error was: ${(e as Error).message}${where}`, { cause: e })
    }
    throw undefinedInTask(e, req.task)
  }
}

/** check_mode / diff: the keyword when set, else the run's option. */
function modeKeyword(req: ExecuteRequest, key: string, fallback: boolean): boolean {
  const v = inheritedKeyword(req.task, key)
  if (v === undefined) return fallback
  const t = templateOrFail(req, v)
  return isUndefined(t) ? fallback : pyTruthy(asBool(t))
}

function asBool(v: unknown): unknown {
  if (typeof v === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(v.toLowerCase())
  return v
}

function becomeOf(req: ExecuteRequest): BecomeOptions | undefined {
  const { run } = req
  // The ansible_become_* variables beat the keywords, which beat the command line and config.
  const variable = (...names: string[]): unknown => {
    for (const n of names) {
      const v = req.scope.lookup(n)
      if (!isUndefined(v) && v !== null) return v
    }
    return undefined
  }
  const kw = (k: string, fallback?: unknown) => {
    const v = variable(`ansible_${k}`)
    if (v !== undefined) return v
    const k2 = inheritedKeyword(req.task, k)
    return k2 === undefined ? fallback : templateOrFail(req, k2)
  }
  const become = kw('become', run.options.become ?? run.config.get('DEFAULT_BECOME'))
  if (!pyTruthy(asBool(become))) return undefined
  const password = variable('ansible_become_password', 'ansible_become_pass', `ansible_${String(kw('become_method', 'sudo'))}_pass`)
  const flags = kw('become_flags', run.config.get<string>('DEFAULT_BECOME_FLAGS') || undefined)
  const exe = variable('ansible_become_exe')
  return {
    method: String(kw('become_method', run.options.becomeMethod ?? run.config.get('DEFAULT_BECOME_METHOD'))) as 'sudo' | 'su',
    user: String(kw('become_user', run.options.becomeUser ?? run.config.get('DEFAULT_BECOME_USER'))),
    password: password !== undefined ? String(password) : run.options.becomePassword,
    // Unset flags mean the become plugin's own defaults (sudo: -H -S -n).
    flags: flags === undefined || flags === null ? undefined : String(flags),
    exe: exe === undefined ? undefined : String(exe),
  }
}

/** The task's `environment:` (play → block → task), templated, later keys winning. */
function environmentOf(req: ExecuteRequest): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of inheritedEnvironment(req.task)) {
    const t = templateOrFail(req, e)
    if (!isDict(t)) continue
    for (const [k, v] of Object.entries(t)) if (v !== null && v !== undefined) out[k] = String(v)
  }
  return out
}
