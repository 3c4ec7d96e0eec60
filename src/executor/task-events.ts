/**
 * The callback events of one task step: the task start (name templated with the first
 * host's variables, undefined names left as written), per-host starts, per-item and
 * retry events, and the final per-host result events. Every result a callback sees is
 * the clean copy (cleanTaskResult), made once per event.
 */
import { inheritedKeyword } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'
import type { CallbackResult, CallbackTask } from '../plugin-api/callback.js'
import { isUndefined } from '../py/undefined.js'
import { pyStr, pyTruthy } from '../py/values.js'
import { cleanTaskResult } from '../output/clean-result.js'
import { displayName, taskInfo } from './events.js'
import type { Result } from './execute-once.js'
import type { StrategyContext } from './strategy-linear.js'
import { boolean } from '../py/boolean.js'

export class TaskEvents {
  readonly info: CallbackTask
  /** The templated `name` without the role prefix (TaskResult.task_name). */
  private readonly taskName: string

  constructor(
    private readonly ctx: StrategyContext,
    readonly task: Task,
    firstHost: string,
  ) {
    const { run, play } = ctx
    const scope = run.templar.scope(run.vars.taskSource(play, firstHost, task))
    const template = (v: unknown): unknown => {
      try {
        return run.templar.template(v, scope, { failOnUndefined: false })
      } catch {
        return v
      }
    }
    let name = task.name
    if (name !== undefined && run.templar.isTemplate(name)) {
      const v = template(name)
      name = isUndefined(v) ? name : pyStr(v)
    }
    const flag = (key: string): boolean | null => {
      const v = inheritedKeyword(task, key)
      if (v === undefined) return null
      const t = template(v)
      return typeof t === 'string' ? boolean(t, false) : pyTruthy(t)
    }
    const delegate = inheritedKeyword(task, 'delegate_to')
    const full = displayName(task, name)
    this.taskName = name ?? full
    this.info = taskInfo(task, full, {
      noLog: flag('no_log') ?? false,
      checkMode: flag('check_mode'),
      diff: flag('diff'),
      delegateTo: delegate === undefined ? null : pyStr(template(delegate)),
      ignoreUnreachable: flag('ignore_unreachable'),
    })
  }

  /** Whether the task's diff should be shown (--diff or the task's `diff:`). */
  get showDiff(): boolean {
    return this.info.diff ?? this.ctx.run.options.diff
  }

  async start(): Promise<void> {
    if (this.task.isHandler) await this.ctx.run.emitter.emit('onHandlerTaskStart', this.info)
    else await this.ctx.run.emitter.emit('onTaskStart', this.info, false)
  }

  async hostStart(host: string): Promise<void> {
    await this.ctx.run.emitter.emit('onRunnerStart', host, this.info)
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

  async emit(event: string, host: string, result: Result, ...rest: unknown[]): Promise<void> {
    await this.ctx.run.emitter.emit(event, this.resultInfo(host, result), ...rest)
  }
}
