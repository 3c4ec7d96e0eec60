/**
 * `meta:` tasks (StrategyBase._execute_meta): flush_handlers, noop, role_complete,
 * end_play/end_batch/end_host, clear_facts, clear_host_errors, refresh_inventory,
 * reset_connection. They run in the strategy, for one host at a time, and an explicit
 * meta task announces itself once per host, as in 2.14. Implicit ones stay silent.
 */
import { EngineError } from '../errors/errors.js'
import { inheritedWhen } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'
import { displayName, taskInfo } from './events.js'
import { RunState } from './host-state.js'
import type { ProcessedResult } from './process-result.js'
import { cleanTaskResult } from '../output/clean-result.js'
import type { StrategyContext } from './strategy-linear.js'

export async function executeMeta(ctx: StrategyContext, task: Task, host: string): Promise<ProcessedResult> {
  const { run, iterator } = ctx
  const action = String(task.args._raw_params ?? '')
  const info = taskInfo(task, displayName(task, task.name), { noLog: false, checkMode: null, diff: null, delegateTo: null, ignoreUnreachable: null })
  if (!task.implicit) {
    if (task.isHandler) await run.emitter.emit('onHandlerTaskStart', info)
    else await run.emitter.emit('onTaskStart', info, false)
  }
  const when = () => {
    const conds = inheritedWhen(task)
    if (conds.length === 0) return true
    const scope = run.templar.scope(run.vars.taskSource(ctx.play, host, task))
    return run.templar.conditional(conds, scope)
  }
  if ((action === 'noop' || action === 'refresh_inventory' || action === 'reset_connection') && inheritedWhen(task).length) {
    run.warn(`${action} task does not support when conditional`)
  }
  let msg = action
  let skipped = false
  let skipReason = `${action} conditional evaluated to False`
  const playHosts = () => ctx.hosts.filter((h) => !run.unreachableHosts.has(h))
  switch (action) {
    case 'noop':
      msg = 'noop'
      break
    case 'flush_handlers':
      if (when()) {
        const state = iterator.state(host)
        if (state.runState === RunState.Handlers) throw new EngineError('flush_handlers cannot be used as a handler')
        if (!run.unreachableHosts.has(host)) {
          state.preFlushRunState = state.runState
          state.runState = RunState.Handlers
        }
        msg = `triggered running handlers for ${host}`
      } else {
        skipped = true
        skipReason += `, not running handlers for ${host}`
      }
      break
    case 'role_complete':
      if (task.implicit && task.role) {
        if (task.role.hadTaskRun.has(host)) {
          task.role.hasRun.add(host)
          msg = `role_complete for ${host}`
        }
      }
      break
    case 'end_play':
    case 'end_batch':
      if (when()) {
        for (const h of playHosts()) iterator.state(h).runState = RunState.Complete
        if (action === 'end_play') ctx.endPlay = true
        msg = action === 'end_play' ? 'ending play' : 'ending batch'
      } else {
        skipped = true
        skipReason += action === 'end_play' ? ', continuing play' : ', continuing current batch'
      }
      break
    case 'end_host':
      if (when()) {
        iterator.state(host).runState = RunState.Complete
        ctx.play.removedHosts?.add(host)
        msg = `ending play for ${host}`
      } else {
        skipped = true
        skipReason += `, continuing execution for ${host}`
        msg = `end_host conditional evaluated to false, continuing execution for ${host}`
      }
      break
    case 'clear_facts':
      if (when()) {
        for (const h of playHosts()) run.vars.clearFacts(h)
        msg = 'facts cleared'
      } else {
        skipped = true
        skipReason += `, not clearing facts and fact cache for ${host}`
      }
      break
    case 'clear_host_errors':
      if (when()) {
        for (const h of playHosts()) {
          if (run.failedHosts.has(h) || ctx.failed.has(h)) ctx.play.removedHosts?.add(h)
          ctx.failed.delete(h)
          run.failedHosts.delete(h)
          iterator.clearHostErrors(h)
        }
        msg = 'cleared host errors'
      } else {
        skipped = true
        skipReason += `, not clearing host error state for ${host}`
      }
      break
    case 'refresh_inventory':
      msg = 'inventory successfully refreshed'
      break
    case 'reset_connection':
      msg = 'no connection, nothing to reset'
      break
    default:
      throw new EngineError(`invalid meta action requested: ${action}`, task.location)
  }
  const result: Record<string, unknown> = { msg }
  if (skipped) Object.assign(result, { skipped: true, skip_reason: skipReason })
  else result.changed = false
  if (!task.implicit) run.display.vv(`META: ${skipped ? skipReason : msg}`)
  if (task.isHandler) task.notifiedHosts?.delete(host)
  if (skipped && !task.implicit) await run.emitter.emit('onRunnerSkipped', { host, task: info, taskName: task.name ?? info.name, result: cleanTaskResult(result, { action: task.action, noLog: false }) })
  return { host, task, result, failed: false, unreachable: false, skipped, meta: true }
}
