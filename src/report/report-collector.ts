/**
 * The report's listener: a callback on the run's events (src/plugin-api/callback.ts) that
 * collects, per host, the files a task changed (or would change, in check mode) with their
 * unified diffs, the containers kolla_docker's plan creates, recreates or restarts and
 * why, the handlers notified and how they ran, the tasks that failed, and the changes
 * with neither a diff nor a plan. Every result is masked with the run's secret registry
 * before anything is kept.
 */
import type { CallbackPlaybook, CallbackPlugin, CallbackResult, CallbackStats, CallbackTask } from '../plugin-api/callback.js'
import { diffText } from '../output/diff-text.js'
import { isDict } from '../py/values.js'
import type { SecretRegistry } from '../vault/secrets.js'
import type { CollectedRun, ContainerReason, HandlerRun } from './report-model.js'

export interface CollectorOptions {
  check: boolean
  secrets: SecretRegistry
  /** Lines of context in diffs (DIFF_CONTEXT). */
  diffContext: number
  /**
   * The run's controller temporary directory: a diff header that names a file in it (the
   * `copy` of a `content:`) shows `<tmp>` instead, since the name changes from run to run.
   */
  tmpDir?: string
}

export class ReportCollector implements CallbackPlugin {
  private readonly run: CollectedRun
  private readonly seqs = new Map<string, number>()
  private readonly handlers = new Map<string, HandlerRun>()
  /** The task each host runs now (a host runs one task at a time), for what notified a handler. */
  private readonly current = new Map<string, string>()
  private readonly notifiedBy = new Map<string, Set<string>>()
  /** The run's temporary files (`<tmpDir>/tmpXXXXXXXX`, random per run), to be written `<tmp>`. */
  private readonly tmpNames: RegExp | undefined

  constructor(private readonly options: CollectorOptions) {
    this.run = { check: options.check, playbooks: [], stats: {}, files: [], containers: [], handlers: [], failures: [], others: [] }
    const tmp = options.tmpDir
    this.tmpNames = tmp ? new RegExp(`${tmp.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/tmp[a-z0-9_]{8}(?![a-z0-9_]))?`, 'g') : undefined
  }

  /** What the run has collected so far (handlers in the order first notified). */
  collected(): CollectedRun {
    const handlers = [...this.handlers.values()].map((h) => ({ ...h, notified_by: this.notifiers(h.host, h.name) }))
    return { ...this.run, handlers }
  }

  onPlaybookStart(playbook: CallbackPlaybook): void {
    this.run.playbooks.push(playbook.file)
  }

  onTaskStart(task: CallbackTask): void {
    this.seq(task)
  }

  onHandlerTaskStart(task: CallbackTask): void {
    this.seq(task)
  }

  onRunnerStart(host: string, task: CallbackTask): void {
    this.current.set(host, task.name)
  }

  onRunnerOk(result: CallbackResult): void {
    const masked = this.options.secrets.mask(result.result)
    const items = Array.isArray(masked.results) ? (masked.results as unknown[]).filter(isDict) : [masked]
    for (const item of items) if (item.changed === true) this.changed(result, item)
    this.handlerStatus(result, masked.changed === true ? 'changed' : 'ok')
  }

  onRunnerFailed(result: CallbackResult, ignoreErrors: boolean): void {
    // A loop that failed on some items still changed what its other items changed.
    const masked = this.options.secrets.mask(result.result)
    if (Array.isArray(masked.results)) for (const item of (masked.results as unknown[]).filter(isDict)) if (item.changed === true) this.changed(result, item)
    this.failure(result, ignoreErrors, false)
    this.handlerStatus(result, 'failed')
  }

  onRunnerUnreachable(result: CallbackResult): void {
    this.failure(result, false, true)
    this.handlerStatus(result, 'unreachable')
  }

  onRunnerSkipped(result: CallbackResult): void {
    this.handlerStatus(result, 'skipped')
  }

