/**
 * A small Docker registry (distribution API v2, read-only) on a loopback port, serving
 * images taken from the local engine with `docker save`: no registry is reachable from the
 * test machines, and the engine pulls from a loopback registry over plain HTTP. With
 * credentials it asks for HTTP basic auth, as a private registry does.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

interface Served {
  manifest: Buffer
  digest: string
}

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string
  /** Serves the local image `source` as `name:tag`. */
  add(source: string, name: string, tag: string): Promise<void>
  /** Requests seen, as `METHOD path`. */
  requests: string[]
  close(): Promise<void>
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

export async function startRegistry(auth?: { username: string; password: string }): Promise<TestRegistry> {
  const manifests = new Map<string, Served>()
  const blobs = new Map<string, Buffer>()
  const requests: string[] = []
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`)
    if (auth) {
      const want = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"', 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }))
        return
      }
    }
    const url = req.url ?? '/'
    const head = { 'Docker-Distribution-API-Version': 'registry/2.0' }
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, { ...head, 'Content-Type': 'application/json' })
      res.end('{}')
      return
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url)
    const notFound = (code: string): void => {
      res.writeHead(404, { ...head, 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ code, message: `${code.toLowerCase().replace('_', ' ')}` }] }))
    }
    if (!m) return notFound('NAME_UNKNOWN')
    if (m[2] === 'manifests') {
      const served = manifests.get(`${m[1]}:${m[3]}`) ?? [...manifests.values()].find((s) => s.digest === m[3] && manifests.has(`${m[1]}:${s.digest}`))
      if (!served) return notFound('MANIFEST_UNKNOWN')
      res.writeHead(200, { ...head, 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json', 'Docker-Content-Digest': served.digest, 'Content-Length': served.manifest.length })
      res.end(req.method === 'HEAD' ? undefined : served.manifest)
      return
    }
    const blob = blobs.get(m[3])
    if (!blob) return notFound('BLOB_UNKNOWN')
    res.writeHead(200, { ...head, 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': m[3], 'Content-Length': blob.length })
    res.end(req.method === 'HEAD' ? undefined : blob)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port

  async function add(source: string, name: string, tag: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-registry-'))
    try {
      await run('sh', ['-c', `docker save "$1" | tar -x -C "$2"`, 'sh', source, dir], { maxBuffer: 1 << 20 })
      const [entry] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[]
      const config = readFileSync(join(dir, entry.Config))
      blobs.set(sha(config), config)
      const layers = entry.Layers.map((l) => {
        const data = readFileSync(join(dir, l))
        blobs.set(sha(data), data)
        // Served uncompressed; the engine detects the compression of what it gets.
        return { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: data.length, digest: sha(data) }
      })
      const manifest = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha(config) },
          layers,
        }),
      )
      const served = { manifest, digest: sha(manifest) }
      manifests.set(`${name}:${tag}`, served)
      manifests.set(`${name}:${served.digest}`, served)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  return {
    host: `127.0.0.1:${port}`,
    add,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  }
}
