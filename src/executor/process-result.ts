/**
 * What happens after a task returns for a host (StrategyBase._process_pending_results):
 * failure handling (rescue, run_once, ignore_errors), stats, callbacks, handler
 * notification, facts and set_fact, add_host/group_by, and `register`.
 */
import { EngineError } from '../errors/errors.js'
import { shortActionName } from '../playbook/keywords.js'
import type { Task } from '../playbook/model.js'
import { isDict } from '../py/values.js'
import { RunState, type HostState } from './host-state.js'
import { notifyHandlers } from './handlers.js'
import type { HostTask } from './host-task.js'
import type { TaskEvents } from './task-events.js'
import { displayName, taskInfo } from './events.js'
import type { ProcessedResult, Result, StrategyContext } from './types.js'

const INCLUDES = new Set(['include_tasks', 'include_role', 'include'])

export async function processResult(ctx: StrategyContext, events: TaskEvents, on: HostTask, result: Result): Promise<ProcessedResult> {
  const { task, host } = on
  const out: ProcessedResult = { host, task, on, result, failed: false, unreachable: false, skipped: false }
  const isFailed = result.failed === true || (result.failed_when_result === true)
  const isUnreachable = result.unreachable === true
  const isSkipped = !isFailed && !isUnreachable && result.skipped === true
  if (isFailed) {
    out.failed = true
    await hostFailed(ctx, events, on, result)
  } else if (isUnreachable) {
    out.unreachable = true
    await hostUnreachable(ctx, events, on, result)
  } else if (isSkipped) {
    out.skipped = true
    ctx.run.stats.increment('skipped', host)
    await events.emit('onRunnerSkipped', host, result)
  } else if (await hostOk(ctx, events, on, result)) out.include = true
  const register = on.keywords.register
  if (register !== undefined) {
    const clean = stripInternal(result)
    delete clean.invocation
    for (const h of taskHosts(ctx, on)) ctx.run.vars.setNonPersistent(h, { [register]: clean })
  }
  if (task.isHandler) task.notifiedHosts?.delete(host)
  return out
}

/** A failed result: the host's state moves to rescue/always or fails, unless errors are ignored. */
async function hostFailed(ctx: StrategyContext, events: TaskEvents, on: HostTask, result: Result): Promise<void> {
  const { run, iterator } = ctx
  const { task, host } = on
  task.role?.hadTaskRun.add(host)
  const ignore = ignoreOf(on, result)
  if (!ignore) {
    const rescuing = isRescuing(iterator.state(host))
    if (on.flag('runOnce')) {
      for (const h of ctx.hosts) if (!run.unreachableHosts.has(h)) iterator.markFailed(h)
    } else iterator.markFailed(host)
    const [s] = iterator.nextTask(host, true)
    if (iterator.isFailed(host) && s.runState === RunState.Complete) {
      ctx.failed.add(host)
      run.failedHosts.add(host)
    }
    if (rescuing) {
      run.stats.increment('rescued', host)
      run.vars.setNonPersistent(host, { ansible_failed_task: { name: events.info.name, action: task.action }, ansible_failed_result: result })
    } else run.stats.increment('failures', host)
  } else {
    run.stats.increment('ok', host)
    run.stats.increment('ignored', host)
    if (result.changed) run.stats.increment('changed', host)
  }
  await events.emit('onRunnerFailed', host, result, ignore)
}

async function hostUnreachable(ctx: StrategyContext, events: TaskEvents, on: HostTask, result: Result): Promise<void> {
  const { run } = ctx
  const { host } = on
  if (!on.flag('ignoreUnreachable')) {
    run.unreachableHosts.add(host)
    run.stats.increment('dark', host)
  } else {
    run.stats.increment('ok', host)
    run.stats.increment('ignored', host)
  }
  await events.emit('onRunnerUnreachable', host, result)
}

/** An ok (or changed) result: handlers notified, facts and inventory changes applied. Returns whether it is an include's. */
async function hostOk(ctx: StrategyContext, events: TaskEvents, on: HostTask, result: Result): Promise<boolean> {
  const { run } = ctx
  const { task, host } = on
  const items = on.keywords.loop !== undefined ? ((result.results as Result[]) ?? []) : [result]
  for (const item of items) await applyItem(ctx, events, on, result, item)
  if (result.diff !== undefined && events.showDiff) await events.emit('onFileDiff', host, result)
  const include = INCLUDES.has(shortActionName(task.action))
  if (!include) {
    run.stats.increment('ok', host)
    if (result.changed) run.stats.increment('changed', host)
  }
  task.role?.hadTaskRun.add(host)
  await events.emit('onRunnerOk', host, result)
  return include
}

