/**
 * The linear strategy (ansible-core 2.14's plugins/strategy/linear.py semantics): every
 * host of the batch runs the same task before any host moves on; hosts whose next task
 * differs wait (a `noop`), in the order of the play's flat task list. Up to `forks` hosts
 * run a task at once.
 */
import { UserInterrupted } from '../errors/errors.js'
import pLimit from 'p-limit'
import { shortActionName } from '../playbook/keywords.js'
import type { Task } from '../playbook/model.js'
import { RunState, activeState } from './host-state.js'
import { HostTask } from './host-task.js'
import { processIncludes } from './includes.js'
import { executeMeta } from './meta.js'
import type { PlayIterator } from './play-iterator.js'
import { processResult } from './process-result.js'
import { TaskEvents } from './task-events.js'
import { runHostTask } from './task-executor.js'
import { RUN_FAILED_BREAK_PLAY, RUN_FAILED_HOSTS, RUN_OK, RUN_UNREACHABLE_HOSTS, type ProcessedResult, type StrategyContext } from './types.js'

export async function runLinear(ctx: StrategyContext): Promise<number> {
  const { run, iterator } = ctx
  let result = RUN_OK
  let inHandlers = false
  for (;;) {
    if (run.interrupt?.aborted) throw new UserInterrupted()
    const hostsLeft = ctx.hosts.filter((h) => !run.unreachableHosts.has(h))
    const step = lockstep(ctx, hostsLeft, inHandlers)
    inHandlers = step.inHandlers
    if (!step.hostTasks.some(([, t]) => t)) break
    const outcome = await runStep(ctx, step.hostTasks)
    if (outcome.includes.length) await processIncludes(ctx, outcome.includes, hostsLeft)
    result |= checkFailures(ctx, outcome, hostsLeft)
    if (result !== RUN_OK && ctx.failed.size >= hostsLeft.length) {
      await run.emitter.emit('onNoHostsRemaining')
      return result
    }
  }
  for (const h of ctx.hosts) if (!run.unreachableHosts.has(h)) iterator.nextTask(h)
  if (result !== RUN_OK) return result
  if (ctx.hosts.some((h) => run.unreachableHosts.has(h))) return RUN_UNREACHABLE_HOSTS
  if (ctx.hosts.some((h) => iterator.isFailed(h))) return RUN_FAILED_HOSTS
  return RUN_OK
}

interface Lockstep {
  hostTasks: Array<[string, Task | undefined]>
  inHandlers: boolean
}

/** Which host runs which task now (LinearStrategy._get_next_task_lockstep). */
function lockstep(ctx: StrategyContext, hosts: string[], inHandlers: boolean): Lockstep {
  const { iterator } = ctx
  const peeked = new Map<string, [ReturnType<PlayIterator['nextTask']>[0], Task]>()
  for (const h of hosts) {
    const [s, t] = iterator.nextTask(h, true)
    if (t) peeked.set(h, [s, t])
  }
  if (peeked.size === 0) return { hostTasks: hosts.map((h) => [h, undefined]), inHandlers }
  if (inHandlers && ![...peeked.values()].some(([s]) => s.runState === RunState.Handlers)) inHandlers = false
  let lowestHandler = 0
  let cur: Task | undefined
  if (inHandlers) {
    lowestHandler = Math.min(...[...peeked.values()].filter(([s]) => s.runState === RunState.Handlers).map(([s]) => s.curHandler))
  } else {
    cur = iterator.nextLockstepTask(new Set([...peeked.values()].map(([, t]) => t.id)))
    if (!cur) throw new Error('BUG: There seems to be a mismatch between tasks in PlayIterator and HostStates.')
  }
  const hostTasks: Array<[string, Task | undefined]> = []
  for (const [h, [s, t]] of peeked) {
    const match = inHandlers ? s.curHandler === lowestHandler : t.id === cur!.id
    if (match) {
      iterator.setState(h, s)
      hostTasks.push([h, t])
    } else hostTasks.push([h, NOOP])
  }
  if (!inHandlers && cur && isMeta(cur) && cur.args._raw_params === 'flush_handlers') inHandlers = true
  return { hostTasks, inHandlers }
}

const NOOP_MARK = Symbol('noop')
const NOOP = Object.assign(Object.create(null), { [NOOP_MARK]: true }) as Task

function isMeta(t: Task): boolean {
  return shortActionName(t.action) === 'meta'
}

