/**
 * One execution of a task on a host, for one loop item or none (TaskExecutor._execute):
 * the `when` check, include handling, argument templating, the action or module run
 * with `until`/`retries`, then `changed_when`/`failed_when`, notify and delegation keys.
 */
import { isUndefined } from '../py/undefined.js'
import { pyTruthy } from '../py/values.js'
import { shortActionName } from '../playbook/keywords.js'
import { inheritedKeyword, inheritedWhen } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'
import type { TemplateScope } from '../template/types.js'
import { invokeAction } from './invoke-action.js'
import type { RunContext } from './run-context.js'
import { TaskError, undefinedInTask } from './task-errors.js'
import { formatLocation } from '../errors/format-location.js'

export type Result = Record<string, unknown>

export interface ExecuteRequest {
  run: RunContext
  task: Task
  host: string
  scope: TemplateScope
  /** Called before each retry (`FAILED - RETRYING` lines). */
  onRetry(result: Result): Promise<void>
  /**
   * An undefined variable in the loop's terms (TaskExecutor._loop_eval_error): it fails the
   * task only once `when` holds, and takes precedence over an error of `when` itself.
   */
  loopError?: Error
}

const INCLUDE_TASKS = new Set(['include_tasks', 'include'])

export async function executeOnce(req: ExecuteRequest): Promise<Result> {
  const { run, task, scope } = req
  const noLog = truthyKeyword(req, 'no_log')
  const when = inheritedWhen(task)
  let holds: boolean
  try {
    holds = when.length === 0 || conditional(req, when)
  } catch (e) {
    if (req.loopError) throw req.loopError
    throw e
  }
  if (!holds) return { changed: false, skipped: true, skip_reason: 'Conditional result was False', _ansible_no_log: noLog }
  if (req.loopError) throw req.loopError
  const action = shortActionName(task.action)
  if (INCLUDE_TASKS.has(action)) {
    const args = { ...task.args }
    // TaskInclude.check_options: `file` becomes _raw_params, so include_args has neither.
    const file = args._raw_params ?? args.file
    delete args._raw_params
    if (file === args.file) delete args.file
    if (!file) return { failed: true, msg: 'No include file was specified to the include' }
    // The file name is templated by the include itself: an undefined variable fails it
    // with the bare message, not the task-option wording.
    let name: unknown
    try {
      name = req.run.templar.template(file, req.scope)
    } catch (e) {
      throw new TaskError(e instanceof Error ? e.message : String(e), { cause: e })
    }
    return { include: name, include_args: args }
  }
  if (action === 'include_role') return { include_args: { ...task.args } }

  const notify = task.keywords.notify !== undefined ? templateOrFail(req, task.keywords.notify) : undefined
  const until = task.keywords.until
  const hasUntil = until !== undefined && until !== null && !(Array.isArray(until) && until.length === 0)
  let retries = 1
  if (hasUntil) {
    const r = task.keywords.retries === undefined ? 3 : Number(templateOrFail(req, task.keywords.retries))
    retries = r <= 0 ? 1 : r + 1
  }
  const delay = Math.max(task.keywords.delay === undefined ? 5 : Number(templateOrFail(req, task.keywords.delay)), 0)
  const register = task.keywords.register === undefined || task.keywords.register === null ? undefined : String(task.keywords.register)

  let result: Result = {}
  let attempt = 1
  let scopeWithResult = scope
  for (; attempt <= retries; attempt++) {
    result = await invokeAction(req, noLog)
    if (result.unreachable) return result
    if (register !== undefined && !isIdentifier(register)) throw new TaskError(`Invalid variable name in 'register' specified: '${register}'`)
    result._ansible_no_log = noLog || result._ansible_no_log === true
    if (!('failed' in result)) result.failed = 'rc' in result && result.rc !== 0 && result.rc !== '0'
    if (hasUntil) result.attempts = attempt
    if (!('changed' in result)) result.changed = false
    scopeWithResult = register ? scope.child({ [register]: result }) : scope
    if (!result.skipped) evaluateChangedFailed(req, result, scopeWithResult)
    if (retries > 1) {
      if (run.templar.conditional(until, scopeWithResult)) break
      if (attempt < retries) {
        result._ansible_retry = true
        result.retries = retries
        await req.onRetry(result)
        if (delay > 0) await sleep(delay * 1000)
      }
    }
  }
  if (retries > 1 && attempt > retries) {
    result.attempts = retries - 1
    result.failed = true
  }
  if (notify !== undefined) result._ansible_notify = Array.isArray(notify) ? notify : [notify]
  const delegateTo = inheritedKeyword(task, 'delegate_to')
  if (delegateTo !== undefined) result._ansible_delegated_vars = delegatedVars(req, delegateTo)
  return result
}

function evaluateChangedFailed(req: ExecuteRequest, result: Result, scope: TemplateScope): void {
  const { task, run } = req
  let which = 'changed'
  try {
    const cw = task.keywords.changed_when
    if (cw !== undefined && cw !== null && !(Array.isArray(cw) && cw.length === 0)) {
      result.changed = run.templar.conditional(cw, scope)
    }
    which = 'failed'
    const fw = task.keywords.failed_when
    if (fw !== undefined && fw !== null && !(Array.isArray(fw) && fw.length === 0)) {
      const failed = run.templar.conditional(fw, scope)
      result.failed_when_result = failed
      result.failed = failed
    }
  } catch (e) {
    result.failed = true
    result[`${which}_when_result`] = e instanceof Error ? e.message : String(e)
  }
}

function conditional(req: ExecuteRequest, when: unknown[]): boolean {
  try {
    return req.run.templar.conditional(when, req.scope)
  } catch (e) {
    // Ansible raises it with the task's data as the object: its position follows.
    const where = req.task.location ? formatLocation(req.task.location) : ''
    throw new TaskError(`${e instanceof Error ? e.message : String(e)}${where}`, { cause: e })
  }
}

/** Templates a task keyword; an undefined variable becomes Ansible's task error. */
export function templateOrFail(req: Pick<ExecuteRequest, 'run' | 'task' | 'scope'>, value: unknown): unknown {
  try {
    return req.run.templar.template(value, req.scope)
  } catch (e) {
    throw undefinedInTask(e, req.task)
  }
}

function truthyKeyword(req: ExecuteRequest, key: string): boolean {
  const v = inheritedKeyword(req.task, key)
  if (v === undefined) return false
  const t = templateOrFail(req, v)
  return !isUndefined(t) && pyTruthy(t)
}

function delegatedVars(req: ExecuteRequest, delegateTo: unknown): Record<string, unknown> {
  const name = String(templateOrFail(req, delegateTo))
  const out: Record<string, unknown> = { ansible_delegated_host: name }
  const hostVars = req.run.inventory.hasHost(name) ? req.run.vars.hostScope(name) : undefined
  for (const k of ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection']) {
    if (hostVars?.has(k)) {
      const v = hostVars.lookup(k)
      if (!isUndefined(v)) out[k] = v
    }
  }
  if (!('ansible_host' in out) && hostVars) out.ansible_host = name
  return out
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

const PY_KEYWORDS = new Set('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '))

/** ansible.utils.vars.isidentifier: an ASCII Python identifier that is not a keyword. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_KEYWORDS.has(name)
}
