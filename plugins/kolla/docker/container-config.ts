/**
 * The body of `POST /containers/create` exactly as kolla's DockerWorker has docker-py build
 * it (`build_container_options` -> `create_host_config` -> `create_container`): the same
 * keys in the same order with the same values, so that the engine stores the same
 * container (`docker inspect` is identical). docker-py's `ContainerConfig` fills every key
 * and `_post_json` drops the top-level `None`s; `HostConfig` only has the keys it was given.
 */
import { ModuleFailure, PyFloat, pyStr, shlexSplit } from '../../../src/plugin-kit.js'
import { podmanAnonymousVolumes } from './podman-compat.js'
import { generateTmpfs, generateVolumes, parseHealthcheck, type KollaParams, type VolumeSpec } from './kolla-params.js'

/** kolla's parse_dimensions: what a container's resources may name. */
const SUPPORTED_DIMENSIONS = [
  'cpu_period', 'cpu_quota', 'cpu_shares', 'cpuset_cpus', 'cpuset_mems', 'mem_limit',
  'mem_reservation', 'memswap_limit', 'kernel_memory', 'blkio_weight', 'ulimits',
]

export interface CreateOptions {
  /** The engine's API version (cgroupns from 1.41). */
  apiVersionAtLeast: (v: string) => boolean
  /** Podman's Docker-compatible API (podman-volumes.ts): only anonymous volumes in `Volumes`. */
  podman?: boolean
  /**
   * Without systemd on the host, the engine restarts the container itself: its restart
   * policy goes into the container (kolla's systemd unit would carry it otherwise).
   */
  engineRestartPolicy?: Record<string, unknown>
}

