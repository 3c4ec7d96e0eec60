/**
 * The free strategy: each host runs through the play at its own pace; a slow host holds
 * no other back. Up to `forks` tasks run at once across hosts. The task banner is sent
 * whenever a host starts a task, as Ansible's free strategy does.
 */
import { UserInterrupted } from '../errors/errors.js'
import pLimit from 'p-limit'
import { shortActionName } from '../playbook/keywords.js'
import { HostTask } from './host-task.js'
import { processIncludes } from './includes.js'
import { executeMeta } from './meta.js'
import { processResult } from './process-result.js'
import { TaskEvents } from './task-events.js'
import { runHostTask } from './task-executor.js'
import { RUN_FAILED_HOSTS, RUN_OK, RUN_UNREACHABLE_HOSTS, type StrategyContext } from './types.js'

export async function runFree(ctx: StrategyContext): Promise<number> {
  const { run, iterator } = ctx
  const limit = pLimit(Math.max(1, run.options.forks))
  const hostLoop = async (host: string) => {
    for (;;) {
      if (run.interrupt?.aborted) throw new UserInterrupted()
      if (run.unreachableHosts.has(host)) return
      const [, task] = iterator.nextTask(host)
      if (!task) return
      if (!task.isHandler && task.role?.hasRun.has(host) && !task.role.allowDuplicates) continue
      const on = new HostTask(run, ctx.play, task, host)
      if (shortActionName(task.action) === 'meta') await executeMeta(ctx, on)
      else await runOne(ctx, on, limit)
    }
  }
  await Promise.all(ctx.hosts.map(hostLoop))
  if (ctx.hosts.some((h) => run.unreachableHosts.has(h))) return RUN_UNREACHABLE_HOSTS
  if (ctx.hosts.some((h) => iterator.isFailed(h))) return RUN_FAILED_HOSTS
  return RUN_OK
}

/** One task on one host, its result processed; any_errors_fatal fails the whole batch. */
async function runOne(ctx: StrategyContext, on: HostTask, limit: ReturnType<typeof pLimit>): Promise<void> {
  const { run, iterator } = ctx
  const { host } = on
  const events = new TaskEvents(on)
  await events.start()
  await events.hostStart(host)
  const result = await limit(() => runHostTask(on, { item: (kind, r) => events.item(host, kind, r), retry: (r) => events.retry(host, r) }))
  const processed = await processResult(ctx, events, on, result)
  if (processed.include) await processIncludes(ctx, [processed], [host])
  if (processed.failed && on.anyErrorsFatal() && iterator.isFailed(host)) {
    for (const h of ctx.hosts) {
      ctx.failed.add(h)
      run.failedHosts.add(h)
      iterator.markFailed(h)
    }
  }
}
