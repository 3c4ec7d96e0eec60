/**
 * `default`: ansible-core 2.14's default stdout callback, byte for byte. Banners, one
 * status line per host and item, `=> {json}` when verbose, diffs, the PLAY RECAP.
 */
import { basename } from 'node:path'
import {
  CallbackOutput,
  cleanDebugResult,
  colorize,
  compareCodePoints,
  defineCallback,
  hostcolor,
  hostLabel,
  itemLabel,
  itemLabelValue,
  pyStr,
  pyTruthy,
  runIsVerbose,
  withInternalFqcns,
  type CallbackContext,
  type CallbackIncludedFile,
  type CallbackPlay,
  type CallbackPlaybook,
  type CallbackPlugin,
  type CallbackResult,
  type CallbackStats,
  type CallbackTask,
} from '../../src/plugin-kit.js'
import { DEFAULT_CALLBACK_OPTIONS, type DefaultCallbackOptions } from './default-options.js'

export { DEFAULT_CALLBACK_OPTIONS, type DefaultCallbackOptions } from './default-options.js'

const FREE_STRATEGIES = withInternalFqcns(['free', 'host_pinned'])

class DefaultCallback implements CallbackPlugin {
  private readonly out: CallbackOutput
  private readonly opts: DefaultCallbackOptions
  private play: CallbackPlay | null = null
  private lastTaskBanner: string | null = null
  private lastTaskName: string | null = null
  private readonly taskTypes = new Map<string, string>()

  constructor(private readonly ctx: CallbackContext<DefaultCallbackOptions>) {
    this.opts = ctx.options
    this.out = new CallbackOutput(ctx.display, ctx.settings, { prettyResults: ctx.options.pretty_results })
  }

  private get display() {
    return this.ctx.display
  }
  private get colors() {
    return this.ctx.display.colors
  }

  onPlaybookStart(playbook: CallbackPlaybook): void {
    if (this.display.verbosity > 1) this.display.banner(`PLAYBOOK: ${basename(playbook.file)}`)
    const cli = this.ctx.settings.cliArgs
    if (this.display.verbosity > 3 && cli) {
      if (cli.args.length) this.display.display(`Positional arguments: ${cli.args.join(' ')}`, { color: this.colors.verbose, screenOnly: true })
      for (const [name, value] of cli.options) this.display.display(`${name}: ${value}`, { color: this.colors.verbose, screenOnly: true })
    }
    if (this.ctx.settings.check && this.opts.check_mode_markers) this.display.banner('DRY RUN')
  }

  onPlayStart(play: CallbackPlay): void {
    const name = play.name.trim()
    const check = play.checkMode && this.opts.check_mode_markers ? ' [CHECK MODE]' : ''
    this.play = play
    this.display.banner(name ? `PLAY [${name}]${check}` : `PLAY${check}`)
  }

  onNoHostsMatched(): void {
    this.display.display('skipping: no hosts matched', { color: this.colors.skip })
  }

  onNoHostsRemaining(): void {
    this.display.banner('NO MORE HOSTS LEFT')
  }

  onTaskStart(task: CallbackTask): void {
    this.taskStart(task, 'TASK')
  }

  onCleanupTaskStart(task: CallbackTask): void {
    this.taskStart(task, 'CLEANUP TASK')
  }

  onHandlerTaskStart(task: CallbackTask): void {
    this.taskStart(task, 'RUNNING HANDLER')
  }

  private taskStart(task: CallbackTask, prefix: string): void {
    this.taskTypes.set(task.id, prefix)
    // With free strategies tasks interleave, so each banner names its own task.
    if (this.play && FREE_STRATEGIES.has(this.play.strategy)) {
      this.lastTaskName = null
    } else {
      this.lastTaskName = task.name.trim()
      if (this.opts.display_skipped_hosts && this.opts.display_ok_hosts) this.printTaskBanner(task)
    }
  }

  /** Prints the banner lazily: only when a result of this task is the first one shown. */
  private printTaskBanner(task: CallbackTask): void {
    let args = ''
    if (!pyTruthy(task.noLog) && this.ctx.settings.displayArgsToStdout) {
      args = ' ' + Object.entries(task.args).map(([k, v]) => `${k}=${pyStr(v)}`).join(', ')
    }
    const prefix = this.taskTypes.get(task.id) ?? 'TASK'
    const name = this.lastTaskName ?? task.name.trim()
    const check = task.checkMode && this.opts.check_mode_markers ? ' [CHECK MODE]' : ''
    this.display.banner(`${prefix} [${name}${args}]${check}`)
    if (this.display.verbosity >= 2) this.out.printTaskPath(task)
    this.lastTaskBanner = task.id
  }