/** The create request's JSON body (docker-py's `ContainerConfig`, None values dropped). */
export function createContainerBody(p: KollaParams, o: CreateOptions): Record<string, unknown> {
  const volumes = generateVolumes(p.volumes)
  const env = { ...p.environment, KOLLA_SERVICE_NAME: p.name!.replace(/_/g, '-') }
  const healthcheck = parseHealthcheck(p.healthcheck)
  const detach = p.detach
  const config: Record<string, unknown> = {
    Tty: p.tty,
    OpenStdin: false,
    StdinOnce: false,
    AttachStdin: false,
    AttachStdout: !detach,
    AttachStderr: !detach,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v === null || v === undefined ? '' : pyStr(v)}`),
    Cmd: p.command === undefined || p.command === null ? null : shlexSplit(p.command),
    Image: p.image,
    Volumes: volumes ? Object.fromEntries((o.podman ? podmanAnonymousVolumes(volumes) : volumes.paths).map((v) => [v, {}])) : null,
    NetworkDisabled: false,
    HostConfig: hostConfig(p, volumes?.binds.size ? volumes.binds : null, o),
    Labels: p.labels ?? null,
    Healthcheck: healthcheck
      ? { Test: healthcheck.test, Interval: healthcheck.interval, Timeout: healthcheck.timeout, Retries: healthcheck.retries, StartPeriod: healthcheck.start_period }
      : null,
  }
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== undefined))
}

/** kolla's build_host_config through docker-py's HostConfig, in HostConfig's key order. */
function hostConfig(p: KollaParams, binds: VolumeSpec['binds'] | null, o: CreateOptions): Record<string, unknown> {
  const dims = parseDimensions(p.dimensions ?? {})
  const h: Record<string, unknown> = {}
  if (dims.mem_limit !== undefined && dims.mem_limit !== null) h.Memory = parseBytes(dims.mem_limit, 'mem_limit')
  if (dims.memswap_limit !== undefined && dims.memswap_limit !== null) h.MemorySwap = parseBytes(dims.memswap_limit, 'memswap_limit')
  if (truthy(dims.mem_reservation)) h.MemoryReservation = parseBytes(dims.mem_reservation, 'mem_reservation')
  if (truthy(dims.kernel_memory)) h.KernelMemory = parseBytes(dims.kernel_memory, 'kernel_memory')
  if (p.pid_mode) h.PidMode = p.pid_mode
  if (p.ipc_mode) h.IpcMode = p.ipc_mode
  if (p.privileged) h.Privileged = p.privileged
  h.NetworkMode = 'host'
  if (o.engineRestartPolicy) h.RestartPolicy = o.engineRestartPolicy
  if (p.cap_add?.length) h.CapAdd = p.cap_add
  if (p.security_opt !== undefined && p.security_opt !== null) {
    if (!Array.isArray(p.security_opt)) throw new ModuleFailure('Invalid type for security_opt: expected a list')
    h.SecurityOpt = p.security_opt
  }
  if (p.volumes_from !== undefined && p.volumes_from !== null) h.VolumesFrom = typeof p.volumes_from === 'string' ? (p.volumes_from as string).split(',') : p.volumes_from
  if (binds) h.Binds = [...binds].map(([src, b]) => `${src}:${b.bind}:${b.mode}`)
  if (dims.ulimits !== undefined && dims.ulimits !== null) h.Ulimits = buildUlimits(dims.ulimits)
  for (const [key, field] of [['cpu_quota', 'CpuQuota'], ['cpu_period', 'CpuPeriod'], ['cpu_shares', 'CpuShares']] as const) {
    if (truthy(dims[key])) h[field] = intDimension(dims[key], key)
  }
  if (truthy(dims.cpuset_cpus)) h.CpusetCpus = dims.cpuset_cpus
  if (truthy(dims.cpuset_mems)) {
    if (typeof dims.cpuset_mems !== 'string') throw new ModuleFailure(`Invalid type for cpuset_mems: expected a string, got ${JSON.stringify(dims.cpuset_mems)}`)
    h.CpusetMems = dims.cpuset_mems
  }
  if (truthy(dims.blkio_weight)) h.BlkioWeight = intDimension(dims.blkio_weight, 'blkio_weight')
  const tmpfs = generateTmpfs(p.tmpfs)
  if (tmpfs && tmpfs.length) h.Tmpfs = tmpfsMounts(tmpfs)
  if (o.apiVersionAtLeast('1.41') && p.cgroupns_mode !== undefined && p.cgroupns_mode !== null) h.CgroupnsMode = p.cgroupns_mode
  return h
}

/** kolla's parse_dimensions: only the supported keys; ulimits stay a dict until built. */
function parseDimensions(dimensions: Record<string, unknown>): Record<string, unknown> {
  const unsupported = Object.keys(dimensions).filter((k) => !SUPPORTED_DIMENSIONS.includes(k))
  if (unsupported.length) {
    throw new ModuleFailure(`Unsupported dimensions: ${unsupported.join(', ')} (supported: ${SUPPORTED_DIMENSIONS.join(', ')})`, { unsupported_dimensions: unsupported })
  }
  return dimensions
}

/** kolla's build_ulimits: `{name: {soft, hard}}` -> docker-py Ulimit dicts. */
export function buildUlimits(ulimits: unknown): { Name: string; Soft: unknown; Hard: unknown }[] {
  if (typeof ulimits !== 'object' || ulimits === null || Array.isArray(ulimits)) {
    throw new ModuleFailure(`Invalid ulimits: expected a mapping of name to {soft, hard}, got ${JSON.stringify(ulimits)}`)
  }
  return Object.entries(ulimits as Record<string, unknown>).map(([name, v]) => {
    const lim = (v ?? {}) as Record<string, unknown>
    for (const side of ['soft', 'hard']) {
      const x = lim[side]
      if (truthy(x) && !(typeof x === 'number' && Number.isInteger(x))) throw new ModuleFailure(`Invalid ulimit ${name}: ${side} must be an integer, got ${JSON.stringify(x)}`)
    }
    return { Name: name, Soft: lim.soft ?? null, Hard: lim.hard ?? null }
  })
}

/** docker-py's convert_tmpfs_mounts: `path[:options]` -> {path: options}. */
function tmpfsMounts(tmpfs: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of tmpfs) {
    const colon = m.indexOf(':')
    if (colon >= 0) out[m.slice(0, colon)] = m.slice(colon + 1)
    else out[m] = ''
  }
  return out
}

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }

/** docker-py's parse_bytes: `512m`, `1gb`, `1024` -> bytes. */
function parseBytes(v: unknown, what: string): number {
  if (v instanceof PyFloat) return v.value
  if (typeof v === 'number') return v
  let s = String(v)
  if (!s.length) return 0
  const alpha = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c)
  if (alpha(s.at(-2)) && alpha(s.at(-1)) && (s.at(-1) === 'b' || s.at(-1) === 'B')) s = s.slice(0, -1)
  let suffix = s.at(-1)!.toLowerCase()
  let digits = s.slice(0, -1)
  if (/[0-9]/.test(suffix)) {
    digits = s
    suffix = 'b'
  }
  if (!(suffix in BYTE_UNITS) || !/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(digits)) {
    throw new ModuleFailure(`The value ${JSON.stringify(String(v))} of ${what} is not a size: a number with one of the units b, k, m, g`)
  }
  return Math.trunc(Number(digits) * BYTE_UNITS[suffix])
}

function intDimension(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v
  if (typeof v === 'boolean') return v ? 1 : 0
  throw new ModuleFailure(`Invalid type for ${what}: expected an integer, got ${JSON.stringify(v)}`)
}

/** Python truthiness of a parameter value. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false
  if (v instanceof PyFloat) return v.value !== 0
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}
