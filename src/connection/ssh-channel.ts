/**
 * One command on one SSH channel: output collected as Buffers, the exit status, stdin
 * piped, become's prompt/marker handshake (see ssh-become.ts), a client-side timeout
 * and the difference between "the command failed" and "the connection died under it".
 */
import type { Client, ClientChannel } from 'ssh2'
import { becomeFailure, type BecomeSession } from './ssh-become.js'
import type { ConnectionFailure } from './types.js'

export interface ChannelRequest {
  /** The whole remote command line, as the login shell will see it. */
  command: string
  stdin?: Buffer
  become?: BecomeSession
  /** Close the channel (and signal KILL) after this many milliseconds. */
  timeoutMs?: number
}

export interface ChannelResult {
  /** null when the command died of a signal. */
  rc: number | null
  signal?: string
  stdout: Buffer
  stderr: Buffer
  timedOut: boolean
}

export interface ChannelContext {
  client: Client
  /** False once the client's socket has closed or errored. */
  isAlive(): boolean
  /** The ConnectionFailure for a connection lost during this command. */
  dropped(sendingData: boolean, cause?: unknown): ConnectionFailure
}

/** Tracks become's start-up: prompts answered, output held back until the marker. */
class BecomeWatch {
  private held = { out: '', err: '' }
  private scanned = { out: 0, err: 0 }
  prompts = 0
  started = false

  constructor(private readonly session: BecomeSession) {}

  /** Feeds start-up output; returns what to do next. */
  feed(which: 'out' | 'err', chunk: Buffer): { prompt: boolean; rest?: Buffer } {
    this.held[which] += chunk.toString('latin1')
    if (which === 'out') {
      const text = this.held.out
      const at = text.indexOf(this.session.marker)
      const eol = at >= 0 ? text.indexOf('\n', at) : -1
      if (eol >= 0) {
        this.started = true
        return { prompt: false, rest: Buffer.from(text.slice(eol + 1), 'latin1') }
      }
    }
    const unseen = this.held[which].slice(this.scanned[which])
    if (this.session.isPrompt(unseen)) {
      this.scanned[which] = this.held[which].length
      this.prompts++
      return { prompt: true }
    }
    return { prompt: false }
  }

  /** Everything sudo/su printed, for failure messages. */
  output(): string {
    return Buffer.from(this.held.err + this.held.out, 'latin1').toString('utf8')
  }

  /** Output of a command that ended before the marker: sudo's refusal, say. */
  heldBuffers(): { out: Buffer; err: Buffer } {
    return { out: Buffer.from(this.held.out, 'latin1'), err: Buffer.from(this.held.err, 'latin1') }
  }
}

/**
 * Opens the channel and hands it over synchronously: ssh2 may parse the command's
 * exit status in the same tick as the channel's opening, and an 'exit' emitted before
 * a listener is attached is lost (an await in between would lose it).
 */
function openChannel(ctx: ChannelContext, command: string, onStream: (stream: ClientChannel) => void, onError: (e: Error) => void): void {
  try {
    ctx.client.exec(command, (err, stream) => {
      // A refused channel on a live connection is still a connection problem
      // (MaxSessions, a server shutting down): the host cannot run the command.
      if (err) onError(ctx.dropped(false, err))
      else onStream(stream)
    })
  } catch (e) {
    onError(ctx.dropped(false, e))
  }
}

export function runChannel(ctx: ChannelContext, req: ChannelRequest): Promise<ChannelResult> {
  return new Promise((resolve, reject) => {
    openChannel(ctx, req.command, (stream) => collect(ctx, req, stream, resolve, reject), reject)
  })
}

function collect(
  ctx: ChannelContext,
  req: ChannelRequest,
  stream: ClientChannel,
  resolve: (r: ChannelResult) => void,
  reject: (e: Error) => void,
): void {
  const out: Buffer[] = []
  const err: Buffer[] = []
  const watch = req.become ? new BecomeWatch(req.become) : undefined
  let rc: number | null = null
  let signal: string | undefined
  let exited = false
  let timedOut = false
  let failure: Error | undefined
  const sendInput = (): void => {
    if (req.stdin && req.stdin.length > 0) stream.write(req.stdin)
    stream.end()
  }
  const abort = (e: Error): void => {
    failure ??= e
    stream.end()
    stream.close()
  }
  const onData = (which: 'out' | 'err', chunk: Buffer): void => {
    if (!watch || watch.started) return void (which === 'out' ? out : err).push(chunk)
    const step = watch.feed(which, chunk)
    if (step.prompt) {
      const bad = watch.prompts > 1 || req.become?.password === undefined
      if (bad) abort(becomeFailure(req.become!, watch.output(), watch.prompts) ?? new Error(watch.output()))
      else stream.write(`${req.become!.password}\n`)
    }
    if (step.rest) {
      if (step.rest.length > 0) out.push(step.rest)
      sendInput()
    }
  }
  const timer =
    req.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true
          stream.signal('KILL')
          stream.close()
        }, req.timeoutMs)
      : undefined
  stream.on('data', (c: Buffer) => onData('out', c))
  stream.stderr.on('data', (c: Buffer) => onData('err', c))
  stream.on('exit', (code: number | null, sig?: string) => {
    exited = true
    rc = code
    signal = sig ?? undefined
  })
  stream.on('error', (e: Error) => {
    failure ??= ctx.isAlive() ? e : ctx.dropped(Boolean(req.stdin?.length), e)
  })
  stream.on('close', () => {
    clearTimeout(timer)
    // The client marks itself dead on its own 'close', which ssh2 emits before it
    // closes the channels; a tick later the verdict below is reliable.
    setImmediate(() => {
      if (failure) return reject(failure)
      if (timedOut) return resolve({ rc, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut })
      if (!exited) return reject(ctx.dropped(Boolean(req.stdin?.length)))
      if (watch && !watch.started) {
        const become = becomeFailure(req.become!, watch.output(), watch.prompts)
        if (become) return reject(become)
        const held = watch.heldBuffers()
        out.unshift(held.out)
        err.unshift(held.err)
      }
      resolve({ rc, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut })
    })
  })
  if (!watch) sendInput()
}
