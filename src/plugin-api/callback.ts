/**
 * The callback API: what the bundled output plugins (`plugins/callback/`) and users' own
 * callbacks are written against. It mirrors Ansible 2.14's CallbackBase one to one:
 * each hook is a `v2_*` method renamed (see `ANSIBLE_EVENTS`), every hook is optional and
 * may return a promise (the executor awaits it before the next event).
 *
 * Event order (what the executor must emit, as ansible-core's linear strategy does):
 *
 * ```text
 * onPlaybookStart(playbook)                         once per playbook file
 *   for each play (and again for each serial batch):
 *     onPlayStart(play)
 *     onNoHostsMatched()                            instead of tasks, when the pattern matches nothing
 *     for each task, on the hosts still running it:
 *       onTaskStart(task, false) | onHandlerTaskStart(handler)
 *                                                   templated name; not for implicit tasks
 *                                                   (implicit flush_handlers, role_complete...)
 *       onRunnerStart(host, task)                   per host, when its run is queued
 *       ...per host, in the order results arrive:
 *         onRunnerRetry(result)                     per failed `until` attempt that will retry
 *         onRunnerItemOk | ItemFailed | ItemSkipped per loop item (onFileDiff(result) just before
 *                                                   an item's ok when it has a diff and diff mode is on)
 *         onNotify(handler, host)                   per handler newly notified by the final result
 *         onFileDiff(result)                        before onRunnerOk, when the result has `diff`
 *                                                   and --diff or the task's `diff: true`
 *         onRunnerOk | Failed(result, ignoreErrors) | Skipped | Unreachable
 *       onInclude(includedFile)                     after all results, per file included by the task
 *     onNoHostsRemaining()                          when the play ends early (any_errors_fatal,
 *                                                   max_fail_percentage), not when all hosts just failed
 *   onStats(stats)                                  once per playbook, after its last play
 * ```
 *
 * The `result` of every event is the *clean copy* of the task result (see
 * `cleanTaskResult` in src/output/clean-result.ts): `failed`/`skipped` removed (the event
 * says it), `_ansible_*` keys removed except `_ansible_no_log`, `_ansible_item_label`,
 * `_ansible_verbose_always` and `_ansible_verbose_override`, and a no_log result replaced
 * by `{censored: ...}`. One object is shared by all callbacks: treat it as read-only.
 *
 * Warnings and deprecations are printed by the run's `Display`, not by callbacks (as in
 * Ansible, whatever the stdout callback); `onWarning`/`onDeprecation` tell the others.
 */
import type { Deprecation, Display } from '../output/display.js'

export type Awaitable<T> = T | Promise<T>

/** A playbook file (Ansible's Playbook: `_file_name`, `_basedir`). */
export interface CallbackPlaybook {
  /** As given on the command line. */
  file: string
  basedir: string
}

export interface CallbackPlay {
  id: string
  /** `get_name()`: the `name`, or the hosts pattern (a list joined with `,`) when it has none. */
  name: string
  /** `file:line` of the play. */
  path: string
  hosts: string[] | string
  checkMode: boolean
  /** `linear`, `free`, `host_pinned`, `debug`... */
  strategy: string
}

export interface CallbackTask {
  id: string
  /** `get_name()`: `role : name`, or the action as written for an unnamed task. */
  name: string
  /** The action as written (`debug`, `ansible.builtin.copy`). */
  action: string
  /** `file:line`, or '' for implicit tasks. */
  path: string
  isHandler: boolean
  /** include_tasks / include_role / include (Ansible's TaskInclude): results print no status line. */
  isInclude: boolean
  /** Tasks the engine adds (implicit flush_handlers...): callbacks see them only with `wantsImplicitTasks`. */
  implicit: boolean
  /** `no_log` as templated for the result; at task start, truthy when set at all. */
  noLog: boolean | string
  checkMode: boolean | null
  diff: boolean | null
  /** The task has `loop` or `with_*`. */
  loop: boolean
  /** The templated `delegate_to`, if any. */
  delegateTo: string | null
  ignoreUnreachable: boolean | null
  /** The task's arguments as written (shown in banners with DISPLAY_ARGS_TO_STDOUT). */
  args: Record<string, unknown>
}