  onNotify(handler: CallbackTask, host: string): void {
    const key = `${host}\0${handler.name}`
    const by = this.current.get(host)
    if (by !== undefined) this.notifiedBy.set(key, (this.notifiedBy.get(key) ?? new Set()).add(by))
    if (!this.handlers.has(key)) this.handlers.set(key, { host, name: handler.name, status: 'notified', notified_by: [] })
  }

  onStats(stats: CallbackStats): void {
    this.run.stats = stats.processed
  }

  private seq(task: CallbackTask): number {
    let n = this.seqs.get(task.id)
    if (n === undefined) this.seqs.set(task.id, (n = this.seqs.size))
    return n
  }

  private changed(result: CallbackResult, item: Record<string, unknown>): void {
    const { host } = result
    const task = result.task.name
    const plan = item.container_plan
    if (isDict(plan)) {
      const notified_by = result.task.isHandler ? this.notifiers(host, task) : []
      if (plan.operation !== 'none') this.run.containers.push({ host, task, ...containerOf(plan), notified_by })
      return
    }
    const path = filePath(item)
    if (path !== undefined && item.diff !== undefined) {
      const text = diffText(item.diff as Record<string, unknown>, { context: this.options.diffContext })
      const diff = (this.tmpNames ? text.replace(this.tmpNames, '<tmp>') : text).replace(/\n+$/, '\n')
      this.run.files.push({ host, path, task, diff })
      return
    }
    if (!this.run.others.some((o) => o.host === host && o.task === task)) this.run.others.push({ host, task, seq: this.seq(result.task) })
  }

  private failure(result: CallbackResult, ignored: boolean, unreachable: boolean): void {
    const masked = this.options.secrets.mask(result.result)
    this.run.failures.push({
      host: result.host,
      task: result.task.name,
      path: result.task.path,
      msg: failureMessage(masked),
      ignored,
      unreachable,
      seq: this.seq(result.task),
    })
  }

  private handlerStatus(result: CallbackResult, status: HandlerRun['status']): void {
    if (!result.task.isHandler) return
    const key = `${result.host}\0${result.task.name}`
    const known = this.handlers.get(key)
    // A handler runs once per notification round; the last run's status is what the host ends with.
    this.handlers.set(key, { host: result.host, name: known?.name ?? result.task.name, status, notified_by: [] })
  }

  private notifiers(host: string, handler: string): string[] {
    return [...(this.notifiedBy.get(`${host}\0${handler}`) ?? [])].sort()
  }
}

/** The path a file result names: `dest`, `path`, else its diff's before header. */
function filePath(item: Record<string, unknown>): string | undefined {
  for (const k of ['dest', 'path']) if (typeof item[k] === 'string') return item[k] as string
  const diffs = (Array.isArray(item.diff) ? item.diff : [item.diff]).filter(isDict)
  const header = diffs.find((d) => typeof d.before_header === 'string')?.before_header
  return typeof header === 'string' ? header : undefined
}

/** The report's view of kolla_docker's `container_plan` (its documented, stable keys). */
function containerOf(plan: Record<string, unknown>) {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : [])
  const reasons: ContainerReason[] = (Array.isArray(plan.differences) ? plan.differences : [])
    .filter(isDict)
    .map((d) => ({ attribute: String(d.attribute), current: d.current ?? null, wanted: d.wanted ?? null }))
  return {
    name: String(plan.name ?? plan.image ?? ''),
    operation: String(plan.operation),
    action: String(plan.action ?? ''),
    image: typeof plan.image === 'string' ? plan.image : null,
    steps: strings(plan.steps),
    reasons,
  }
}

/** A failed result's message; a loop's names its failed items' messages. */
function failureMessage(result: Record<string, unknown>): string {
  const own = typeof result.msg === 'string' ? result.msg : result.msg === undefined ? '' : JSON.stringify(result.msg)
  if (!Array.isArray(result.results)) return own
  const items = (result.results as unknown[]).filter(isDict).filter((r) => r.failed === true && typeof r.msg === 'string')
  return [own, ...items.map((r) => String(r.msg))].filter(Boolean).join('\n')
}
