/**
 * The linear strategy (ansible-core 2.14's plugins/strategy/linear.py semantics): every
 * host of the batch runs the same task before any host moves on; hosts whose next task
 * differs wait (a `noop`), in the order of the play's flat task list. Up to `forks` hosts
 * run a task at once.
 */
import { UserInterrupted } from '../errors/errors.js'
import pLimit from 'p-limit'
import { shortActionName } from '../playbook/keywords.js'
import { inheritedKeyword } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'
import { isUndefined } from '../py/undefined.js'
import { pyTruthy } from '../py/values.js'
import type { PlayContext } from '../vars/variable-manager.js'
import { RunState, activeState } from './host-state.js'
import { processIncludes } from './includes.js'
import { executeMeta } from './meta.js'
import type { PlayIterator } from './play-iterator.js'
import { processResult, type ProcessedResult } from './process-result.js'
import type { RunContext } from './run-context.js'
import { TaskEvents } from './task-events.js'
import { runHostTask } from './task-executor.js'
import type { TagSelection } from './tags.js'

export const RUN_OK = 0
export const RUN_ERROR = 1
export const RUN_FAILED_HOSTS = 2
export const RUN_UNREACHABLE_HOSTS = 4
export const RUN_FAILED_BREAK_PLAY = 8

export interface StrategyContext {
  run: RunContext
  play: PlayContext
  iterator: PlayIterator
  /** The hosts of this batch (Ansible's hosts cache). */
  hosts: string[]
  /** Failed hosts of this batch (tqm._failed_hosts, cleared per batch). */
  failed: Set<string>
  /** The play's max_fail_percentage, templated. */
  maxFailPercentage?: number
  /** Set by `meta: end_play`: no further batches run. */
  endPlay?: boolean
  /** `--tags`/`--skip-tags`, for filtering included tasks. */
  tags: TagSelection
}

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
    const ids = new Set([...peeked.values()].map(([, t]) => t.id))
    for (let loops = 0; loops <= 1 && !cur; ) {
      const t = iterator.allTasks[iterator.curTask]
      if (!t) {
        iterator.curTask = 0
        loops++
        continue
      }
      iterator.curTask++
      if (ids.has(t.id)) cur = t
    }
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

export interface StepOutcome {
  results: ProcessedResult[]
  includes: ProcessedResult[]
  anyErrorsFatal: boolean
}

async function runStep(ctx: StrategyContext, hostTasks: Array<[string, Task | undefined]>): Promise<StepOutcome> {
  const { run, play } = ctx
  const outcome: StepOutcome = { results: [], includes: [], anyErrorsFatal: false }
  const queued: Array<{ host: string; task: Task }> = []
  let events: TaskEvents | undefined
  for (const [host, task] of hostTasks) {
    if (!task || (task as unknown as Record<symbol, boolean>)[NOOP_MARK]) continue
    if (!task.isHandler && task.role?.hasRun.has(host) && !task.role.allowDuplicates) continue
    if (isMeta(task)) {
      const r = await executeMeta(ctx, task, host)
      outcome.results.push(r)
      const action = String(task.args._raw_params ?? '')
      const runOnce = !['noop', 'reset_connection', 'end_host', 'role_complete', 'flush_handlers'].includes(action)
      if ((keywordTrue(ctx, task, host, 'any_errors_fatal') || runOnce) && !keywordTrue(ctx, task, host, 'ignore_errors')) {
        outcome.anyErrorsFatal = true
      }
      if (runOnce) break
      continue
    }
    const runOnce = keywordTrue(ctx, task, host, 'run_once') || run.resolveAction(task.action)?.bypassHostLoop === true
    if ((keywordTrue(ctx, task, host, 'any_errors_fatal') || runOnce) && !keywordTrue(ctx, task, host, 'ignore_errors')) {
      outcome.anyErrorsFatal = true
    }
    if (!events) {
      events = new TaskEvents(ctx, task, host)
      await events.start()
    }
    await events.hostStart(host)
    queued.push({ host, task })
    if (runOnce) break
  }
  if (!events) return outcome
  const limit = pLimit(Math.max(1, Math.min(run.options.forks, throttleOf(ctx, queued[0].task, queued[0].host))))
  const ev = events
  const pending = queued.map(({ host, task }) =>
    limit(() =>
      runHostTask({
        run,
        play,
        task,
        host,
        events: { item: (kind, r) => ev.item(host, kind, r), retry: (r) => ev.retry(host, r), emit: (e, r) => ev.emit(e, host, r) },
      }),
    ),
  )
  for (const [i, { host, task }] of queued.entries()) {
    const result = await pending[i]
    const processed = await processResult(ctx, ev, task, host, result)
    outcome.results.push(processed)
    if (processed.include) outcome.includes.push(processed)
  }
  return outcome
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
function throttleOf(ctx: StrategyContext, task: Task, host: string): number {
  const raw = inheritedKeyword(task, 'throttle')
  if (raw === undefined || raw === null) return Infinity
  const v = Number(typeof raw === 'string' ? ctx.run.templar.template(raw, ctx.run.templar.scope(ctx.run.vars.taskSource(ctx.play, host, task))) : raw)
  return v > 0 ? v : Infinity
}

/** A boolean task keyword (inherited), templated with the host's task variables. */
export function keywordTrue(ctx: StrategyContext, task: Task, host: string, key: string): boolean {
  const raw = inheritedKeyword(task, key) ?? (key === 'any_errors_fatal' ? ctx.play.play.keywords.any_errors_fatal : undefined)
  if (raw === undefined || raw === null) return key === 'any_errors_fatal' ? ctx.run.config.get<boolean>('ANY_ERRORS_FATAL') : false
  if (typeof raw === 'boolean') return raw
  const scope = ctx.run.templar.scope(ctx.run.vars.taskSource(ctx.play, host, task))
  const v = ctx.run.templar.template(raw, scope)
  if (isUndefined(v)) return false
  if (typeof v === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(v.toLowerCase())
  return pyTruthy(v)
}
