/**
 * The types the executor's parts share: what a strategy runs a batch with, what one
 * execution of a task gets, and what a processed result looks like. Kept apart from
 * the code so that no part imports another only for its types.
 */
import type { BecomeOptions } from '../connection/types.js'
import type { Task } from '../playbook/model.js'
import type { TemplateScope } from '../template/types.js'
import type { PlayContext } from '../vars/variable-manager.js'
import type { HostTask } from './host-task.js'
import type { KeywordValues } from './keyword-values.js'
import type { PlayIterator } from './play-iterator.js'
import type { RunContext } from './run-context.js'
import type { TagSelection } from './tags.js'

/** The result codes of a batch (TaskQueueManager.RUN_*), combined as bits. */
export const RUN_OK = 0
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

/** A task result as modules, actions and the executor build it (Ansible's result dict). */
export type Result = Record<string, unknown>

/** Where a task run sends its per-item and retry events. */
export interface TaskEventSink {
  item(kind: 'ok' | 'failed' | 'skipped', result: Result): Promise<void>
  retry(result: Result): Promise<void>
}

/** One execution of a task on a host, for one loop item or none. */
export interface ExecuteRequest {
  run: RunContext
  task: Task
  host: string
  /** The task × host scope, or a loop item's child of it. */
  scope: TemplateScope
  /** The task's keywords templated with `scope`. */
  keywords: KeywordValues
  searchPath: readonly string[]
  /** Called before each retry (`FAILED - RETRYING` lines). */
  onRetry(result: Result): Promise<void>
}

/** A task's action or module about to run, its arguments and run settings worked out. */
export interface Invocation {
  req: ExecuteRequest
  action: string
  args: Record<string, unknown>
  rawArgs: Record<string, unknown>
  check: boolean
  diff: boolean
  noLog: boolean
  become: BecomeOptions | undefined
  environment: Record<string, string>
  /** The host whose connection runs the module (delegate_to, else the task's host). */
  targetHost: string
  searchPath: readonly string[]
  findFile(name: string, kind: string): string | null
}

/** A result after the strategy has processed it (stats, handlers, facts, register). */
export interface ProcessedResult {
  host: string
  task: Task
  /** The task on its host, as it ran. */
  on: HostTask
  result: Result
  failed: boolean
  unreachable: boolean
  skipped: boolean
  meta?: boolean
  include?: boolean
}
