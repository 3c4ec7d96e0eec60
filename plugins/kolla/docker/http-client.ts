/**
 * A small HTTP/1.1 client over byte streams to a unix socket on a host (the Docker engine's
 * API, reached through `ModuleContext.openUnixStream`). It keeps one idle stream alive
 * between requests, as docker-py's connection pool does, and opens another when a request
 * is already running. Bodies come by Content-Length, chunked, or up to the end of the
 * stream; a `101 Switching Protocols` answer (exec and attach) hands over the raw stream.
 */
import type { Duplex } from 'node:stream'
import { StreamReader } from './stream-reader.js'

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'HEAD'
  /** Path and query, already encoded. */
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  /** Gives up (and drops the stream) after this many milliseconds. */
  timeoutMs?: number
  /** Called with each piece of a successful (2xx) body as it arrives (progress streams). */
  onData?: (chunk: Buffer) => void
  /** Asks for the raw stream (`Connection: Upgrade`): the body is read up to its end. */
  upgrade?: boolean
  /** Called when the status line and headers have arrived, before the body. */
  onHeaders?: (status: number) => void
  /** Aborting drops the stream and fails the request. */
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  body: Buffer
}

export class HttpTimeoutError extends Error {
  constructor(request: HttpRequest, ms: number) {
    super(`${request.method} ${request.path} got no answer within ${ms / 1000} s`)
    this.name = 'HttpTimeoutError'
  }
}

interface Conn {
  stream: Duplex
  reader: StreamReader
}

export class HttpClient {
  private idle: Conn | undefined
  private readonly open = new Set<Conn>()

  constructor(
    private readonly connect: () => Promise<Duplex>,
    private readonly hostHeader = 'localhost',
  ) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    const conn = await this.take()
    let timer: NodeJS.Timeout | undefined
    if (req.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        conn.reader.abort(new HttpTimeoutError(req, req.timeoutMs!))
        conn.stream.destroy()
      }, req.timeoutMs)
    }
    const onAbort = (): void => {
      conn.reader.abort(new Error(`${req.method} ${req.path} was cancelled`))
      conn.stream.destroy()
    }
    req.signal?.addEventListener('abort', onAbort)
    if (req.signal?.aborted) onAbort()
    let reusable = false
    try {
      conn.stream.write(this.head(req))
      if (req.body !== undefined && req.body.length) conn.stream.write(req.body)
      const res = await readResponse(conn.reader, req)
      reusable = res.reusable
      return { status: res.status, headers: res.headers, body: res.body }
    } finally {
      clearTimeout(timer)
      req.signal?.removeEventListener('abort', onAbort)
      this.give(conn, reusable)
    }
  }

  /** Ends every stream. */
  close(): void {
    for (const c of this.open) c.stream.destroy()
    this.open.clear()
    this.idle = undefined
  }

  private async take(): Promise<Conn> {
    const idle = this.idle
    this.idle = undefined
    if (idle && !idle.reader.done && !idle.stream.destroyed) return idle
    if (idle) this.drop(idle)
    const stream = await this.connect()
    const conn = { stream, reader: new StreamReader(stream) }
    this.open.add(conn)
    return conn
  }

  private give(conn: Conn, reusable: boolean): void {
    if (reusable && !this.idle && !conn.stream.destroyed) this.idle = conn
    else this.drop(conn)
  }

  private drop(conn: Conn): void {
    this.open.delete(conn)
    conn.stream.destroy()
  }

  private head(req: HttpRequest): string {
    const headers: Record<string, string> = { Host: this.hostHeader, 'User-Agent': 'tsible', 'Accept-Encoding': 'identity', ...req.headers }
    if (req.upgrade) Object.assign(headers, { Connection: 'Upgrade', Upgrade: 'tcp' })
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body))
    const lines = [`${req.method} ${req.path} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)]
    return `${lines.join('\r\n')}\r\n\r\n`
  }
}

interface RawResponse extends HttpResponse {
  reusable: boolean
}

async function readResponse(reader: StreamReader, req: HttpRequest): Promise<RawResponse> {
  let statusLine: Buffer | null
  let status: number
  // 1xx informational answers (100 Continue) are skipped; 101 means the stream is ours.
  for (;;) {
    statusLine = await reader.readUntil('\r\n')
    if (statusLine === null) throw new Error(`${req.method} ${req.path}: the engine closed the connection without an answer`)
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine.toString('latin1'))
    if (!m) throw new Error(`${req.method} ${req.path}: not an HTTP answer: ${JSON.stringify(statusLine.toString('latin1').slice(0, 80))}`)
    status = Number(m[1])
    const headers = await readHeaders(reader, req)
    if (status >= 100 && status < 200 && status !== 101) continue
    req.onHeaders?.(status)
    return readBody(reader, req, status, headers)
  }
}

async function readHeaders(reader: StreamReader, req: HttpRequest): Promise<Record<string, string>> {
  const headers: Record<string, string> = {}
  for (;;) {
    const line = await reader.readUntil('\r\n', 64 * 1024)
    if (line === null) throw new Error(`${req.method} ${req.path}: the answer ended inside its headers`)
    if (!line.length) return headers
    const text = line.toString('latin1')
    const colon = text.indexOf(':')
    if (colon > 0) headers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim()
  }
}

async function readBody(reader: StreamReader, req: HttpRequest, status: number, headers: Record<string, string>): Promise<RawResponse> {
  const chunks: Buffer[] = []
  // Only a successful body is streamed; an error's body is kept for its message.
  const onData = status < 300 ? req.onData : undefined
  const take = (b: Buffer): void => {
    if (onData) onData(b)
    else chunks.push(b)
  }
  const done = (reusable: boolean): RawResponse => ({ status, headers, body: Buffer.concat(chunks), reusable })
  if (req.method === 'HEAD' || status === 204 || status === 304) return done(true)
  // A 101 hands the stream over: what follows is the raw stream, up to its end.
  const raw = status === 101
  if (!raw && /chunked/i.test(headers['transfer-encoding'] ?? '')) {
    for (;;) {
      const sizeLine = await reader.readUntil('\r\n')
      if (sizeLine === null) throw new Error(`${req.method} ${req.path}: the answer ended inside its body`)
      const size = parseInt(sizeLine.toString('latin1'), 16)
      if (!Number.isFinite(size)) throw new Error(`${req.method} ${req.path}: bad chunk size ${JSON.stringify(sizeLine.toString('latin1'))}`)
      if (size === 0) {
        // Trailers, then the empty line.
        while ((await reader.readUntil('\r\n'))?.length) {
          /* skip trailer */
        }
        return done(!/close/i.test(headers.connection ?? ''))
      }
      take(await reader.readExactly(size))
      await reader.readUntil('\r\n')
    }
  }
  const length = headers['content-length']
  if (!raw && length !== undefined) {
    const n = Number(length)
    if (n > 0) take(await reader.readExactly(n))
    return done(!/close/i.test(headers.connection ?? ''))
  }
  for (let b = await reader.readSome(); b !== null; b = await reader.readSome()) take(b)
  return done(false)
}
