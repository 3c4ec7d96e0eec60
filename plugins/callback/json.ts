/**
 * `json`: ansible.posix 1.5.4's json stdout callback (what kolla's acceptance test
 * reduces). Collects every play, task and host result and prints one JSON document at
 * the end: `{custom_stats, global_custom_stats, plays: [{play, tasks: [{hosts, task}]}], stats}`.
 */
import {
  compareCodePoints,
  defineCallback,
  jsonDumps,
  RawJson,
  type CallbackContext,
  type CallbackOptionSpec,
  type CallbackPlay,
  type CallbackPlugin,
  type CallbackResult,
  type CallbackStats,
  type CallbackTask,
} from '../../src/plugin-kit.js'

export interface JsonCallbackOptions {
  show_custom_stats: boolean
  /** Spaces per level; 0 or less prints one line. */
  json_indent: number
}

export const JSON_CALLBACK_OPTIONS: { [K in keyof JsonCallbackOptions]: CallbackOptionSpec } = {
  show_custom_stats: { type: 'bool', default: false, env: ['ANSIBLE_SHOW_CUSTOM_STATS'], ini: [['defaults', 'show_custom_stats']] },
  json_indent: { type: 'int', default: 4, env: ['ANSIBLE_JSON_INDENT'], ini: [['defaults', 'json_indent']] },
}

/** Strategies that run a task on all hosts before the next (one task entry for all hosts). */
const LOCKSTEP = new Set(['linear', 'debug'])

interface Duration {
  start: string
  end?: string
}
interface PlayEntry {
  play: { name: string; id: string; path: string; duration: Duration }
  tasks: TaskEntry[]
}
interface TaskEntry {
  task: { name: string; id: string; path: string; duration: Duration }
  hosts: Record<string, RawJson>
}

/** The nesting level of a host's result in the document: {plays: [{tasks: [{hosts: {host: result}}]}]}. */
const HOST_RESULT_LEVEL = 6

/** `datetime.utcnow().isoformat() + 'Z'`: microseconds, left out when zero. */
export function pythonUtcTimestamp(d: Date): string {
  const iso = d.toISOString()
  const ms = d.getUTCMilliseconds()
  return ms === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 23)}000Z`
}

class JsonCallback implements CallbackPlugin {
  private readonly results: PlayEntry[] = []
  private readonly taskMap = new Map<string, TaskEntry>()
  private lockstep = false
  private readonly indent: number | null
  private readonly now: () => string

  constructor(private readonly ctx: CallbackContext<JsonCallbackOptions>) {
    this.indent = ctx.options.json_indent <= 0 ? null : ctx.options.json_indent
    const clock = ctx.now ?? (() => new Date())
    this.now = () => pythonUtcTimestamp(clock())
  }

  onPlayStart(play: CallbackPlay): void {
    this.lockstep = LOCKSTEP.has(play.strategy)
    this.results.push({
      play: { name: play.name, id: play.id, path: play.path, duration: { start: this.now() } },
      tasks: [],
    })
  }

  private newTask(task: CallbackTask): TaskEntry {
    return { task: { name: task.name, id: task.id, path: task.path, duration: { start: this.now() } }, hosts: {} }
  }

  private currentPlay(): PlayEntry {
    return this.results[this.results.length - 1]!
  }

  // With free strategies each host's run of a task gets its own entry.
  onRunnerStart(host: string, task: CallbackTask): void {
    if (this.lockstep) return
    const entry = this.newTask(task)
    this.taskMap.set(`${host}\0${task.id}`, entry)
    this.currentPlay().tasks.push(entry)
  }

  onTaskStart(task: CallbackTask): void {
    if (this.lockstep) this.currentPlay().tasks.push(this.newTask(task))
  }

  onHandlerTaskStart(task: CallbackTask): void {
    if (this.lockstep) this.currentPlay().tasks.push(this.newTask(task))
  }

  onRunnerOk(r: CallbackResult): void {
    this.record(r, {})
  }
  onRunnerFailed(r: CallbackResult): void {
    this.record(r, { failed: true })
  }
  onRunnerUnreachable(r: CallbackResult): void {
    this.record(r, {})
  }
  onRunnerSkipped(r: CallbackResult): void {
    this.record(r, { skipped: true })
  }

  private record(r: CallbackResult, status: Record<string, boolean>): void {
    const key = `${r.host}\0${r.task.id}`
    const play = this.currentPlay()
    // A result whose task had no entry (an implicit task) lands in the latest one, as in Ansible.
    const entry = this.taskMap.get(key) ?? play.tasks[play.tasks.length - 1]!
    // Encoded now, at its depth in the document (plays[].tasks[].hosts{}: level 6), and
    // kept as text: the run's results are held once, not as objects and then as text. The
    // encoder's string is a tree of its many small pieces; a copy of its bytes is one flat
    // string, a byte per character (ensure_ascii: the text is ASCII).
    const text = jsonDumps({ ...r.result, ...status, action: r.task.action }, { indent: this.indent, sortKeys: true, level: HOST_RESULT_LEVEL })
    entry.hosts[r.host] = new RawJson(Buffer.from(text, 'latin1').toString('latin1'))
    const end = this.now()
    entry.task.duration.end = end
    play.play.duration.end = end
    if (!this.lockstep) this.taskMap.delete(key)
  }

  onStats(stats: CallbackStats): void {
    const summary: Record<string, unknown> = {}
    for (const h of Object.keys(stats.processed).sort(compareCodePoints)) summary[h] = stats.processed[h]
    let custom: Record<string, unknown> = {}
    let global: unknown = {}
    if (this.ctx.options.show_custom_stats && Object.keys(stats.custom).length) {
      const { _run, ...perHost } = stats.custom
      custom = perHost
      global = { ...(_run ?? {}) }
    }
    this.write({ stats: summary, custom_stats: custom, global_custom_stats: global })
  }

  /**
   * Prints the document one play at a time: with every result already text, one string of
   * the whole run (and its copy on the way out) would double the memory the results take.
   * Where the plays go, and what separates two, come from the encoder itself.
   */
  private write(rest: Record<string, unknown>): void {
    const options = { indent: this.indent, sortKeys: true }
    const display = this.ctx.display
    if (!this.results.length) return display.display(jsonDumps({ ...rest, plays: [] }, options))
    const MARK = '\u0000plays\u0000'
    const frame = jsonDumps({ ...rest, plays: [new RawJson(MARK)] }, options)
    const at = frame.indexOf(MARK)
    const pair = jsonDumps([new RawJson('A'), new RawJson('B')], { ...options, level: 1 })
    const sep = pair.slice(pair.indexOf('A') + 1, pair.indexOf('B'))
    display.display(frame.slice(0, at), { newline: false })
    this.results.forEach((play, i) => display.display((i ? sep : '') + jsonDumps(play, { ...options, level: 2 }), { newline: false }))
    display.display(frame.slice(at + MARK.length))
  }
}

export default defineCallback<JsonCallbackOptions>({
  name: 'json',
  type: 'stdout',
  options: JSON_CALLBACK_OPTIONS,
  create: (ctx) => new JsonCallback(ctx),
})
