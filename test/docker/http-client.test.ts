/**
 * The HTTP/1.1 client of the engine API over unix-socket streams, against a real HTTP
 * server on a unix socket (node:http) and the real engine: bodies by length, chunked and
 * up to the end, keep-alive reuse, 101 hand-over, the multiplexed stdout/stderr frames,
 * error bodies kept while progress streams, time limits and cancellation.
 */
import { mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demux } from '../../plugins/kolla/docker/frames.js'
import { HttpClient, HttpTimeoutError } from '../../plugins/kolla/docker/http-client.js'

const sock = join(mkdtempSync(join(tmpdir(), 'tsible-http-')), 's.sock')
let server: Server
let streamsOpened = 0
const open = (): Promise<Duplex> =>
  new Promise((resolve, reject) => {
    streamsOpened++
    const s = connect(sock)
    s.once('connect', () => resolve(s)).once('error', reject)
  })

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? ''
    if (url === '/length') return res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 11 }).end('{"a": 1234}')
    if (url === '/chunked') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"status": "one"}\n')
      setTimeout(() => res.end('{"status": "two"}\n'), 20)
      return
    }
    if (url === '/error-while-streaming') return res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message": "no such registry"}')
    if (url === '/echo' && req.method === 'POST') {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ got: body, type: req.headers['content-type'] })))
      return
    }
    if (url === '/slow') return setTimeout(() => res.end('late'), 5000)
    if (url === '/close') {
      res.shouldKeepAlive = false
      return res.writeHead(200, { Connection: 'close' }).end('bye')
    }
    res.writeHead(404).end()
  })
  server.on('upgrade', (req, socket) => {
    // A hijacked exec: 101, then two frames and the end of the stream.
    socket.write('HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n')
    const frame = (kind: number, text: string): Buffer => {
      const head = Buffer.alloc(8)
      head[0] = kind
      head.writeUInt32BE(Buffer.byteLength(text), 4)
      return Buffer.concat([head, Buffer.from(text)])
    }
    socket.end(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]))
  })
  await new Promise<void>((r) => server.listen(sock, r))
})

afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('HttpClient over a unix socket', () => {
  it('reads bodies by length and chunked, keeping one stream alive across requests', async () => {
    const c = new HttpClient(open)
    const before = streamsOpened
    const a = await c.request({ method: 'GET', path: '/length' })
    expect([a.status, a.headers['content-type'], a.body.toString()]).toEqual([200, 'application/json', '{"a": 1234}'])
    const b = await c.request({ method: 'GET', path: '/chunked' })
    expect(b.body.toString()).toBe('{"status": "one"}\n{"status": "two"}\n')
    const e = await c.request({ method: 'POST', path: '/echo', body: '{"x": 1}', headers: { 'Content-Type': 'application/json' } })
    expect([e.status, JSON.parse(e.body.toString())]).toEqual([201, { got: '{"x": 1}', type: 'application/json' }])
    expect(streamsOpened - before).toBe(1)
    c.close()
  })

  it('opens another stream for a request made while one runs', async () => {
    const c = new HttpClient(open)
    const before = streamsOpened
    const [x, y] = await Promise.all([c.request({ method: 'GET', path: '/chunked' }), c.request({ method: 'GET', path: '/length' })])
    expect([x.status, y.status]).toEqual([200, 200])
    expect(streamsOpened - before).toBe(2)
    c.close()
  })

  it('streams a successful body piece by piece, and keeps an error body for its message', async () => {
    const c = new HttpClient(open)
    const pieces: string[] = []
    const ok = await c.request({ method: 'GET', path: '/chunked', onData: (b) => pieces.push(b.toString()) })
    expect([ok.body.length, pieces]).toEqual([0, ['{"status": "one"}\n', '{"status": "two"}\n']])
    const bad = await c.request({ method: 'GET', path: '/error-while-streaming', onData: () => pieces.push('never') })
    expect([bad.status, bad.body.toString(), pieces.length]).toEqual([500, '{"message": "no such registry"}', 2])
    c.close()
  })

  it('hands over the stream on 101: the multiplexed frames up to its end', async () => {
    const c = new HttpClient(open)
    const r = await c.request({ method: 'POST', path: '/exec/x/start', body: '{}', upgrade: true })
    expect(r.status).toBe(101)
    const { stdout, stderr } = demux(r.body)
    expect([stdout.toString(), stderr.toString()]).toEqual(['out\nmore', 'err\n'])
    // The hijacked stream is not reused: the next request gets a new one.
    const before = streamsOpened
    expect((await c.request({ method: 'GET', path: '/length' })).status).toBe(200)
    expect(streamsOpened - before).toBe(1)
    c.close()
  })

  it('a stream the server closes is not reused', async () => {
    const c = new HttpClient(open)
    expect((await c.request({ method: 'GET', path: '/close' })).body.toString()).toBe('bye')
    const before = streamsOpened
    expect((await c.request({ method: 'GET', path: '/length' })).status).toBe(200)
    expect(streamsOpened - before).toBe(1)
    c.close()
  })

  it('gives up after its time limit, and on cancellation', async () => {
    const c = new HttpClient(open)
    await expect(c.request({ method: 'GET', path: '/slow', timeoutMs: 100 })).rejects.toBeInstanceOf(HttpTimeoutError)
    const abort = new AbortController()
    const p = c.request({ method: 'GET', path: '/slow', signal: abort.signal })
    setTimeout(() => abort.abort(), 50)
    await expect(p).rejects.toThrow(/was cancelled/)
    expect((await c.request({ method: 'GET', path: '/length' })).status).toBe(200)
    c.close()
  })

  it('frames: a TTY stream is stdout as it is', () => {
    expect(demux(Buffer.from('raw text'), true)).toEqual({ stdout: Buffer.from('raw text'), stderr: Buffer.alloc(0) })
  })
})
