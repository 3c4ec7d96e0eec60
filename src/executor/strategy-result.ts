/**
 * What a strategy returns when it has run the batch (StrategyBase.run): its own result
 * when that is not OK, else UNREACHABLE when any host of the run has been unreachable, else
 * FAILED when any host has failed, in this batch or earlier (Ansible marks the run's failed
 * hosts failed in every new play's iterator, whether the play names them or not).
 */
import { RUN_FAILED_HOSTS, RUN_OK, RUN_UNREACHABLE_HOSTS, type StrategyContext } from './types.js'

export function strategyResult(ctx: StrategyContext, result: number): number {
  const { run, iterator, hosts } = ctx
  if (result !== RUN_OK) return result
  if (run.unreachableHosts.size > 0) return RUN_UNREACHABLE_HOSTS
  if (hosts.some((h) => iterator.isFailed(h)) || [...run.failedHosts].some((h) => !hosts.includes(h))) return RUN_FAILED_HOSTS
  return RUN_OK
}