interface StepOutcome {
  results: ProcessedResult[]
  includes: ProcessedResult[]
  anyErrorsFatal: boolean
}

/** Meta actions that run for every host of the step; the others run once, for the first. */
const META_PER_HOST = new Set(['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers'])

async function runStep(ctx: StrategyContext, hostTasks: Array<[string, Task | undefined]>): Promise<StepOutcome> {
  const { run } = ctx
  const outcome: StepOutcome = { results: [], includes: [], anyErrorsFatal: false }
  const queued: HostTask[] = []
  let events: TaskEvents | undefined
  for (const [host, task] of hostTasks) {
    if (!task || (task as unknown as Record<symbol, boolean>)[NOOP_MARK]) continue
    if (!task.isHandler && task.role?.hasRun.has(host) && !task.role.allowDuplicates) continue
    const on = new HostTask(run, ctx.play, task, host)
    if (isMeta(task)) {
      outcome.results.push(await executeMeta(ctx, on))
      const runOnce = !META_PER_HOST.has(String(task.args._raw_params ?? ''))
      if ((on.anyErrorsFatal() || runOnce) && !on.flag('ignoreErrors')) outcome.anyErrorsFatal = true
      if (runOnce) break
      continue
    }
    const runOnce = on.flag('runOnce') || run.resolveAction(task.action)?.bypassHostLoop === true
    if ((on.anyErrorsFatal() || runOnce) && !on.flag('ignoreErrors')) outcome.anyErrorsFatal = true
    if (!events) {
      events = new TaskEvents(on)
      await events.start()
    }
    await events.hostStart(host)
    queued.push(on)
    if (runOnce) break
  }
  if (events) await runQueued(ctx, events, queued, outcome)
  return outcome
}

/** Runs the step's queued hosts, up to `forks` (or `throttle`) at once, and processes their results in queue order. */
async function runQueued(ctx: StrategyContext, events: TaskEvents, queued: HostTask[], outcome: StepOutcome): Promise<void> {
  const limit = pLimit(Math.max(1, Math.min(ctx.run.options.forks, throttleOf(queued[0]))))
  const pending = queued.map((on) =>
    limit(() => runHostTask(on, { item: (kind, r) => events.item(on.host, kind, r), retry: (r) => events.retry(on.host, r) })),
  )
  for (const [i, on] of queued.entries()) {
    const processed = await processResult(ctx, events, on, await pending[i])
    outcome.results.push(processed)
    if (processed.include) outcome.includes.push(processed)
  }
}

/** any_errors_fatal and max_fail_percentage after a task (the end of the linear loop). */
function checkFailures(ctx: StrategyContext, outcome: StepOutcome, hostsLeft: string[]): number {
  const { run, iterator } = ctx
  let result = RUN_OK
  const failedHosts = outcome.results.filter((r) => (r.failed || r.meta) && iterator.isFailed(r.host)).map((r) => r.host)
  const unreachable = outcome.results.filter((r) => r.unreachable).map((r) => r.host)
  if (outcome.anyErrorsFatal && (failedHosts.length > 0 || unreachable.length > 0)) {
    for (const h of hostsLeft) {
      const [s] = iterator.nextTask(h, true)
      const a = activeState(s)
      if ((a.runState !== RunState.Rescue && a.runState !== RunState.Always) || (a.runState === RunState.Rescue && (a.failState & 4) !== 0)) {
        ctx.failed.add(h)
        run.failedHosts.add(h)
        result |= RUN_FAILED_BREAK_PLAY
      }
    }
  }
  const mfp = ctx.maxFailPercentage
  if (mfp !== undefined && outcome.results.length > 0) {
    if (ctx.failed.size / iterator.batchSize > mfp / 100) {
      for (const h of hostsLeft) {
        if (!failedHosts.includes(h)) {
          ctx.failed.add(h)
          run.failedHosts.add(h)
          iterator.markFailed(h)
        }
      }
      void run.emitter.emit('onNoHostsRemaining')
      result |= RUN_FAILED_BREAK_PLAY
    }
  }
  return result
}

/** The `throttle` keyword (0 = no limit beyond forks). */
function throttleOf(on: HostTask): number {
  const raw = on.keywords.throttle
  if (raw === undefined || raw === null) return Infinity
  const v = Number(typeof raw === 'string' ? on.values.value('throttle') : raw)
  return v > 0 ? v : Infinity
}
