/**
 * The Docker Engine API as docker-py's `APIClient` speaks it, over a unix socket on the
 * host: the same endpoints, query parameters and JSON bodies (Python's `json.dumps` of the
 * same dicts, `None` values dropped at the top level), API version `auto` asked of the
 * engine, registry credentials from `login` sent with pulls. Podman's Docker-compatible
 * socket answers the same requests.
 */
import type { Duplex } from 'node:stream'
import { jsonDumps } from '../../../src/plugin-kit.js'
import { HttpClient, type HttpResponse } from './http-client.js'
import { demux, type Demuxed } from './frames.js'
import { encodeAuthHeader, INDEX_NAME, registryOf, resolveRepositoryName, type AuthConfig } from './registry-auth.js'

export const DOCKER_SOCKET = '/var/run/docker.sock'
export const PODMAN_SOCKET = '/run/podman/podman.sock'

/** docker-py's DEFAULT_DOCKER_API_VERSION, used when no version is asked for. */
const DEFAULT_API_VERSION = '1.41'

/** An answer of 400 or more, with the engine's own message. */
export class DockerApiError extends Error {
  constructor(
    readonly status: number,
    readonly explanation: string,
    readonly request: string,
  ) {
    super(`${status} ${request}: ${explanation}`)
    this.name = 'DockerApiError'
  }

  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500
  }
}

/** The engine cannot be reached at all (no socket, refused, forwarding denied). */
export class EngineUnreachableError extends Error {
  constructor(
    readonly socket: string,
    cause: unknown,
  ) {
    super(`Cannot reach the container engine at unix://${socket}: ${(cause as Error)?.message ?? String(cause)}`)
    this.name = 'EngineUnreachableError'
  }
}

export interface EngineClientOptions {
  /** `auto` (ask the engine), a version such as `1.41`, or undefined for docker-py's default. */
  version?: string | null
  /** docker-py's `timeout`: seconds for each request. */
  timeoutS?: number
  socket?: string
}

type Query = Record<string, string | number | boolean | undefined | null>

export class EngineClient {
  private readonly http: HttpClient
  private readonly timeoutMs: number
  private readonly auths = new Map<string, AuthConfig>()
  version = DEFAULT_API_VERSION

  private constructor(
    open: (path: string) => Promise<Duplex>,
    readonly socket: string,
    timeoutS: number,
  ) {
    this.timeoutMs = timeoutS * 1000
    this.http = new HttpClient(async () => {
      try {
        return await open(socket)
      } catch (e) {
        throw new EngineUnreachableError(socket, e)
      }
    })
  }

  static async connect(open: (path: string) => Promise<Duplex>, options: EngineClientOptions = {}): Promise<EngineClient> {
    const client = new EngineClient(open, options.socket ?? DOCKER_SOCKET, options.timeoutS ?? 60)
    const v = options.version
    if (v === 'auto') {
      const info = (await client.call('GET', '/version', { versioned: false })) as { ApiVersion?: string }
      if (!info.ApiVersion) throw new Error('Invalid response from the engine: key "ApiVersion" is missing.')
      client.version = info.ApiVersion
    } else if (v) client.version = v
    return client
  }

  close(): void {
    this.http.close()
  }

