/**
 * The callback events of one task step: the task start (name templated with the first
 * host's variables, undefined names left as written), per-item and retry events, and the
 * final per-host result events.
 */
import { inheritedKeyword } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'
import { isUndefined } from '../py/undefined.js'
import { pyStr, pyTruthy } from '../py/values.js'
import { displayName, taskInfo, type ResultInfo, type TaskInfo } from './events.js'
import type { Result } from './execute-once.js'
import type { StrategyContext } from './strategy-linear.js'

export class TaskEvents {
  readonly info: TaskInfo

  constructor(
    private readonly ctx: StrategyContext,
    readonly task: Task,
    firstHost: string,
  ) {
    const { run, play } = ctx
    const scope = run.templar.scope(run.vars.taskSource(play, firstHost, task))
    let name = task.name
    if (name !== undefined && run.templar.isTemplate(name)) {
      try {
        const v = run.templar.template(name, scope, { failOnUndefined: false })
        name = isUndefined(v) ? '' : pyStr(v)
      } catch {
        // Ansible shows the raw name when templating it fails
      }
    }
    const flag = (key: string, fallback: boolean) => {
      const v = inheritedKeyword(task, key)
      if (v === undefined) return fallback
      try {
        const t = run.templar.template(v, scope)
        return typeof t === 'string' ? ['yes', 'true', 'on', '1'].includes(t.toLowerCase()) : pyTruthy(t)
      } catch {
        return fallback
      }
    }
    this.info = taskInfo(task, displayName(task, name), {
      noLog: flag('no_log', false),
      checkMode: flag('check_mode', run.options.check),
      diff: flag('diff', run.options.diff),
    })
  }

  async start(): Promise<void> {
    await this.ctx.run.emitter.emit(this.task.isHandler ? 'onHandlerTaskStart' : 'onTaskStart', this.info)
  }

  resultInfo(host: string, result: Result): ResultInfo {
    return { host, task: this.info, result }
  }

  async item(host: string, kind: 'ok' | 'failed' | 'skipped', result: Result): Promise<void> {
    const name = kind === 'ok' ? 'onRunnerItemOk' : kind === 'failed' ? 'onRunnerItemFailed' : 'onRunnerItemSkipped'
    if (kind === 'ok' && result.diff !== undefined && this.info.diff) await this.emit('onFileDiff', host, result)
    await this.emit(name, host, result)
  }

  async retry(host: string, result: Result): Promise<void> {
    await this.emit('onRunnerRetry', host, result)
  }

  async emit(event: string, host: string, result: Result, ...rest: unknown[]): Promise<void> {
    await this.ctx.run.emitter.emit(event, this.resultInfo(host, result), ...rest)
  }
}