  private bannerFor(task: CallbackTask): void {
    if (this.lastTaskBanner !== task.id) this.printTaskBanner(task)
  }

  onRunnerStart(host: string, task: CallbackTask): void {
    if (!this.opts.show_per_host_start) return
    this.display.display(` [started ${taskRepr(task)} on ${host}]`, { color: this.colors.ok })
  }

  onRunnerFailed(r: CallbackResult, ignoreErrors: boolean): void {
    const label = hostLabel(r)
    const res = { ...r.result }
    const stderr = this.opts.display_failed_stderr
    cleanDebugResult(res, r.task.action)
    this.bannerFor(r.task)
    this.out.handleException(res, stderr)
    this.out.handleWarnings(res)
    // A loop's items were shown one by one; its aggregate result prints nothing.
    if (!(r.task.loop && 'results' in res)) {
      if (this.display.verbosity < 2 && this.opts.show_task_path_on_failure) this.out.printTaskPath(r.task)
      this.display.display(`fatal: [${label}]: FAILED! => ${this.out.dump(res)}`, { color: this.colors.error, stderr })
    }
    if (ignoreErrors) this.display.display('...ignoring', { color: this.colors.skip })
  }

  onRunnerOk(r: CallbackResult): void {
    const label = hostLabel(r)
    const res = { ...r.result }
    if (r.task.isInclude) {
      this.bannerFor(r.task)
      return
    }
    let msg: string
    let color: string
    if (pyTruthy(res.changed)) {
      this.bannerFor(r.task)
      msg = `changed: [${label}]`
      color = this.colors.changed
    } else {
      if (!this.opts.display_ok_hosts) return
      this.bannerFor(r.task)
      msg = `ok: [${label}]`
      color = this.colors.ok
    }
    this.out.handleWarnings(res)
    if (r.task.loop && 'results' in res) return
    cleanDebugResult(res, r.task.action)
    if (runIsVerbose(res, this.display.verbosity)) msg += ` => ${this.out.dump(res)}`
    this.display.display(msg, { color })
  }

  onRunnerSkipped(r: CallbackResult): void {
    if (!this.opts.display_skipped_hosts) return
    const res = { ...r.result }
    cleanDebugResult(res, r.task.action)
    this.bannerFor(r.task)
    if (r.task.loop) delete res.results
    let msg = `skipping: [${r.host}]`
    if (runIsVerbose(res, this.display.verbosity)) msg += ` => ${this.out.dump(res)}`
    this.display.display(msg, { color: this.colors.skip })
  }

  onRunnerUnreachable(r: CallbackResult): void {
    this.bannerFor(r.task)
    const msg = `fatal: [${hostLabel(r)}]: UNREACHABLE! => ${this.out.dump(r.result)}`
    this.display.display(msg, { color: this.colors.unreachable, stderr: this.opts.display_failed_stderr })
    if (r.task.ignoreUnreachable) this.display.display('...ignoring', { color: this.colors.skip })
  }

  onFileDiff(r: CallbackResult): void {
    const res = r.result
    const diffs = r.task.loop && 'results' in res ? ((res.results as Record<string, unknown>[]) ?? []) : [res]
    for (const item of diffs) {
      if (!('diff' in item) || !pyTruthy(item.diff) || !pyTruthy(item.changed)) continue
      const text = this.out.diff(item.diff)
      if (!text) continue
      this.bannerFor(r.task)
      this.display.display(text)
    }
  }

  onRunnerItemOk(r: CallbackResult): void {
    if (r.task.isInclude) return
    const label = hostLabel(r)
    const res = { ...r.result }
    let status: string
    let color: string
    if (pyTruthy(res.changed)) {
      this.bannerFor(r.task)
      status = 'changed'
      color = this.colors.changed
    } else {
      if (!this.opts.display_ok_hosts) return
      this.bannerFor(r.task)
      status = 'ok'
      color = this.colors.ok
    }
    let msg = `${status}: [${label}] => (item=${itemLabel(res)})`
    cleanDebugResult(res, r.task.action)
    if (runIsVerbose(res, this.display.verbosity)) msg += ` => ${this.out.dump(res)}`
    this.display.display(msg, { color })
  }

  onRunnerItemFailed(r: CallbackResult): void {
    this.bannerFor(r.task)
    const label = hostLabel(r)
    const res = { ...r.result }
    const stderr = this.opts.display_failed_stderr
    cleanDebugResult(res, r.task.action)
    this.out.handleException(res, stderr)
    this.out.handleWarnings(res)
    this.display.display(`failed: [${label}] (item=${itemLabel(res)}) => ${this.out.dump(res)}`, { color: this.colors.error, stderr })
  }

