/**
 * Connections opened ahead of need. With `serial`, a batch's hosts would otherwise make
 * their SSH handshakes (key exchange, authentication) only when the batch reaches its first
 * task, one batch after the other, so a rolling play pays a handshake per batch on its
 * critical path. The next batch's connections are opened in the background while the
 * current batch runs; the pool hands them to the batch's first tasks. A connection that
 * fails here is not kept (the pool drops failures): the host's first task connects again
 * and reports the failure as it always does, so nothing of the run's output changes.
 */
import { connectionVarsOf } from './connection-vars.js'
import { taskScope } from './host-task.js'
import type { RunContext } from './run-context.js'
import type { PlayContext } from '../vars/variable-manager.js'

export function warmConnections(run: RunContext, pctx: PlayContext, hosts: readonly string[] | undefined): void {
  for (const host of hosts ?? []) {
    if (run.failedHosts.has(host) || run.unreachableHosts.has(host)) continue
    let vars
    try {
      vars = connectionVarsOf(run, host, taskScope(run, pctx, host, undefined))
    } catch {
      continue // a variable that cannot be read yet: the host's first task says so
    }
    if (vars.connection !== 'ssh') continue
    run.connectionFor(host, vars).catch(() => undefined)
  }
}
