/**
 * A persistent shell on one SSH channel: commands are written to a long-lived `/bin/sh`
 * and their output comes back framed by a random marker, so a command costs one round
 * trip and one fork on the host instead of a new SSH session (sshd's fork, PAM session
 * and login shell per channel dominate a task's time otherwise).
 *
 * Each command runs in its own `/bin/sh -c` (its `exit`, `cd` and variables stay its own);
 * its stdin travels inside the request as a base64 here-document, so the whole request
 * reaches the shell before anything runs: a connection lost mid-transfer runs nothing.
 * Requests on one session are serialised.
 */
import { randomBytes } from 'node:crypto'
import type { ClientChannel } from 'ssh2'
import type { ChannelContext, ChannelResult } from './ssh-channel.js'
import { shellQuote } from './types.js'

export interface ShellRequest {
  script: string
  stdin?: Buffer
  timeoutMs?: number
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
  dead = false

  private constructor(private readonly ctx: ChannelContext) {}

  /** Opens the channel running the shell; rejects with a ConnectionFailure if it cannot. */
  static open(ctx: ChannelContext): Promise<ShellSession> {
    const session = new ShellSession(ctx)
    return new Promise((resolve, reject) => {
      try {
        // Started by the login shell (not `exec`), so commands see `_=/bin/sh` as under
        // Ansible's `/bin/sh -c` (the setup module's ansible_env reports it).
        ctx.client.exec('/bin/sh', (err, stream) => {
          if (err) return reject(ctx.dropped(false, err))
          session.attach(stream)
          resolve(session)
        })
      } catch (e) {
        reject(ctx.dropped(false, e))
      }
    })
  }

  private attach(stream: ClientChannel): void {
    this.stream = stream
    stream.on('data', (c: Buffer) => this.onData('out', c))
    stream.stderr.on('data', (c: Buffer) => this.onData('err', c))
    const gone = (e?: Error) => {
      this.dead = true
      const p = this.pending
      this.pending = undefined
      if (p) {
        clearTimeout(p.timer)
        // A tick later the client knows whether the whole connection died.
        setImmediate(() => p.reject(this.ctx.isAlive() && e ? e : this.ctx.dropped(p.sending, e)))
      }
    }
    stream.on('close', () => gone())
    stream.on('error', (e: Error) => gone(e))
  }

  /** Runs one command; resolves as an exec channel would (rc, stdout, stderr). */
  run(req: ShellRequest): Promise<ChannelResult> {
    const next = this.queue.then(() => this.send(req))
    this.queue = next.catch(() => undefined)
    return next
  }

  private send(req: ShellRequest): Promise<ChannelResult> {
    if (this.dead || !this.stream) return Promise.reject(this.ctx.dropped(false))
    const m = marker()
    let input = '</dev/null'
    let doc = ''
    if (req.stdin && req.stdin.length > 0) {
      input = `<<'${m}IN'`
      doc = `${req.stdin.toString('base64').replace(/.{1,76}/g, '$&\n')}${m}IN\n`
    }
    const feed = req.stdin && req.stdin.length > 0 ? `base64 -d ${input} | /bin/sh -c ${shellQuote(req.script)}` : `/bin/sh -c ${shellQuote(req.script)} ${input}`
    const text = `${feed}\n${doc}__r=$?; printf '\\n%s %d\\n' ${m} "$__r"; printf '\\n%s\\n' ${m} >&2\n`
    return new Promise((resolve, reject) => {
      const p: Pending = { marker: m, out: [], err: [], outTail: '', errTail: '', errDone: false, sending: true, resolve, reject }
      this.pending = p
      if (req.timeoutMs !== undefined) {
        p.timer = setTimeout(() => {
          // The command is still running: the session cannot be reused.
          this.pending = undefined
          this.dead = true
          this.stream?.signal('KILL')
          this.stream?.close()
          resolve({ rc: null, stdout: Buffer.concat(p.out), stderr: Buffer.concat(p.err), timedOut: true })
        }, req.timeoutMs)
      }
      this.stream!.write(text, () => {
        p.sending = false
      })
    })
  }

  private onData(which: 'out' | 'err', chunk: Buffer): void {
    const p = this.pending
    if (!p) return
    if (which === 'out') {
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
