/**
 * `--detailed-exitcode`: the exit status tells CI what a run (or a dry run's plan) holds,
 * in the manner of `terraform plan -detailed-exitcode`:
 *
 *   0  the run went through and nothing changed (an empty plan)
 *   2  the run went through and something changed (or would change, with --check)
 *   1  some host failed (ansible-playbook's 2 for failed hosts becomes 1, since 2 means changes)
 *   other: ansible-playbook's own code when it is not 0 or 2 (4 unreachable or parse error,
 *   5 bad options, 99 interrupted, 250 unexpected error)
 */
import type { HostStats } from '../plugin-api/callback.js'

export const DETAILED_EXIT = { EMPTY: 0, FAILED: 1, CHANGES: 2 } as const

/** The ansible-playbook exit code `rc` and the recap's counters, as a detailed exit code. */
export function detailedExitCode(rc: number, stats: Record<string, HostStats>): number {
  if (rc === 2) return DETAILED_EXIT.FAILED
  if (rc !== 0) return rc
  return Object.values(stats).some((s) => s.changed > 0) ? DETAILED_EXIT.CHANGES : DETAILED_EXIT.EMPTY
}