  /** `a >= b` for API versions such as `1.41`. */
  versionAtLeast(b: string): boolean {
    const [x, y] = [this.version, b].map((v) => v.split('.').map(Number))
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
      if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
    }
    return true
  }

  // ---- containers ------------------------------------------------------------------

  containers(options: { all?: boolean; filters?: Record<string, string | string[]> } = {}): Promise<ContainerSummary[]> {
    const q: Query = { limit: -1, all: options.all ? 1 : 0, size: 0, trunc_cmd: 0 }
    if (options.filters) q.filters = convertFilters(options.filters)
    return this.call('GET', '/containers/json', { query: q }) as Promise<ContainerSummary[]>
  }

  /** The container's inspect document, or null when there is none. */
  async inspectContainer(name: string): Promise<ContainerInspect | null> {
    try {
      return (await this.call('GET', `/containers/${enc(name)}/json`)) as ContainerInspect
    } catch (e) {
      if (e instanceof DockerApiError && e.status === 404) return null
      throw e
    }
  }

  createContainer(config: Record<string, unknown>, name: string): Promise<{ Id: string; Warnings: string[] }> {
    return this.call('POST', '/containers/create', { query: { name }, json: config }) as Promise<{ Id: string; Warnings: string[] }>
  }

  async start(name: string): Promise<void> {
    await this.call('POST', `/containers/${enc(name)}/start`)
  }

  async stop(name: string, timeout: number): Promise<void> {
    await this.call('POST', `/containers/${enc(name)}/stop`, { query: { t: timeout }, timeoutMs: this.timeoutMs + timeout * 1000 })
  }

  /** docker update --restart: the restart policy of an existing container. */
  async updateRestartPolicy(name: string, policy: Record<string, unknown>): Promise<void> {
    await this.call('POST', `/containers/${enc(name)}/update`, { json: { RestartPolicy: policy } })
  }

  async removeContainer(name: string, force: boolean): Promise<void> {
    await this.call('DELETE', `/containers/${enc(name)}`, { query: { v: false, link: false, force } })
  }

  /** Waits for the container to exit (no time limit, as docker-py's wait()); its exit code. */
  async wait(name: string): Promise<number> {
    const r = (await this.call('POST', `/containers/${enc(name)}/wait`, { timeoutMs: null })) as { StatusCode: number }
    return r.StatusCode
  }

  /**
   * Watches for the container's next exit (`wait?condition=next-exit`): `registered`
   * resolves once the engine watches (start the container after it), `exit` with the
   * exit code; `cancel` stops watching.
   */
  watchNextExit(name: string): { registered: Promise<void>; exit: Promise<{ code: number; date: string }>; cancel: () => void } {
    const abort = new AbortController()
    let registered!: () => void
    const reg = new Promise<void>((r) => (registered = r))
    const exit = this.raw('POST', `/containers/${enc(name)}/wait`, {
      query: { condition: 'next-exit' },
      timeoutMs: null,
      signal: abort.signal,
      onHeaders: () => registered(),
    }).then((res) => ({ code: (JSON.parse(res.body.toString('utf8')) as { StatusCode: number }).StatusCode, date: res.headers.date ?? '' }))
    exit.catch(() => registered())
    return { registered: reg, exit, cancel: () => abort.abort() }
  }

  /**
   * The exit code of the container's first exit after `since` (an engine time, RFC 3339),
   * from its `die` events up to `until` (an HTTP date of the engine): exact even when a
   * restart policy has already started it again.
   */
  async firstExitCode(id: string, since: string, until: string): Promise<number | null> {
    const filters = JSON.stringify({ container: [id], type: ['container'], event: ['die'] })
    const untilS = Math.floor(Date.parse(until) / 1000) + 1
    const res = await this.raw('GET', '/events', { query: { since: unixNano(since), until: Number.isFinite(untilS) ? untilS : undefined, filters } })
    for (const line of res.body.toString('utf8').split('\n')) {
      const code = line.trim() ? (JSON.parse(line) as { Actor?: { Attributes?: { exitCode?: string } } }).Actor?.Attributes?.exitCode : undefined
      if (code !== undefined) return Number(code)
    }
    return null
  }

  async logs(name: string, which: 'stdout' | 'stderr', tty: boolean): Promise<Buffer> {
    const query = { stderr: which === 'stderr' ? 1 : 0, stdout: which === 'stdout' ? 1 : 0, timestamps: 0, follow: 0, tail: 'all' }
    const res = await this.raw('GET', `/containers/${enc(name)}/logs`, { query })
    return demux(res.body, tty)[which]
  }

  // ---- exec ------------------------------------------------------------------------

  async execCreate(container: string, cmd: string[], options: { user?: string | null; environment?: Record<string, string> } = {}): Promise<string> {
    const body = {
      Container: container,
      User: options.user ?? '',
      Privileged: false,
      Tty: false,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Cmd: cmd,
      Env: options.environment ? Object.entries(options.environment).map(([k, v]) => `${k}=${v}`) : null,
    }
    const r = (await this.call('POST', `/containers/${enc(container)}/exec`, { json: body })) as { Id: string }
    return r.Id
  }

  /** Runs the exec and returns its output, stdout and stderr apart. */
  async execStart(id: string, timeoutMs?: number | null): Promise<Demuxed> {
    const res = await this.raw('POST', `/exec/${enc(id)}/start`, { json: { Tty: false, Detach: false }, upgrade: true, timeoutMs })
    return demux(res.body)
  }

  execInspect(id: string): Promise<{ ExitCode: number | null; Running: boolean }> {
    return this.call('GET', `/exec/${enc(id)}/json`) as Promise<{ ExitCode: number | null; Running: boolean }>
  }

  // ---- images ----------------------------------------------------------------------

  images(options: { name?: string; quiet?: boolean } = {}): Promise<ImageSummary[]> {
    const q: Query = { only_ids: options.quiet ? 1 : 0, all: 0 }
    if (options.name) q.filters = convertFilters({ reference: options.name })
    return this.call('GET', '/images/json', { query: q }) as Promise<ImageSummary[]>
  }

  /** docker-py's login(): asks the engine to check the credentials, then keeps them for pulls. */
  async login(auth: AuthConfig): Promise<void> {
    const registry = auth.serveraddress
    await this.call('POST', '/auth', { json: { username: auth.username, password: auth.password, email: auth.email, serveraddress: registry } })
    this.auths.set(registry || INDEX_NAME, auth)
  }

  /** Pulls `repository:tag`, returning the engine's progress messages (JSON lines). */
  async pull(repository: string, tag: string): Promise<Record<string, unknown>[]> {
    const headers: Record<string, string> = {}
    const auth = this.authFor(resolveRepositoryName(repository)[0])
    if (auth) headers['X-Registry-Auth'] = encodeAuthHeader(auth)
    const statuses: Record<string, unknown>[] = []
    let rest = ''
    const res = await this.raw('POST', '/images/create', {
      query: { tag, fromImage: repository },
      headers,
      timeoutMs: null,
      onData: (chunk) => {
        rest += chunk.toString('utf8')
        let nl: number
        while ((nl = rest.indexOf('\n')) >= 0) {
          const line = rest.slice(0, nl).trim()
          rest = rest.slice(nl + 1)
          if (line) statuses.push(JSON.parse(line) as Record<string, unknown>)
        }
      },
    })
    if (rest.trim()) statuses.push(JSON.parse(rest) as Record<string, unknown>)
    void res
    return statuses
  }

  async removeImage(image: string): Promise<void> {
    await this.call('DELETE', `/images/${enc(image)}`, { query: { force: false, noprune: false } })
  }

  // ---- volumes ---------------------------------------------------------------------

  volumes(): Promise<{ Volumes: VolumeInfo[] | null }> {
    return this.call('GET', '/volumes') as Promise<{ Volumes: VolumeInfo[] | null }>
  }

  createVolume(name: string, driver: string): Promise<VolumeInfo> {
    return this.call('POST', '/volumes/create', { json: { Name: name, Driver: driver } }) as Promise<VolumeInfo>
  }

  async removeVolume(name: string): Promise<void> {
    await this.call('DELETE', `/volumes/${enc(name)}`)
  }

  /** POST /<kind>/prune (containers, images, networks, volumes, build): the engine's answer. */
  prune(kind: 'containers' | 'images' | 'networks' | 'volumes' | 'build', filters?: string): Promise<Record<string, unknown>> {
    return this.call('POST', `/${kind}/prune`, { query: filters === undefined ? undefined : { filters } }) as Promise<Record<string, unknown>>
  }

  // ---- plumbing --------------------------------------------------------------------

  private authFor(registry: string): AuthConfig | undefined {
    const direct = this.auths.get(registry)
    if (direct) return direct
    for (const [key, conf] of this.auths) if (registryOf(key) === registry) return conf
    return undefined
  }

  private async call(method: Method, path: string, o: CallOptions = {}): Promise<unknown> {
    const res = await this.raw(method, path, o)
    if (!res.body.length) return null
    return JSON.parse(res.body.toString('utf8')) as unknown
  }

  private async raw(method: Method, path: string, o: CallOptions = {}): Promise<HttpResponse> {
    const url = `${o.versioned === false ? '' : `/v${this.version}`}${path}${queryString(o.query)}`
    const headers = { ...o.headers }
    let body: string | undefined
    if (o.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = jsonDumps(dropNone(o.json), { plain: true })
    } else if (method === 'POST') body = ''
    const timeoutMs = o.timeoutMs === null ? undefined : (o.timeoutMs ?? this.timeoutMs)
    const res = await this.http.request({ method, path: url, headers, body, upgrade: o.upgrade, onData: o.onData, timeoutMs, signal: o.signal, onHeaders: o.onHeaders })
    if (res.status >= 400) throw new DockerApiError(res.status, explanation(res), `${method} ${path}`)
    return res
  }
}

