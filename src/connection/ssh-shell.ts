/**
 * A persistent shell on one SSH channel: commands are written to a long-lived `/bin/sh`
 * and their output comes back framed by a random marker, so a command costs one round
 * trip and one fork on the host instead of a new SSH session (sshd's fork, PAM session
 * and login shell per channel dominate a task's time otherwise).
 *
 * A privileged shell is the same, started through sudo or su: the password prompt is
 * answered once, when the shell starts, and every command with that become runs in it.
 *
 * Each command runs in its own `/bin/sh -c` (its `exit`, `cd` and variables stay its own).
 * Small stdin travels inside the request as a base64 here-document, so the whole request
 * reaches the shell before anything runs: a connection lost mid-transfer runs nothing.
 * Large input is streamed raw instead (see `StreamedInput`). Requests on one session are
 * serialised.
 */
import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { ClientChannel } from 'ssh2'
import { becomeFailure, type BecomeSession } from './ssh-become.js'
import { BecomeWatch, type ChannelContext, type ChannelResult } from './ssh-channel.js'
import { BecomeError } from './ssh-errors.js'
import { shellQuote } from './types.js'

/**
 * Input streamed raw into the command: the shell is told to read exactly `size` bytes,
 * says when it is ready (the shell has read its whole command line by then, so none of
 * the data can be taken for a command), and the bytes follow with the channel's flow
 * control, never held in memory as a whole. Whatever the command leaves unread is
 * drained on the host, so the shell always gets back to reading commands.
 */
export interface StreamedInput {
  size: number
  /** A new stream of the input's bytes. */
  open(): Readable
}

export interface ShellRequest {
  script: string
  stdin?: Buffer
  stream?: StreamedInput
  timeoutMs?: number
  /**
   * The connection's own script (file primitives, batches): it runs in a subshell of the
   * shell, one process fewer than the `/bin/sh -c` a task's command gets (which keeps a
   * process, and a `$$`, of its own, as in Ansible).
   */
  own?: boolean
}

/** The shell was gone before the request was sent: nothing ran, it may go to a new shell. */
export class ShellGone extends Error {
  constructor() {
    super('the persistent shell has ended')
    this.name = 'ShellGone'
  }
}

/** sudo/su ended before the shell started (an unknown user, say): its own result stands. */
export class BecomeRefused extends Error {
  constructor(readonly result: ChannelResult) {
    super('privilege escalation ended before its shell started')
    this.name = 'BecomeRefused'
  }
}

export interface ShellOpenOptions {
  /** Start the shell through sudo/su (a session made by `wrapBecome('exec /bin/sh', ...)`). */
  become?: BecomeSession
  /** How long sudo/su may take to start the shell (Ansible: the connection timeout + 2 s). */
  becomeTimeoutMs?: number
}

interface Pending {
  marker: string
  out: Buffer[]
  err: Buffer[]
  outTail: string
  errTail: string
  rc?: number
  errDone: boolean
  sending: boolean
  /** A streamed request: waiting for the host to say it reads the data. */
  awaitingReady?: StreamedInput
  source?: Readable
  resolve(r: ChannelResult): void
  reject(e: Error): void
  timer?: NodeJS.Timeout
}

function marker(): string {
  return `TSIBLE${[...randomBytes(18)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`
}

export class ShellSession {
  private stream: ClientChannel | undefined
  private pending: Pending | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private exit: { code: number | null; signal?: string } = { code: null }
  private queued = 0
  dead = false

  private constructor(private readonly ctx: ChannelContext) {}

  /** True while a request runs or waits on this shell. */
  get busy(): boolean {
    return this.queued > 0
  }

  /**
   * Opens the channel running the shell. Rejects with a ConnectionFailure if the channel
   * cannot open, a BecomeError for a missing or wrong password (or a prompt that never
   * came), and BecomeRefused when sudo/su ended on its own.
   */
  static open(ctx: ChannelContext, options: ShellOpenOptions = {}): Promise<ShellSession> {
    const session = new ShellSession(ctx)
    const become = options.become
    // The plain shell is started by the login shell (not `exec`), so commands see `_=/bin/sh`
    // as under Ansible's `/bin/sh -c` (the setup module's ansible_env reports it).
    const command = become ? `exec /bin/sh -c ${shellQuote(become.command)}` : '/bin/sh'
    return new Promise((resolve, reject) => {
      try {
        // Listeners go on synchronously: ssh2 may parse the exit of a command that ends at
        // once (sudo refusing) in the same tick as the channel's opening.
        ctx.client.exec(command, (err, stream) => {
          if (err) return reject(ctx.dropped(false, err))
          if (!become) {
            session.attach(stream)
            return resolve(session)
          }
          session.startBecome(stream, become, options.becomeTimeoutMs ?? 12_000, resolve, reject)
        })
      } catch (e) {
        reject(ctx.dropped(false, e))
      }
    })
  }