/** ignore_errors: a loop's from its items, else the keyword (an error templating it ignores nothing). */
function ignoreOf(on: HostTask, result: Result): boolean {
  if (typeof result._ansible_ignore_errors === 'boolean') return result._ansible_ignore_errors
  try {
    return on.flag('ignoreErrors')
  } catch {
    return false
  }
}

async function applyItem(ctx: StrategyContext, events: TaskEvents, on: HostTask, result: Result, item: Result): Promise<void> {
  const { run } = ctx
  const { task, host } = on
  const action = shortActionName(task.action)
  if (Array.isArray(item._ansible_notify) && result.changed) {
    for (const name of item._ansible_notify) {
      const n = notifyHandlers(ctx, String(name), host)
      for (const h of n.newly) await run.emitter.emit('onNotify', handlerInfo(h), host)
      if (!n.found) {
        const msg = `The requested handler '${String(name)}' was not found in either the main handlers list nor in the listening handlers list`
        if (run.config.get<boolean>('ERROR_ON_MISSING_HANDLER')) throw new EngineError(msg)
        run.warn(msg)
      }
    }
  }
  // The inventory says whether anything changed, unless changed_when (which Ansible
  // evaluates again after the inventory update) decides.
  const decided = on.keywords.changedWhen !== undefined && on.keywords.changedWhen !== null
  if (isDict(item.add_host)) {
    const h = item.add_host
    const changed = run.inventory.addHost(String(h.host_name), (h.groups as string[]) ?? [], (h.host_vars as Record<string, unknown>) ?? {})
    if (!decided) item.changed = changed
    if (changed) run.vars.touch()
  } else if (typeof item.add_group === 'string') {
    const changed = run.inventory.addHostToGroup(host, item.add_group, (item.parent_groups as string[]) ?? [])
    if (!decided) item.changed = changed
    if (changed) run.vars.touch()
  }
  if (('add_host' in item || 'add_group' in item) && on.keywords.loop !== undefined) {
    await events.emit('onRunnerItemOk', host, item)
    if (item.changed) result.changed = true
  }
  if (isDict(item.ansible_facts) && action !== 'debug') applyFacts(ctx, on, item)
}

function applyFacts(ctx: StrategyContext, on: HostTask, item: Result): void {
  const { run } = ctx
  const { task } = on
  const facts = item.ansible_facts as Record<string, unknown>
  const action = shortActionName(task.action)
  const delegated = isDict(item._ansible_delegated_vars) ? String(item._ansible_delegated_vars.ansible_delegated_host) : undefined
  const hosts = delegated && on.keywords.delegateFacts === true ? [delegated] : taskHosts(ctx, on)
  if (action === 'include_vars') {
    for (const h of hosts) run.vars.setIncludeVars(h, facts)
    return
  }
  const cacheable = item._ansible_facts_cacheable === true
  delete item._ansible_facts_cacheable
  const isSetFact = action === 'set_fact'
  for (const h of hosts) {
    if (!isSetFact || cacheable) run.vars.setFacts(h, { ...facts })
    if (isSetFact) run.vars.setNonPersistent(h, { ...facts })
  }
}

function handlerInfo(h: Task) {
  return taskInfo(h, displayName(h, h.name), { noLog: false, checkMode: null, diff: null, delegateTo: null, ignoreUnreachable: null })
}

/** run_once results go to every reachable host of the batch (get_task_hosts). */
function taskHosts(ctx: StrategyContext, on: HostTask): string[] {
  if (on.flag('runOnce')) return ctx.hosts.filter((h) => !ctx.run.unreachableHosts.has(h))
  return [on.host]
}

function isRescuing(state: Readonly<HostState>): boolean {
  if (state.runState === RunState.Tasks && state.currentBlock()?.rescue.length) return true
  const child = state.tasksChild ?? state.rescueChild ?? state.alwaysChild
  return child ? isRescuing(child) : false
}

/** A result without `_ansible_*` keys, deeply (strip_internal_keys). */
function stripInternal(v: Result): Result {
  const out: Result = {}
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('_ansible_')) continue
    out[k] = Array.isArray(val) ? val.map((x) => (isDict(x) ? stripInternal(x) : x)) : isDict(val) ? stripInternal(val) : val
  }
  return out
}
