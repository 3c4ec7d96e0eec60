/**
 * The callback events of one task step: the task start (name templated with the first
 * host's variables, undefined names left as written), per-host starts, per-item and
 * retry events, and the final per-host result events. Every result a callback sees is
 * the clean copy (cleanTaskResult), made once per event.
 */
import type { CallbackEvent, CallbackEvents, CallbackResult, CallbackTask } from '../plugin-api/callback.js'
import { isUndefined } from '../py/undefined.js'
import { pyStr, pyTruthy } from '../py/values.js'
import { cleanTaskResult } from '../output/clean-result.js'
import { displayName, taskInfo } from './events.js'
import type { HostTask } from './host-task.js'
import type { Result } from './types.js'

/** Events whose payload starts with a task result. */
type ResultEvent = { [E in CallbackEvent]: CallbackEvents[E] extends [CallbackResult, ...unknown[]] ? E : never }[CallbackEvent]
/** What such an event carries after the result. */
type AfterResult<E extends ResultEvent> = CallbackEvents[E] extends [CallbackResult, ...infer Rest] ? Rest : never

export class TaskEvents {
  readonly info: CallbackTask
  /** The templated `name` without the role prefix (TaskResult.task_name). */
  private readonly taskName: string
  private readonly first: HostTask

  /** The task as the first host running it in this step sees it. */
  constructor(first: HostTask) {
    this.first = first
    const { run, task } = first
    const values = first.values
    let name = task.name
    if (name !== undefined && run.templar.isTemplate(name)) {
      const v = lenient(first, name)
      name = isUndefined(v) ? name : pyStr(v)
    }
    const delegate = first.keywords.delegateTo
    const full = displayName(task, name)
    this.taskName = name ?? full
    this.info = taskInfo(task, full, {
      noLog: values.shownFlag('noLog') ?? false,
      checkMode: values.shownFlag('checkMode'),
      diff: values.shownFlag('diff'),
      delegateTo: delegate === undefined ? null : pyStr(values.shown('delegateTo')),
      ignoreUnreachable: values.shownFlag('ignoreUnreachable'),
    })
  }

  get task() {
    return this.first.task
  }

  /** Whether the task's diff should be shown (--diff or the task's `diff:`). */
  get showDiff(): boolean {
    return this.info.diff ?? this.first.run.options.diff
  }

  async start(): Promise<void> {
    if (this.task.isHandler) await this.first.run.emitter.emit('onHandlerTaskStart', this.info)
    else await this.first.run.emitter.emit('onTaskStart', this.info, false)
  }

  async hostStart(host: string): Promise<void> {
    await this.first.run.emitter.emit('onRunnerStart', host, this.info)
  }

  resultInfo(host: string, raw: Result): CallbackResult {
    const noLog = pyTruthy(this.info.noLog) || raw._ansible_no_log === true
    return { host, task: this.info, taskName: this.taskName, result: cleanTaskResult(raw, { action: this.task.action, noLog }) }
  }

  async item(host: string, kind: 'ok' | 'failed' | 'skipped', result: Result): Promise<void> {
    const name = kind === 'ok' ? 'onRunnerItemOk' : kind === 'failed' ? 'onRunnerItemFailed' : 'onRunnerItemSkipped'
    if (kind === 'ok' && result.diff !== undefined && this.showDiff) await this.emit('onFileDiff', host, result)
    await this.emit(name, host, result)
  }

  async retry(host: string, result: Result): Promise<void> {
    await this.emit('onRunnerRetry', host, result)
  }

  async emit<E extends ResultEvent>(event: E, host: string, result: Result, ...rest: AfterResult<E>): Promise<void> {
    const payload = [this.resultInfo(host, result), ...rest] as unknown as CallbackEvents[E]
    await this.first.run.emitter.emit(event, ...payload)
  }
}

/** A value templated for display: undefined names left as written, errors give the value back. */
function lenient(on: HostTask, v: unknown): unknown {
  try {
    return on.run.templar.template(v, on.scope, { failOnUndefined: false })
  } catch {
    return v
  }
}
