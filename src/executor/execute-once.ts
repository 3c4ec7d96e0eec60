/**
 * One execution of a task on a host, for one loop item or none (TaskExecutor._execute):
 * the `when` check, include handling, argument templating, the action or module run
 * with `until`/`retries`, then `changed_when`/`failed_when`, notify and delegation keys.
 */
import { isUndefined } from '../py/undefined.js'
import { shortActionName } from '../playbook/keywords.js'
import type { TemplateScope } from '../template/types.js'
import { invokeAction } from './invoke-action.js'
import { TaskError, strictly } from './task-errors.js'
import type { ExecuteRequest, Result } from './types.js'
import { formatLocation } from '../errors/format-location.js'

const INCLUDE_TASKS = new Set(['include_tasks', 'include'])

export async function executeOnce(req: ExecuteRequest): Promise<Result> {
  const { task, keywords } = req
  const noLog = strictly(task, () => keywords.flag('noLog')) ?? false
  const when = keywords.keywords.when
  if (when.length > 0 && !conditional(req, when)) {
    return { changed: false, skipped: true, skip_reason: 'Conditional result was False', _ansible_no_log: noLog }
  }
  const action = shortActionName(task.action)
  if (INCLUDE_TASKS.has(action)) return includeTasks(req)
  if (action === 'include_role') return { include_args: { ...task.args } }
  const notify = keywords.keywords.notify !== undefined ? strictly(task, () => keywords.value('notify')) : undefined
  const result = await runUntil(req, noLog, retryPlan(req))
  if (result.unreachable) return result
  if (notify !== undefined) result._ansible_notify = Array.isArray(notify) ? notify : [notify]
  if (keywords.keywords.delegateTo !== undefined) result._ansible_delegated_vars = delegatedVars(req)
  return result
}

/** include_tasks: the file to include, templated by the include itself, and its arguments. */
function includeTasks(req: ExecuteRequest): Result {
  const args = { ...req.task.args }
  const file = args._raw_params ?? args.file
  delete args._raw_params
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

interface RetryPlan {
  until: unknown
  hasUntil: boolean
  /** Attempts in all (1 without `until`). */
  retries: number
  /** Seconds between attempts. */
  delay: number
}

function retryPlan(req: ExecuteRequest): RetryPlan {
  const { task, keywords } = req
  const { until, retries: rawRetries, delay: rawDelay } = keywords.keywords
  const hasUntil = until !== undefined && until !== null && !(Array.isArray(until) && until.length === 0)
  let retries = 1
  if (hasUntil) {
    const r = rawRetries === undefined ? 3 : Number(strictly(task, () => keywords.value('retries')))
    retries = r <= 0 ? 1 : r + 1
  }
  const delay = Math.max(rawDelay === undefined ? 5 : Number(strictly(task, () => keywords.value('delay'))), 0)
  return { until, hasUntil, retries, delay }
}

/** Runs the action until `until` holds or the attempts are used up. */
async function runUntil(req: ExecuteRequest, noLog: boolean, plan: RetryPlan): Promise<Result> {
  const { run, scope } = req
  const register = req.keywords.keywords.register
  let result: Result = {}
  let attempt = 1
  for (; attempt <= plan.retries; attempt++) {
    result = await invokeAction(req, noLog)
    if (result.unreachable) return result
    result._ansible_no_log = noLog || result._ansible_no_log === true
    if (!('failed' in result)) result.failed = 'rc' in result && result.rc !== 0 && result.rc !== '0'
    if (plan.hasUntil) result.attempts = attempt
    if (!('changed' in result)) result.changed = false
    const scopeWithResult = register ? scope.child({ [register]: result }) : scope
    if (!result.skipped) evaluateChangedFailed(req, result, scopeWithResult)
    if (plan.retries > 1) {
      if (run.templar.conditional(plan.until, scopeWithResult)) break
      if (attempt < plan.retries) {
        result._ansible_retry = true
        result.retries = plan.retries
        await req.onRetry(result)
        if (plan.delay > 0) await sleep(plan.delay * 1000)
      }
    }
  }
  if (plan.retries > 1 && attempt > plan.retries) {
    result.attempts = plan.retries - 1
    result.failed = true
  }
  return result
}

function evaluateChangedFailed(req: ExecuteRequest, result: Result, scope: TemplateScope): void {
  const { run } = req
  const { changedWhen: cw, failedWhen: fw } = req.keywords.keywords
  let which = 'changed'
  try {
    if (cw !== undefined && cw !== null && !(Array.isArray(cw) && cw.length === 0)) {
      result.changed = run.templar.conditional(cw, scope)
    }
    which = 'failed'
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

function conditional(req: ExecuteRequest, when: readonly unknown[]): boolean {
  try {
    return req.run.templar.conditional(when, req.scope)
  } catch (e) {
    // Ansible raises it with the task's data as the object: its position follows.
    const where = req.task.location ? formatLocation(req.task.location) : ''
    throw new TaskError(`${e instanceof Error ? e.message : String(e)}${where}`, { cause: e })
  }
}

function delegatedVars(req: ExecuteRequest): Record<string, unknown> {
  const name = String(strictly(req.task, () => req.keywords.value('delegateTo')))
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
