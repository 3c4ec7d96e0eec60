/**
 * Runs a task's action or module once: templates its arguments (omit removed), works out
 * check/diff mode, become, environment and delegation, then calls the engine action or
 * the module through its host's connection.
 */
import { boolean } from '../py/boolean.js'
import { isUndefined } from '../py/undefined.js'
import { isDict, pyRepr, pyTruthy } from '../py/values.js'
import { formatLocation } from '../errors/format-location.js'
import { shortActionName } from '../playbook/keywords.js'
import type { BecomeOptions } from '../connection/types.js'
import { findInSearchPath } from './search-path.js'
import { runEngineAction } from './run-engine-action.js'
import { runHostModule } from './run-host-module.js'
import { TaskError, strictly, undefinedInTask } from './task-errors.js'
import { recordCheckWrite } from './check-writes.js'
import type { ExecuteRequest, Invocation, Result } from './types.js'

export async function invokeAction(req: ExecuteRequest, noLog: boolean): Promise<Result> {
  const { run, task, keywords } = req
  // Task.post_validate templates the action too: `action: {module: '{{ name }}'}` runs the
  // module the host's variables name.
  const action = run.templar.isTemplate(task.action) ? String(strictly(task, () => run.templar.template(task.action, req.scope))) : task.action
  const args = templateArgs(req, KEEP_UNSAFE.has(shortActionName(action)))
  const searchPath = req.searchPath
  const delegated = keywords.keywords.delegateTo !== undefined
  const inv: Invocation = {
    req,
    action,
    args,
    rawArgs: task.args,
    check: strictly(task, () => keywords.flag('checkMode')) ?? run.options.check,
    diff: strictly(task, () => keywords.flag('diff')) ?? run.options.diff,
    noLog,
    become: becomeOf(req),
    environment: strictly(task, () => keywords.environment()),
    targetHost: delegated ? String(strictly(task, () => keywords.value('delegateTo'))) : req.host,
    searchPath,
    findFile: (name, kind) => findInSearchPath(name, kind, searchPath),
  }
  const engineAction = run.resolveAction(action)
  if (engineAction) return recordCheckWrite(run, inv.targetHost, inv.check, args, await runEngineAction(inv, engineAction))
  const module = run.resolveModule(action, task.collections)
  if (!module) {
    return { failed: true, msg: `The module ${shortActionName(action)} was not found in configured module search path.` }
  }
  return recordCheckWrite(run, inv.targetHost, inv.check, args, await runHostModule(inv, module))
}

/** Actions that store or show their arguments' values and must know which are unsafe. */
const KEEP_UNSAFE = new Set(['set_fact', 'debug'])

function templateArgs(req: ExecuteRequest, keepUnsafe: boolean): Record<string, unknown> {
  let raw = req.task.args
  if ('_variable_params' in raw) {
    const params = strictly(req.task, () => req.run.templar.template(raw._variable_params, req.scope))
    const rest = { ...raw }
    delete rest._variable_params
    if (!isDict(params)) throw new Error(`invalid or malformed argument: '${String(params)}'`)
    raw = { ...params, ...rest }
  }
  try {
    return req.run.templar.template(raw, req.scope, { removeOmit: true, keepUnsafe }) as Record<string, unknown>
  } catch (e) {
    // A ValueError while templating fails the field (Base.post_validate's wording).
    if ((e as { pyClass?: string }).pyClass === 'ValueError') {
      const where = req.task.location ? formatLocation(req.task.location) : ''
      throw new TaskError(`the field 'args' has an invalid value (${pyRepr(raw)}), and could not be converted to an dict.The error was: ${(e as Error).message}${where}`, { cause: e })
    }
    throw undefinedInTask(e, req.task)
  }
}

function asBool(v: unknown): unknown {
  if (typeof v === 'string') return boolean(v, false)
  return v
}

type BecomeKeyword = 'become' | 'becomeMethod' | 'becomeUser' | 'becomeFlags'
const BECOME_VARIABLES: Record<BecomeKeyword, string> = {
  become: 'ansible_become',
  becomeMethod: 'ansible_become_method',
  becomeUser: 'ansible_become_user',
  becomeFlags: 'ansible_become_flags',
}

function becomeOf(req: ExecuteRequest): BecomeOptions | undefined {
  const { run, task, keywords } = req
  // The ansible_become_* variables beat the keywords, which beat the command line and config.
  const variable = (...names: string[]): unknown => {
    for (const n of names) {
      const v = req.scope.lookup(n)
      if (!isUndefined(v) && v !== null) return v
    }
    return undefined
  }
  const kw = (k: BecomeKeyword, fallback?: unknown) => {
    const v = variable(BECOME_VARIABLES[k])
    if (v !== undefined) return v
    return keywords.keywords[k] === undefined ? fallback : strictly(task, () => keywords.value(k))
  }
  const become = kw('become', run.options.become ?? run.config.get('DEFAULT_BECOME'))
  if (!pyTruthy(asBool(become))) return undefined
  const password = variable('ansible_become_password', 'ansible_become_pass', `ansible_${String(kw('becomeMethod', 'sudo'))}_pass`)
  const flags = kw('becomeFlags', run.config.get<string>('DEFAULT_BECOME_FLAGS') || undefined)
  const exe = variable('ansible_become_exe')
  return {
    method: String(kw('becomeMethod', run.options.becomeMethod ?? run.config.get('DEFAULT_BECOME_METHOD'))) as 'sudo' | 'su',
    user: String(kw('becomeUser', run.options.becomeUser ?? run.config.get('DEFAULT_BECOME_USER'))),
    password: password !== undefined ? String(password) : run.options.becomePassword,
    // Unset flags mean the become plugin's own defaults (sudo: -H -S -n).
    flags: flags === undefined || flags === null ? undefined : String(flags),
    exe: exe === undefined ? undefined : String(exe),
  }
}