  /** Answers the password prompt and waits for the success marker before the shell is used. */
  private startBecome(stream: ClientChannel, become: BecomeSession, timeoutMs: number, resolve: (s: ShellSession) => void, reject: (e: Error) => void): void {
    const watch = new BecomeWatch(become)
    let settled = false
    let exit: { code: number | null; signal?: string } = { code: null }
    const fail = (e: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      this.dead = true
      stream.removeAllListeners('data')
      stream.stderr.removeAllListeners('data')
      try {
        stream.close()
      } catch {
        // already gone
      }
      reject(e)
    }
    const timer = setTimeout(() => {
      fail(new BecomeError(`Timeout (${Math.round(timeoutMs / 1000)}s) waiting for privilege escalation prompt: ${watch.output()}`))
    }, timeoutMs)
    const onData = (which: 'out' | 'err', chunk: Buffer): void => {
      if (settled) return
      const step = watch.feed(which, chunk)
      if (step.prompt) {
        if (watch.prompts > 1 || become.password === undefined) return fail(becomeFailure(become, watch.output(), watch.prompts) ?? new BecomeError(watch.output()))
        stream.write(`${become.password}\n`)
      }
      if (watch.started) {
        settled = true
        clearTimeout(timer)
        stream.removeAllListeners('data')
        stream.stderr.removeAllListeners('data')
        stream.removeAllListeners('exit')
        stream.removeAllListeners('close')
        stream.removeAllListeners('error')
        this.attach(stream)
        resolve(this)
      }
    }
    stream.on('data', (c: Buffer) => onData('out', c))
    stream.stderr.on('data', (c: Buffer) => onData('err', c))
    stream.on('exit', (code: number | null, signal?: string) => (exit = { code, signal: signal ?? undefined }))
    stream.on('error', () => undefined)
    stream.on('close', () => {
      // A tick later the client knows whether the whole connection died.
      setImmediate(() => {
        if (settled) return
        if (!this.ctx.isAlive()) return fail(this.ctx.dropped(false))
        const refusal = becomeFailure(become, watch.output(), watch.prompts)
        if (refusal) return fail(refusal)
        const held = watch.heldBuffers()
        fail(new BecomeRefused({ rc: exit.code, signal: exit.signal, stdout: held.out, stderr: held.err, timedOut: false }))
      })
    })
  }

  private attach(stream: ClientChannel): void {
    this.stream = stream
    stream.on('data', (c: Buffer) => this.onData('out', c))
    stream.stderr.on('data', (c: Buffer) => this.onData('err', c))
    stream.on('exit', (code: number | null, signal?: string) => {
      // The shell itself ended (killed on the host): a command it started may still hold
      // the channel's output open, so the channel is closed from here.
      this.exit = { code, signal: signal ?? undefined }
      this.dead = true
      if (this.pending) stream.close()
    })
    const gone = (e?: Error) => {
      this.dead = true
      const p = this.pending
      this.pending = undefined
      if (!p) return
      clearTimeout(p.timer)
      // A tick later the client knows whether the whole connection died. If it did, the
      // host is unreachable; if only this shell died (killed on the host), the command
      // ends as a killed process does, and the next request opens a new shell.
      setImmediate(() => {
        if (!this.ctx.isAlive()) return p.reject(this.ctx.dropped(p.sending, e))
        p.source?.destroy()
        p.resolve({ rc: this.exit.code, signal: this.exit.signal, stdout: Buffer.concat(p.out), stderr: Buffer.concat(p.err), timedOut: false })
      })
    }
    stream.on('close', () => gone())
    stream.on('error', (e: Error) => gone(e))
  }

  /** Runs one command; resolves as an exec channel would (rc, stdout, stderr). */
  run(req: ShellRequest): Promise<ChannelResult> {
    this.queued++
    const next = this.queue.then(() => this.send(req)).finally(() => this.queued--)
    this.queue = next.catch(() => undefined)
    return next
  }