type Method = 'GET' | 'POST' | 'DELETE'

interface CallOptions {
  query?: Query
  json?: Record<string, unknown>
  headers?: Record<string, string>
  versioned?: boolean
  upgrade?: boolean
  onData?: (chunk: Buffer) => void
  onHeaders?: (status: number) => void
  signal?: AbortSignal
  /** null: no time limit; undefined: the client's timeout. */
  timeoutMs?: number | null
}

function explanation(res: HttpResponse): string {
  const text = res.body.toString('utf8').trim()
  try {
    const j = JSON.parse(text) as { message?: string }
    if (typeof j.message === 'string') return j.message
  } catch {
    /* not JSON */
  }
  return text || `HTTP ${res.status}`
}

/** An RFC 3339 time with nanoseconds as the engine's `seconds.nanoseconds`. */
function unixNano(time: string): string {
  const m = /\.(\d+)Z$/.exec(time)
  const seconds = Math.floor(Date.parse(time.replace(/\.\d+Z$/, 'Z')) / 1000)
  return `${seconds}.${(m?.[1] ?? '').padEnd(9, '0').slice(0, 9)}`
}

/** docker-py's _post_json: top-level `None` values are left out. */
function dropNone(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null && v !== undefined))
}

/** docker-py's _url(): path arguments quoted with `/` and `:` kept. */
function enc(s: string): string {
  return encodeURIComponent(s).replace(/%2F/gi, '/').replace(/%3A/gi, ':')
}

