/**
 * Under check mode, the paths each host's tasks would have changed: a changed result's
 * `dest` or `path`, else the task's own `dest` or `path` argument (a template in check mode
 * returns neither, as Ansible's does). A later check-mode
 * task reads them to say what a real run would find, e.g. kolla_docker's compare_container,
 * whose container config check sees the config files a real run has rewritten by then.
 * Kept per run (a WeakMap on the run's context), in the order the tasks ran.
 */
import type { RunContext } from './run-context.js'
import type { Result } from './types.js'

const WRITES = new WeakMap<RunContext, Map<string, string[]>>()

/** Records the path a check-mode result would have changed on `host`; returns the result. */
export function recordCheckWrite(run: RunContext, host: string, check: boolean, args: Record<string, unknown>, result: Result): Result {
  if (!check || result.changed !== true) return result
  for (const path of [result.dest, result.path, args.dest, args.path]) {
    if (typeof path !== 'string' || !path) continue
    let hosts = WRITES.get(run)
    if (!hosts) WRITES.set(run, (hosts = new Map()))
    const paths = hosts.get(host) ?? []
    if (!paths.includes(path)) paths.push(path)
    hosts.set(host, paths)
    break
  }
  return result
}

/** The paths check-mode tasks of this run would have changed on `host` so far. */
export function checkWritesOf(run: RunContext, host: string): readonly string[] {
  return WRITES.get(run)?.get(host) ?? []
}