  private send(req: ShellRequest): Promise<ChannelResult> {
    if (this.dead || !this.stream) return Promise.reject(new ShellGone())
    const m = marker()
    const run = req.own ? `( eval ${shellQuote(req.script)} )` : `/bin/sh -c ${shellQuote(req.script)}`
    let text: string
    if (req.stream) {
      // Ready line first, then exactly `size` bytes into the command, the rest drained.
      const inner = `printf '%sR\\n' ${m}; head -c ${req.stream.size} | { ${run}; r=$?; cat >/dev/null; exit $r; }`
      text = `/bin/sh -c ${shellQuote(inner)}\n`
    } else if (req.stdin && req.stdin.length > 0) {
      const doc = `${req.stdin.toString('base64').replace(/.{1,76}/g, '$&\n')}${m}IN\n`
      text = `base64 -d <<'${m}IN' | ${run}\n${doc}`
    } else text = `${run} </dev/null\n`
    text += `__r=$?; printf '\\n%s %d\\n' ${m} "$__r"; printf '\\n%s\\n' ${m} >&2\n`
    return new Promise((resolve, reject) => {
      const p: Pending = { marker: m, out: [], err: [], outTail: '', errTail: '', errDone: false, sending: true, awaitingReady: req.stream, resolve, reject }
      this.pending = p
      if (req.timeoutMs !== undefined) {
        p.timer = setTimeout(() => {
          // The command is still running: the session cannot be reused.
          this.pending = undefined
          this.kill()
          resolve({ rc: null, stdout: Buffer.concat(p.out), stderr: Buffer.concat(p.err), timedOut: true })
        }, req.timeoutMs)
      }
      this.stream!.write(text, () => {
        if (!req.stream) p.sending = false
      })
    })
  }

  /** Sends a streamed request's bytes once the host reads them. */
  private pump(p: Pending, input: StreamedInput): void {
    const stream = this.stream!
    const source = input.open()
    p.source = source
    let sent = 0
    const abort = (e: Error): void => {
      // The host still waits for bytes that will not come: this shell cannot go on.
      source.destroy()
      if (this.pending !== p) return
      this.pending = undefined
      clearTimeout(p.timer)
      this.kill()
      p.reject(e)
    }
    source.on('data', (chunk: Buffer) => {
      if (this.pending !== p) return void source.destroy()
      const room = input.size - sent
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk
      sent += part.length
      if (part.length > 0 && !stream.write(part)) {
        source.pause()
        stream.once('drain', () => source.resume())
      }
      if (sent >= input.size) {
        p.sending = false
        source.destroy()
      }
    })
    source.on('end', () => {
      if (sent < input.size) abort(new Error(`the input ended after ${sent} of ${input.size} bytes`))
    })
    source.on('error', (e: Error) => abort(e))
    if (input.size === 0) {
      p.sending = false
      source.destroy()
    }
  }

  private onData(which: 'out' | 'err', chunk: Buffer): void {
    const p = this.pending
    if (!p) return
    if (which === 'out') {
      if (p.awaitingReady) {
        p.outTail = (p.outTail + chunk.toString('latin1')).slice(-96)
        const ready = `${p.marker}R\n`
        const at = p.outTail.indexOf(ready)
        if (at < 0) return
        const input = p.awaitingReady
        p.awaitingReady = undefined
        chunk = Buffer.from(p.outTail.slice(at + ready.length), 'latin1')
        p.outTail = ''
        this.pump(p, input)
      }
      p.out.push(chunk)
      p.outTail = (p.outTail + chunk.toString('latin1')).slice(-96)
      const m = new RegExp(`\\n${p.marker} (\\d+)\\n$`).exec(p.outTail)
      if (m) p.rc = Number(m[1])
    } else {
      p.err.push(chunk)
      p.errTail = (p.errTail + chunk.toString('latin1')).slice(-96)
      if (p.errTail.endsWith(`\n${p.marker}\n`)) p.errDone = true
    }
    if (p.rc === undefined || !p.errDone) return
    clearTimeout(p.timer)
    this.pending = undefined
    const out = Buffer.concat(p.out)
    const err = Buffer.concat(p.err)
    const outTrailer = `\n${p.marker} ${p.rc}\n`.length
    const errTrailer = `\n${p.marker}\n`.length
    p.resolve({ rc: p.rc, stdout: out.subarray(0, out.length - outTrailer), stderr: err.subarray(0, err.length - errTrailer), timedOut: false })
  }

  private kill(): void {
    this.dead = true
    try {
      this.stream?.signal('KILL')
      this.stream?.close()
    } catch {
      // already gone
    }
  }

  close(): void {
    this.dead = true
    try {
      this.stream?.end()
      this.stream?.close()
    } catch {
      // already gone
    }
  }
}