/** requests' encoding of a params dict: None left out, True/False as Python prints them. */
function queryString(q: Query | undefined): string {
  if (!q) return ''
  const parts: string[] = []
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null) continue
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/** docker-py's convert_filters: every value a list, as JSON. */
function convertFilters(filters: Record<string, string | string[]>): string {
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(filters)) out[k] = Array.isArray(v) ? v : [v]
  return JSON.stringify(out)
}

export interface ContainerSummary {
  Id: string
  Names: string[]
  Image: string
  ImageID: string
  State: string
  Status: string
  Labels: Record<string, string> | null
  [k: string]: unknown
}

export interface ImageSummary {
  Id: string
  RepoTags: string[] | null
  Labels: Record<string, string> | null
  [k: string]: unknown
}

export interface VolumeInfo {
  Name: string
  Driver: string
  Mountpoint: string
  [k: string]: unknown
}

export interface ContainerInspect {
  Id: string
  Image: string
  Path: string
  Args: string[]
  Config: {
    Image: string
    Env?: string[] | null
    Labels?: Record<string, string> | null
    Volumes?: Record<string, unknown> | null
    Healthcheck?: Record<string, unknown> | null
    Tty?: boolean
    [k: string]: unknown
  }
  HostConfig: Record<string, unknown> & {
    CapAdd?: string[] | null
    SecurityOpt?: string[] | null
    Binds?: string[] | null
    VolumesFrom?: string[] | null
    Tmpfs?: Record<string, string> | null
    Privileged?: boolean
  }
  State: { Status: string; Running: boolean; ExitCode: number; [k: string]: unknown }
  [k: string]: unknown
}

/** The socket of a container engine as kolla names it (`docker` or `podman`). */
export function engineSocket(engine: string | undefined): string {
  return engine === 'podman' ? PODMAN_SOCKET : DOCKER_SOCKET
}

/** Connects to the host's engine, runs `fn` with the client, and closes it. */
export async function withEngine<T>(
  open: (path: string) => Promise<Duplex>,
  options: EngineClientOptions,
  fn: (client: EngineClient) => Promise<T>,
): Promise<T> {
  const client = await EngineClient.connect(open, options)
  try {
    return await fn(client)
  } finally {
    client.close()
  }
}
