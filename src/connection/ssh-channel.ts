/**
 * What the SSH side shares about one channel: the result of a command run on it, the
 * context that tells a dead connection from a dead channel, and become's start-up
 * watch (the password prompt answered, output held back until the success marker).
 */
import type { Client } from 'ssh2'
import type { BecomeSession } from './ssh-become.js'
import type { ConnectionFailure } from './types.js'

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
  /** The ConnectionFailure for a connection lost during this command (it ends the connection). */
  dropped(sendingData: boolean, cause?: unknown): ConnectionFailure
}

/** Tracks become's start-up: prompts answered, output held back until the marker. */
export class BecomeWatch {
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