  onRunnerItemSkipped(r: CallbackResult): void {
    if (!this.opts.display_skipped_hosts) return
    this.bannerFor(r.task)
    const res = { ...r.result }
    cleanDebugResult(res, r.task.action)
    // The trailing space is Ansible's.
    let msg = `skipping: [${r.host}] => (item=${itemLabel(res)}) `
    if (runIsVerbose(res, this.display.verbosity)) msg += ` => ${this.out.dump(res)}`
    this.display.display(msg, { color: this.colors.skip })
  }

  onInclude(included: CallbackIncludedFile): void {
    let msg = `included: ${included.file} for ${included.hosts.join(', ')}`
    const label = itemLabelValue(included.vars)
    if (pyTruthy(label)) msg += ` => (item=${pyStr(label)})`
    this.display.display(msg, { color: this.colors.skip })
  }

  onRunnerRetry(r: CallbackResult): void {
    const name = r.taskName || taskRepr(r.task)
    const left = Number(r.result.retries) - Number(r.result.attempts)
    let msg = `FAILED - RETRYING: [${hostLabel(r)}]: ${name} (${left} retries left).`
    if (runIsVerbose(r.result, this.display.verbosity, 2)) msg += `Result was: ${this.out.dump(r.result)}`
    this.display.display(msg, { color: this.colors.debug })
  }

  onRunnerAsyncPoll(r: CallbackResult): void {
    const { ansible_job_id: jid, started, finished } = r.result
    this.display.display(`ASYNC POLL on ${r.host}: jid=${pyStr(jid)} started=${pyStr(started)} finished=${pyStr(finished)}`, {
      color: this.colors.debug,
    })
  }

  onRunnerAsyncOk(r: CallbackResult): void {
    this.display.display(`ASYNC OK on ${r.host}: jid=${pyStr(r.result.ansible_job_id)}`, { color: this.colors.debug })
  }

  onRunnerAsyncFailed(r: CallbackResult): void {
    let jid = r.result.ansible_job_id
    const inner = r.result.async_result as Record<string, unknown> | undefined
    if (!jid && inner) jid = inner.ansible_job_id
    this.display.display(`ASYNC FAILED on ${r.host}: jid=${pyStr(jid)}`, { color: this.colors.debug })
  }

  onNotify(handler: CallbackTask, host: string): void {
    if (this.display.verbosity > 1) {
      this.display.display(`NOTIFIED HANDLER ${handler.name} for ${host}`, { color: this.colors.verbose, screenOnly: true })
    }
  }

  onStats(stats: CallbackStats): void {
    this.display.banner('PLAY RECAP')
    const colors = this.colors
    for (const h of Object.keys(stats.processed).sort(compareCodePoints)) {
      const t = stats.processed[h]!
      const c = (lead: string, n: number, color: string) => colorize(lead, n, color, colors.enabled)
      const counts = [
        c('ok', t.ok, colors.ok),
        c('changed', t.changed, colors.changed),
        c('unreachable', t.unreachable, colors.unreachable),
        c('failed', t.failures, colors.error),
        c('skipped', t.skipped, colors.skip),
        c('rescued', t.rescued, colors.ok),
        c('ignored', t.ignored, colors.warn),
      ]
      this.display.display(`${hostcolor(h, t, colors)} : ${counts.join(' ')}`, { screenOnly: true })
    }
    this.display.display('', { screenOnly: true })
    if (Object.keys(stats.custom).length && this.opts.show_custom_stats) this.printCustomStats(stats.custom)
    if (this.ctx.settings.check && this.opts.check_mode_markers) this.display.banner('DRY RUN')
  }

  private printCustomStats(custom: Record<string, Record<string, unknown>>): void {
    this.display.banner('CUSTOM STATS: ')
    const flat = (v: Record<string, unknown>) => this.out.dump(v, { indent: 1 }).replace(/\n/g, '')
    for (const k of Object.keys(custom).sort(compareCodePoints)) {
      if (k !== '_run') this.display.display(`\t${k}: ${flat(custom[k]!)}`)
    }
    if ('_run' in custom) {
      this.display.display('', { screenOnly: true })
      this.display.display(`\tRUN: ${flat(custom._run!)}`)
    }
    this.display.display('', { screenOnly: true })
  }
}

/** str(task): Ansible's Task.__repr__. */
function taskRepr(task: CallbackTask): string {
  if (withInternalFqcns(['meta']).has(task.name)) return `TASK: meta (${pyStr(task.args._raw_params)})`
  return `TASK: ${task.name}`
}

export default defineCallback<DefaultCallbackOptions>({
  name: 'default',
  type: 'stdout',
  options: DEFAULT_CALLBACK_OPTIONS,
  create: (ctx) => new DefaultCallback(ctx),
})
