/**
 * The live view of a long run on a terminal: one status line kept under the output,
 * with the current task, its hosts done and still running, the hosts failed or
 * unreachable so far and the time elapsed:
 *
 *   [live 12s] TASK [copy config] 623/973 done, 350 running | 27 hosts failed or unreachable
 *
 * It is only made when stdout is a terminal (the engine checks), so piped or redirected
 * output is the callbacks' text, byte for byte. Every write to stdout or stderr first
 * erases the line and draws it again below once the output is at the start of a line.
 * It learns the run's progress as a callback does, from the executor's events.
 */
import type { CallbackPlugin, CallbackResult, CallbackTask } from '../plugin-api/callback.js'
import type { OutputStream, TerminalStream } from './display.js'

/** Erase the current line (carriage return, then clear to its end). */
const ERASE = '\r\x1b[K'

export class LiveView {
  private task = ''
  private started = 0
  private done = 0
  private readonly failed = new Set<string>()
  private shown = false
  private drawn = ''
  private lastDraw = 0
  private next: NodeJS.Immediate | undefined
  private later: NodeJS.Timeout | undefined
  private atLineStart = true
  private finished = false
  private readonly begun: number
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly terminal: TerminalStream,
    private readonly now: () => number = Date.now,
  ) {
    this.begun = now()
  }

  /** A stream that writes through `stream` around the status line (stdout, or stderr on the same terminal). */
  wrap(stream: OutputStream): OutputStream {
    return {
      write: (chunk: string) => {
        this.erase()
        const r = stream.write(chunk)
        if (chunk.length) this.atLineStart = chunk.endsWith('\n')
        this.soon()
        return r
      },
    }
  }

  /** The status line as shown (without the erase sequence), cut to the terminal's width. */
  line(): string {
    const secs = Math.floor((this.now() - this.begun) / 1000)
    const parts = [`[live ${secs}s]`]
    if (this.task) parts.push(`TASK [${this.task}] ${this.done}/${this.started} done, ${this.started - this.done} running`)
    const text = `${parts.join(' ')}${this.failed.size ? ` | ${this.failed.size} hosts failed or unreachable` : ''}`
    const width = Math.max(20, (this.terminal.columns || 80) - 1)
    return text.length > width ? text.slice(0, width) : text
  }

  private erase(): void {
    if (!this.shown) return
    this.terminal.write(ERASE)
    this.shown = false
  }

  private draw(): void {
    if (this.finished || !this.atLineStart || this.shown) return
    this.lastDraw = this.now()
    this.drawn = this.line()
    this.terminal.write(this.drawn)
    this.shown = true
  }

  /** Draws the line once the output written in this turn is out (many lines, one redraw). */
  private soon(): void {
    this.next ??= setImmediate(() => {
      this.next = undefined
      this.draw()
    })
  }

  /** Draws the line again when what it says changed, at most ten times a second. */
  private redraw(): void {
    if (this.next || (this.shown && this.line() === this.drawn)) return
    const wait = this.lastDraw + 100 - this.now()
    if (wait > 0) {
      this.later ??= setTimeout(() => {
        this.later = undefined
        this.redraw()
      }, wait).unref()
      return
    }
    this.erase()
    this.draw()
  }

  /** Stops drawing and erases the line (before the recap, and when the run ends). */
  finish(): void {
    this.erase()
    this.finished = true
    clearInterval(this.timer)
    clearTimeout(this.later)
    if (this.next) clearImmediate(this.next)
  }

  /** The events that move the status line (added to the run's callbacks, first). */
  callback(): CallbackPlugin {
    const task = (t: CallbackTask): void => {
      this.task = t.name
      this.started = 0
      this.done = 0
      this.timer ??= setInterval(() => this.redraw(), 1000).unref()
      this.redraw()
    }
    const result = (failed: boolean) => (r: CallbackResult) => {
      this.done++
      if (failed) this.failed.add(r.host)
      this.redraw()
    }
    return {
      onTaskStart: task,
      onHandlerTaskStart: task,
      onRunnerStart: () => {
        this.started++
        this.redraw()
      },
      onRunnerOk: result(false),
      onRunnerSkipped: result(false),
      onRunnerFailed: (r, ignoreErrors) => result(!ignoreErrors)(r),
      onRunnerUnreachable: result(true),
      onStats: () => this.finish(),
    }
  }
}
