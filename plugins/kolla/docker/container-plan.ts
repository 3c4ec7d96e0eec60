/**
 * The container plan: what a kolla_docker task does (or, in check mode, would do) to its
 * container, and why. It is part of the task's result under `container_plan` (in check
 * mode always, otherwise when the task changed something) and is shown as a diff under
 * `--diff`. Its shape is stable; other tools (reports) read it:
 *
 * ```
 * container_plan:
 *   action: start_container          # the task's kolla_docker action
 *   name: memcached                  # container (or volume) name; null for image actions
 *   image: quay.io/...:2023.1        # the task's image, or null
 *   operation: recreate              # create | recreate | restart | start | stop | remove |
 *                                    # pull | create_volume | remove_volume | remove_image | none
 *   steps: [stop_container, remove_container, create_container, write_unit, start_container]
 *   differences:                     # kolla's comparison rules that differ, in kolla's order
 *     - {attribute: image, current: ..., wanted: ...}
 *   check_mode: true                 # true: nothing was done, this is what a run would do
 * ```
 *
 * Steps are, in order of execution: pull_image, stop_container, remove_unit,
 * remove_container, create_container, write_unit, start_container, restart_container,
 * wait_container, create_volume, remove_volume, remove_image. `differences` also names
 * `config` (kolla_set_configs --check found changed files), `unit` (the systemd unit is
 * missing or has other text) and `restart_policy` (hosts without systemd).
 */
import { type FileDiff } from '../../../src/plugin-kit.js'
import type { Difference } from './container-compare.js'

export type PlanStep =
  | 'pull_image'
  | 'stop_container'
  | 'remove_unit'
  | 'remove_container'
  | 'create_container'
  | 'write_unit'
  | 'start_container'
  | 'restart_container'
  | 'wait_container'
  | 'create_volume'
  | 'remove_volume'
  | 'remove_image'

export interface ContainerPlan {
  action: string
  name: string | null
  image: string | null
  operation: string
  steps: PlanStep[]
  differences: Difference[]
  check_mode: boolean
}

export class PlanRecorder {
  readonly steps: PlanStep[] = []
  readonly differences: Difference[] = []

  step(s: PlanStep): void {
    this.steps.push(s)
  }

  differ(ds: readonly Difference[]): void {
    for (const d of ds) if (!this.differences.some((x) => x.attribute === d.attribute)) this.differences.push(d)
  }

  operation(): string {
    const has = (s: PlanStep): boolean => this.steps.includes(s)
    if (has('create_container')) return has('remove_container') ? 'recreate' : 'create'
    if (has('restart_container')) return 'restart'
    if (has('start_container')) return 'start'
    if (has('remove_container') || has('remove_unit')) return 'remove'
    if (has('stop_container')) return 'stop'
    for (const s of ['pull_image', 'create_volume', 'remove_volume', 'remove_image'] as const) if (has(s)) return s === 'pull_image' ? 'pull' : s
    return 'none'
  }

  plan(action: string, name: string | undefined, image: string | undefined, check: boolean): ContainerPlan {
    return { action, name: name ?? null, image: image ?? null, operation: this.operation(), steps: [...this.steps], differences: [...this.differences], check_mode: check }
  }
}

/** The plan as Ansible's diff: the differing attributes before and after, one per line. */
export function planDiff(plan: ContainerPlan): FileDiff {
  const what = plan.name ?? plan.image ?? ''
  const line = (attribute: string, v: unknown): string => `${attribute}: ${JSON.stringify(v)}\n`
  let before = ''
  let after = ''
  for (const d of plan.differences) {
    before += line(d.attribute, d.current)
    after += line(d.attribute, d.wanted)
  }
  if (plan.operation !== 'none') after += `# ${plan.check_mode ? 'would' : 'did'} ${plan.operation} (${plan.steps.join(', ')})\n`
  return {
    before_header: `${what} (current)`,
    after_header: `${what} (kolla_docker ${plan.action})`,
    before,
    after,
  }
}