/** A task's result for one host (Ansible's TaskResult, clean copy). */
export interface CallbackResult {
  host: string
  task: CallbackTask
  /** TaskResult.task_name: the templated `name` (no role prefix), else `task.name`. */
  taskName: string
  /** The result dict, as Ansible's `TaskResult._result` holds it after clean_copy. */
  result: Record<string, unknown>
}

/** A file an include task included for some hosts (Ansible's IncludedFile). */
export interface CallbackIncludedFile {
  file: string
  /** In the order their results arrived. */
  hosts: string[]
  /** The item vars (`item`, `ansible_loop_var`, `_ansible_item_label`...) when the include looped. */
  vars: Record<string, unknown>
  task: CallbackTask
}

/** Per-host counters (AggregateStats.summarize). */
export interface HostStats {
  ok: number
  changed: number
  unreachable: number
  failures: number
  skipped: number
  rescued: number
  ignored: number
}

export interface CallbackStats {
  /** Every host counted in the run (AggregateStats.processed). */
  processed: Record<string, HostStats>
  /** set_stats data per host; `_run` holds the data set with `per_host: false`. */
  custom: Record<string, Record<string, unknown>>
}

export interface CallbackVarsPrompt {
  name: string
  private: boolean
  prompt?: string
  encrypt?: string
  confirm: boolean
  saltSize?: number
  salt?: string
  default?: string
  unsafe?: boolean
}

/** A callback: an object whose hooks are all optional (Vitest's Reporter shape). */
export interface CallbackPlugin {
  /** Receive events for implicit tasks too (Ansible's wants_implicit_tasks). */
  readonly wantsImplicitTasks?: boolean

  onPlaybookStart?(playbook: CallbackPlaybook): Awaitable<void>
  onPlayStart?(play: CallbackPlay): Awaitable<void>
  onNoHostsMatched?(): Awaitable<void>
  onNoHostsRemaining?(): Awaitable<void>
  onTaskStart?(task: CallbackTask, isConditional: boolean): Awaitable<void>
  onHandlerTaskStart?(task: CallbackTask): Awaitable<void>
  onCleanupTaskStart?(task: CallbackTask): Awaitable<void>
  onRunnerStart?(host: string, task: CallbackTask): Awaitable<void>
  onRunnerOk?(result: CallbackResult): Awaitable<void>
  onRunnerFailed?(result: CallbackResult, ignoreErrors: boolean): Awaitable<void>
  onRunnerSkipped?(result: CallbackResult): Awaitable<void>
  onRunnerUnreachable?(result: CallbackResult): Awaitable<void>
  onRunnerItemOk?(result: CallbackResult): Awaitable<void>
  onRunnerItemFailed?(result: CallbackResult): Awaitable<void>
  onRunnerItemSkipped?(result: CallbackResult): Awaitable<void>
  onRunnerRetry?(result: CallbackResult): Awaitable<void>
  onRunnerAsyncPoll?(result: CallbackResult): Awaitable<void>
  onRunnerAsyncOk?(result: CallbackResult): Awaitable<void>
  onRunnerAsyncFailed?(result: CallbackResult): Awaitable<void>
  onFileDiff?(result: CallbackResult): Awaitable<void>
  onInclude?(included: CallbackIncludedFile): Awaitable<void>
  onNotify?(handler: CallbackTask, host: string): Awaitable<void>
  onVarsPrompt?(prompt: CallbackVarsPrompt): Awaitable<void>
  onStats?(stats: CallbackStats): Awaitable<void>
  /** The run printed a warning (notification only: Display has shown it). */
  onWarning?(msg: string): Awaitable<void>
  onDeprecation?(deprecation: Deprecation): Awaitable<void>
}

/** The name of every hook of CallbackPlugin: the events the executor can emit. */
export type CallbackEvent = {
  [K in keyof CallbackPlugin]-?: NonNullable<CallbackPlugin[K]> extends (...args: never[]) => unknown ? K : never
}[keyof CallbackPlugin]

/** Each event's payload: the arguments its hook receives (a wrong name or payload does not compile). */
export type CallbackEvents = { [K in CallbackEvent]: Parameters<NonNullable<CallbackPlugin[K]>> }

