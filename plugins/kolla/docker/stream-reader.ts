/**
 * Reads a byte stream by pieces on demand: up to a delimiter, an exact count, or whatever
 * comes next. The HTTP client parses responses with it, and what follows a response on a
 * kept-alive stream stays buffered for the next one.
 */
import type { Duplex } from 'node:stream'

export class StreamReader {
  private buf: Buffer = Buffer.alloc(0)
  /** Chunks not yet joined to `buf` (joined when a read needs them: no quadratic copying). */
  private pending: Buffer[] = []
  private pendingLength = 0
  private ended = false
  private error: Error | undefined
  private wake: (() => void) | undefined

  constructor(readonly stream: Duplex) {
    stream.on('data', (chunk: Buffer) => {
      this.pending.push(chunk)
      this.pendingLength += chunk.length
      this.notify()
    })
    stream.on('end', () => {
      this.ended = true
      this.notify()
    })
    stream.on('close', () => {
      this.ended = true
      this.notify()
    })
    stream.on('error', (e: Error) => {
      this.error ??= e
      this.notify()
    })
  }

  /** True once the peer ended the stream and everything it sent was read. */
  get done(): boolean {
    return this.ended && this.buf.length + this.pendingLength === 0
  }

  private join(): void {
    if (!this.pending.length) return
    this.buf = Buffer.concat([this.buf, ...this.pending])
    this.pending = []
    this.pendingLength = 0
  }

  /** Fails every pending and later read with `e` (a timeout, an abort). */
  abort(e: Error): void {
    this.error ??= e
    this.notify()
  }

  private notify(): void {
    const w = this.wake
    this.wake = undefined
    w?.()
  }

  /** Waits for more bytes (left pending); false when the stream has ended. */
  private async arrive(): Promise<boolean> {
    if (this.error) throw this.error
    if (this.ended) return false
    await new Promise<void>((r) => (this.wake = r))
    if (this.error) throw this.error
    return true
  }

  private async more(): Promise<boolean> {
    if (!this.pendingLength && !(await this.arrive())) return false
    this.join()
    return true
  }

  /** The bytes before `delim` (which is consumed); null when the stream ends first. */
  async readUntil(delim: string, limit = 1 << 20): Promise<Buffer | null> {
    this.join()
    let from = 0
    for (;;) {
      const at = this.buf.indexOf(delim, from, 'latin1')
      if (at >= 0) {
        const out = this.buf.subarray(0, at)
        this.buf = this.buf.subarray(at + delim.length)
        return out
      }
      if (this.buf.length > limit) throw new Error(`no ${JSON.stringify(delim)} within ${limit} bytes`)
      from = Math.max(0, this.buf.length - delim.length + 1)
      if (!(await this.more())) return null
    }
  }

  /** Exactly `n` bytes; fails when the stream ends before. */
  async readExactly(n: number): Promise<Buffer> {
    while (this.buf.length + this.pendingLength < n) {
      if (!(await this.arrive())) throw new Error(`the stream ended ${n - this.buf.length - this.pendingLength} bytes early`)
    }
    this.join()
    const out = this.buf.subarray(0, n)
    this.buf = this.buf.subarray(n)
    return out
  }

  /** What is buffered, or the next chunk; null at the end. */
  async readSome(): Promise<Buffer | null> {
    this.join()
    while (this.buf.length === 0) {
      if (!(await this.more())) return null
    }
    const out = this.buf
    this.buf = Buffer.alloc(0)
    return out
  }
}
