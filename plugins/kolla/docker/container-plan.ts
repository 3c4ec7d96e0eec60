/**
 * The container plan: what a kolla_docker task does (or, in check mode, would do) to its
 * container, and why. It is part of the task's result under `container_plan` (in check
 * mode always, otherwise when the task changed something) and is shown as a diff under
 * `--diff`. Its shape is stable; other tools (reports) read it with `readContainerPlan`
 * (the types below say what each field holds):
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
 * In check mode the handlers a changed task notifies run too, so a restart or recreate a
 * handler would do has its own plan (e.g. `recreate_or_restart_container`).
 */
import { isDict, type FileDiff } from '../../../src/plugin-kit.js'

/** The result key under which a kolla_docker task reports its plan. */
export const CONTAINER_PLAN_KEY = 'container_plan'

/**
 * One step of a plan, in the order a run executes them:
 * - `pull_image`: the image is not on the host (or the action pulls it);
 * - `stop_container`: stopped through its systemd unit (or the engine without systemd);
 * - `remove_unit`: kolla's `kolla-<name>-container.service` disabled and deleted;
 * - `remove_container`, `create_container`: the engine's container goes, or is made from
 *   the task's arguments (the request docker-py would send);
 * - `write_unit`: the unit file written (new, or its text differs) and systemd reloaded;
 * - `start_container`, `restart_container`: through the unit (or the engine);
 * - `wait_container`: a oneshot container without `detach` is waited for;
 * - `create_volume`, `remove_volume`, `remove_image`: the engine's volume or image.
 */
export type PlanStep = (typeof STEPS)[number]
const STEPS = [
  'pull_image',
  'stop_container',
  'remove_unit',
  'remove_container',
  'create_container',
  'write_unit',
  'start_container',
  'restart_container',
  'wait_container',
  'create_volume',
  'remove_volume',
  'remove_image',
] as const

/**
 * What the plan amounts to for the container, from its steps: `create` (none existed),
 * `recreate` (removed and created again: `differences` says why), `restart` (same
 * container, e.g. COPY_ALWAYS config or a handler), `start` (it existed, stopped),
 * `stop`, `remove`, `pull`, `create_volume`, `remove_volume`, `remove_image`, or `none`
 * (nothing to do: the container is as the task asks).
 */
export type PlanOperation = (typeof OPERATIONS)[number]
const OPERATIONS = ['create', 'recreate', 'restart', 'start', 'stop', 'remove', 'pull', 'create_volume', 'remove_volume', 'remove_image', 'none'] as const

/**
 * Why a container would be recreated or restarted: one of kolla's comparison rules that
 * differs. `attribute` is the rule's name, in kolla's order of comparison: `cap_add`,
 * `security_opt`, `image`, `ipc_mode`, `labels`, `privileged`, `pid_mode`,
 * `cgroupns_mode`, `tmpfs`, `volumes` or `binds`, `volumes_from`, `environment.<NAME>`,
 * `state`, `dimensions.<key>`, `command`, `healthcheck`; then tsible's own: `config`
 * (kolla_set_configs --check in the container found changed files), `unit` (kolla's systemd
 * unit is missing or has other text), `restart_policy` (hosts without systemd: the
 * engine's policy differs), `container` (compare_container of a missing container),
 * `config_strategy` (recreate_or_restart_container with COPY_ONCE always recreates).
 * `current` is what the container has (as `docker inspect` shows it, or a short text),
 * `wanted` what the task asks for.
 */
export interface Difference {
  attribute: string
  /** The container's value, as its inspect shows it (or a short description). */
  current: unknown
  /** What the task asks for. */
  wanted: unknown
}

/** A kolla_docker task's plan, as its result holds it under `container_plan`. */
export interface ContainerPlan {
  /** The task's kolla_docker action (`start_container`, `recreate_or_restart_container`...). */
  action: string
  /** The container's (or volume's) name; null for the image actions. */
  name: string | null
  /** The task's image, or null. */
  image: string | null
  operation: PlanOperation
  /** What a run does (did) in order; empty for `none`. */
  steps: PlanStep[]
  /** kolla's comparison rules that differ, in kolla's order; empty when none was run or none differs. */
  differences: Difference[]
  /** True under `--check`: nothing was done, this is what a run would do. */
  check_mode: boolean
}

/**
 * The plan in a task's result (a module result, or one host's result in the json
 * callback's output), or null when the result has none (not a kolla_docker task, or a run
 * that changed nothing). Throws when `container_plan` is there but not of this shape.
 */
export function readContainerPlan(result: unknown): ContainerPlan | null {
  if (!isDict(result) || !(CONTAINER_PLAN_KEY in result)) return null
  const p = result[CONTAINER_PLAN_KEY]
  const bad = (): TypeError => new TypeError(`${CONTAINER_PLAN_KEY} is not a container plan: ${JSON.stringify(p)}`)
  if (!isDict(p) || typeof p.action !== 'string' || typeof p.check_mode !== 'boolean') throw bad()
  const { name, image, operation, steps, differences } = p
  const nameOk = name === null || typeof name === 'string'
  const imageOk = image === null || typeof image === 'string'
  const operationOk = OPERATIONS.find((o) => o === operation)
  const stepsOk = Array.isArray(steps) ? steps.map((x) => STEPS.find((s) => s === x)) : []
  const differencesOk = Array.isArray(differences) ? differences.filter((d) => isDict(d) && typeof d.attribute === 'string') : []
  if (!nameOk || !imageOk || !operationOk || !Array.isArray(steps) || stepsOk.includes(undefined) || !Array.isArray(differences) || differencesOk.length !== differences.length)
    throw bad()
  return {
    action: p.action,
    name,
    image,
    operation: operationOk,
    steps: stepsOk.filter((x) => x !== undefined),
    differences: differencesOk.map((d) => ({ attribute: String(d.attribute), current: d.current, wanted: d.wanted })),
    check_mode: p.check_mode,
  }
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

  operation(): PlanOperation {
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