/** Run-wide settings callbacks read (Ansible's constants and CLI args they consult). */
export interface CallbackSettings {
  /** `--check` was given (CLIARGS['check']). */
  check: boolean
  /** DIFF_CONTEXT. */
  diffContext: number
  /** ACTION_WARNINGS: show the warnings and deprecations in results. */
  actionWarnings: boolean
  /** DISPLAY_ARGS_TO_STDOUT. */
  displayArgsToStdout: boolean
  /**
   * The command line as -vvvv prints it: positional arguments, then each option that is
   * set, in Ansible's CLIARGS order, with its value as Python's str() shows it
   * (`inventory: ('inventory',)`, `forks: 1`).
   */
  cliArgs?: { args: string[]; options: [string, string][] }
}

export const DEFAULT_CALLBACK_SETTINGS: Readonly<CallbackSettings> = {
  check: false,
  diffContext: 3,
  actionWarnings: true,
  displayArgsToStdout: false,
}

/** One option of a callback, with where ansible.cfg and the environment set it. */
export interface CallbackOptionSpec {
  type: 'bool' | 'int' | 'str'
  default: unknown
  env?: string[]
  /** `[section, key]` pairs. */
  ini?: [string, string][]
  choices?: string[]
}

export interface CallbackContext<Options> {
  display: Display
  /** The callback's options, keyed by Ansible's option names (`display_skipped_hosts`...). */
  options: Options
  settings: CallbackSettings
  /** The clock for timestamps (the json callback's); tests inject a fixed one. */
  now?: () => Date
}

/**
 * A callback and its option table. Without a type argument, `CallbackDefinition` is a
 * callback of any options, as the engine holds them.
 */
export interface CallbackDefinition<Options extends object = object> {
  /** The name `stdout_callback` / `callbacks_enabled` use. */
  name: string
  /** `stdout` (one per run), `notification` or `aggregate`. */
  type: 'stdout' | 'notification' | 'aggregate'
  /** The option table: the engine resolves each from ansible.cfg, env and defaults. */
  options: { [K in keyof Options]: CallbackOptionSpec }
  create(context: CallbackContext<Options>): CallbackPlugin
}

/** Identity helper that gives a callback definition its types. */
export function defineCallback<Options extends object>(definition: CallbackDefinition<Options>): CallbackDefinition<Options> {
  return definition
}

/** Each hook's Ansible event name (`v2_*`), for readers of Ansible's docs and our fixtures. */
export const ANSIBLE_EVENTS = {
  onPlaybookStart: 'v2_playbook_on_start',
  onPlayStart: 'v2_playbook_on_play_start',
  onNoHostsMatched: 'v2_playbook_on_no_hosts_matched',
  onNoHostsRemaining: 'v2_playbook_on_no_hosts_remaining',
  onTaskStart: 'v2_playbook_on_task_start',
  onHandlerTaskStart: 'v2_playbook_on_handler_task_start',
  onCleanupTaskStart: 'v2_playbook_on_cleanup_task_start',
  onRunnerStart: 'v2_runner_on_start',
  onRunnerOk: 'v2_runner_on_ok',
  onRunnerFailed: 'v2_runner_on_failed',
  onRunnerSkipped: 'v2_runner_on_skipped',
  onRunnerUnreachable: 'v2_runner_on_unreachable',
  onRunnerItemOk: 'v2_runner_item_on_ok',
  onRunnerItemFailed: 'v2_runner_item_on_failed',
  onRunnerItemSkipped: 'v2_runner_item_on_skipped',
  onRunnerRetry: 'v2_runner_retry',
  onRunnerAsyncPoll: 'v2_runner_on_async_poll',
  onRunnerAsyncOk: 'v2_runner_on_async_ok',
  onRunnerAsyncFailed: 'v2_runner_on_async_failed',
  onFileDiff: 'v2_on_file_diff',
  onInclude: 'v2_playbook_on_include',
  onNotify: 'v2_playbook_on_notify',
  onVarsPrompt: 'v2_playbook_on_vars_prompt',
  onStats: 'v2_playbook_on_stats',
} as const satisfies Partial<Record<keyof CallbackPlugin, string>>
