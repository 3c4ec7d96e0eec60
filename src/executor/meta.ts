/**
 * `meta:` tasks (StrategyBase._execute_meta): flush_handlers, noop, role_complete,
 * end_play/end_batch/end_host, clear_facts, clear_host_errors, refresh_inventory,
 * reset_connection. They run in the strategy, for one host at a time, and an explicit
 * meta task announces itself once per host, as in 2.14. Implicit ones stay silent.
 */
import { EngineError } from '../errors/errors.js'
import { displayName, taskInfo } from './events.js'
import { RunState } from './host-state.js'
import type { HostTask } from './host-task.js'
import { cleanTaskResult } from '../output/clean-result.js'
import type { ProcessedResult, StrategyContext } from './types.js'

/** One meta task on one host, as its action's handler sees it. */
interface MetaRun {
  ctx: StrategyContext
  on: HostTask
  host: string
  /** Whether the task's `when` holds on the host. */
  when(): boolean
  /** The batch's hosts that are still reachable. */
  playHosts(): string[]
}

/**
 * What a meta action did: its message (the action's name when unset), or, when its
 * condition was false, how the skip reason goes on after `<action> conditional evaluated to False`.
 */
interface MetaOutcome {
  msg?: string
  skipped?: string
}

type MetaHandler = (m: MetaRun) => MetaOutcome

/** An action that runs when its `when` holds, and is skipped with `skipReason` otherwise. */
function conditional(act: (m: MetaRun) => string, skipReason: (m: MetaRun) => string, skipMsg?: (m: MetaRun) => string): MetaHandler {
  return (m) => (m.when() ? { msg: act(m) } : { skipped: skipReason(m), msg: skipMsg?.(m) })
}

function flushHandlers(m: MetaRun): string {
  const { ctx, host } = m
  if (ctx.iterator.state(host).runState === RunState.Handlers) throw new EngineError('flush_handlers cannot be used as a handler')
  if (!ctx.run.unreachableHosts.has(host)) ctx.iterator.flushHandlers(host)
  return `triggered running handlers for ${host}`
}

function roleComplete(m: MetaRun): MetaOutcome {
  const { task } = m.on
  if (!task.implicit || !task.role || !task.role.hadTaskRun.has(m.host)) return {}
  task.role.hasRun.add(m.host)
  return { msg: `role_complete for ${m.host}` }
}

/** end_play and end_batch: every host of the batch is done. */
function endBatch(m: MetaRun): void {
  for (const h of m.playHosts()) m.ctx.iterator.endHost(h)
}

function clearHostErrors(m: MetaRun): string {
  const { ctx } = m
  // Every host of the play, unreachable ones too: the TQM forgets both kinds of errors (the
  // play's hosts stay without them until the next play).
  for (const h of ctx.hosts) {
    if (ctx.run.failedHosts.has(h) || ctx.failed.has(h)) ctx.play.removedHosts?.add(h)
    ctx.failed.delete(h)
    ctx.run.failedHosts.delete(h)
    ctx.run.unreachableHosts.delete(h)
    ctx.iterator.clearHostErrors(h)
  }
  return 'cleared host errors'
}

const META_ACTIONS: Readonly<Record<string, MetaHandler>> = {
  noop: () => ({}),
  flush_handlers: conditional(flushHandlers, (m) => `, not running handlers for ${m.host}`),
  role_complete: roleComplete,
  end_play: conditional(
    (m) => {
      endBatch(m)
      m.ctx.endPlay = true
      return 'ending play'
    },
    () => ', continuing play',
  ),
  end_batch: conditional(
    (m) => {
      endBatch(m)
      return 'ending batch'
    },
    () => ', continuing current batch',
  ),
  end_host: conditional(
    (m) => {
      m.ctx.iterator.endHost(m.host)
      m.ctx.play.removedHosts?.add(m.host)
      return `ending play for ${m.host}`
    },
    (m) => `, continuing execution for ${m.host}`,
    (m) => `end_host conditional evaluated to false, continuing execution for ${m.host}`,
  ),
  clear_facts: conditional(
    (m) => {
      for (const h of m.playHosts()) m.ctx.run.vars.clearFacts(h)
      return 'facts cleared'
    },
    (m) => `, not clearing facts and fact cache for ${m.host}`,
  ),
  clear_host_errors: conditional(clearHostErrors, (m) => `, not clearing host error state for ${m.host}`),
  refresh_inventory: () => ({ msg: 'inventory successfully refreshed' }),
  reset_connection: () => ({ msg: 'no connection, nothing to reset' }),
}

/** Meta actions that ignore `when` (and warn that they do). */
const UNCONDITIONAL = new Set(['noop', 'refresh_inventory', 'reset_connection'])

export async function executeMeta(ctx: StrategyContext, on: HostTask): Promise<ProcessedResult> {
  const { run } = ctx
  const { task, host } = on
  const action = String(task.args._raw_params ?? '')
  const info = taskInfo(task, displayName(task, task.name), { noLog: false, checkMode: null, diff: null, delegateTo: null, ignoreUnreachable: null })
  if (!task.implicit) {
    if (task.isHandler) await run.emitter.emit('onHandlerTaskStart', info)
    else await run.emitter.emit('onTaskStart', info, false)
  }
  const handler = Object.hasOwn(META_ACTIONS, action) ? META_ACTIONS[action] : undefined
  if (!handler) throw new EngineError(`invalid meta action requested: ${action}`, task.location)
  if (UNCONDITIONAL.has(action) && on.keywords.when.length) run.warn(`${action} task does not support when conditional`)
  const outcome = handler({
    ctx,
    on,
    host,
    when: () => on.keywords.when.length === 0 || run.templar.conditional(on.keywords.when, on.scope),
    playHosts: () => ctx.hosts.filter((h) => !run.unreachableHosts.has(h)),
  })
  const skipped = outcome.skipped !== undefined
  const msg = outcome.msg ?? action
  const skipReason = `${action} conditional evaluated to False${outcome.skipped}`
  const result: Record<string, unknown> = { msg }
  if (skipped) Object.assign(result, { skipped: true, skip_reason: skipReason })
  else result.changed = false
  if (!task.implicit) run.display.vv(`META: ${skipped ? skipReason : msg}`)
  if (task.isHandler) task.notifiedHosts?.delete(host)
  if (skipped && !task.implicit) await run.emitter.emit('onRunnerSkipped', { host, task: info, taskName: task.name ?? info.name, result: cleanTaskResult(result, { action: task.action, noLog: false }) })
  return { host, task, on, result, failed: false, unreachable: false, skipped, meta: true }
}
