/**
 * A task's effective keywords: what applies to it once FieldAttribute inheritance has run
 * along task → blocks → import/include → role entry → play (src/playbook/inherited.ts).
 * Read once per task and shared by every host; values stay raw (they may be templates),
 * templated per host by KeywordValues (keyword-values.ts).
 */
import { inheritedEnvironment, inheritedKeyword, inheritedTags, inheritedWhen } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'

export interface TaskKeywords {
  // The nearest value set along the chain (undefined: set nowhere).
  readonly anyErrorsFatal?: unknown
  readonly become?: unknown
  readonly becomeFlags?: unknown
  readonly becomeMethod?: unknown
  readonly becomeUser?: unknown
  readonly checkMode?: unknown
  readonly delegateFacts?: unknown
  readonly delegateTo?: unknown
  readonly diff?: unknown
  readonly ignoreErrors?: unknown
  readonly ignoreUnreachable?: unknown
  readonly noLog?: unknown
  readonly runOnce?: unknown
  readonly throttle?: unknown
  // Accumulated along the chain, outermost first.
  readonly when: readonly unknown[]
  readonly environment: readonly unknown[]
  readonly tags: readonly unknown[]
  // The task's own (keywords blocks and roles do not have).
  readonly register?: string
  readonly notify?: unknown
  readonly loop?: unknown
  /** `with_items` → `items`; undefined for `loop:` or no loop. */
  readonly loopWith?: string
  readonly loopControl?: unknown
  readonly until?: unknown
  readonly retries?: unknown
  readonly delay?: unknown
  readonly changedWhen?: unknown
  readonly failedWhen?: unknown
}

/** The inherited single-valued keywords, by their name in a playbook. */
const INHERITED = {
  anyErrorsFatal: 'any_errors_fatal',
  become: 'become',
  becomeFlags: 'become_flags',
  becomeMethod: 'become_method',
  becomeUser: 'become_user',
  checkMode: 'check_mode',
  delegateFacts: 'delegate_facts',
  delegateTo: 'delegate_to',
  diff: 'diff',
  ignoreErrors: 'ignore_errors',
  ignoreUnreachable: 'ignore_unreachable',
  noLog: 'no_log',
  runOnce: 'run_once',
  throttle: 'throttle',
} as const satisfies Partial<Record<keyof TaskKeywords, string>>

/** The task-only keywords, by their name in a playbook. */
const OWN = {
  notify: 'notify',
  loop: 'loop',
  loopControl: 'loop_control',
  until: 'until',
  retries: 'retries',
  delay: 'delay',
  changedWhen: 'changed_when',
  failedWhen: 'failed_when',
} as const satisfies Partial<Record<keyof TaskKeywords, string>>

const records = new WeakMap<Task, TaskKeywords>()

/** The task's effective keywords, computed on first use and kept for the task's lifetime. */
export function taskKeywords(task: Task): TaskKeywords {
  let k = records.get(task)
  if (!k) {
    k = readKeywords(task)
    records.set(task, k)
  }
  return k
}

function readKeywords(task: Task): TaskKeywords {
  const out: TaskKeywords = { when: inheritedWhen(task), environment: inheritedEnvironment(task), tags: inheritedTags(task) }
  const set = out as unknown as Record<string, unknown>
  for (const [field, name] of Object.entries(INHERITED)) {
    const v = inheritedKeyword(task, name)
    if (v !== undefined) set[field] = v
  }
  for (const [field, name] of Object.entries(OWN)) {
    const v = task.keywords[name]
    if (v !== undefined) set[field] = v
  }
  const register = task.keywords.register
  if (typeof register === 'string') set.register = register
  if (task.loopWith !== undefined) set.loopWith = task.loopWith
  return Object.freeze(out)
}
