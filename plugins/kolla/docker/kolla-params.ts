/**
 * kolla_docker's parameters after kolla's `generate_module`: the task's own values over
 * `common_options` (kolla's `docker_common_options`), the built-in defaults of the common
 * options, the two environments merged, falsy `pid_mode`/`ipc_mode` dropped. Also the
 * small parsers kolla applies to them (`parse_image`, `generate_volumes`,
 * `generate_tmpfs`, `parse_healthcheck`), shared by the comparison rules and the create
 * request so that both read the parameters the same way.
 */
import { ModuleFailure, PyFloat, pyStr } from '../../../src/plugin-kit.js'


export interface KollaParams {
  action: string
  name?: string
  image?: string
  command?: string
  environment: Record<string, unknown>
  labels: Record<string, unknown>
  volumes?: unknown[] | null
  volumes_from?: string[] | null
  tmpfs?: unknown[] | null
  cap_add: string[]
  security_opt: string[]
  privileged: boolean
  detach: boolean
  remove_on_exit: boolean
  restart_policy?: string
  restart_retries?: number
  graceful_timeout?: number
  client_timeout?: number
  api_version?: string
  ipc_mode?: string
  pid_mode?: string
  cgroupns_mode?: string
  state: string
  dimensions: Record<string, unknown>
  healthcheck?: Record<string, unknown> | null
  tty: boolean
  ignore_missing: boolean
  auth_username?: string | null
  auth_password?: string | null
  auth_registry?: string | null
  auth_email?: string | null
  container_engine?: string
  [k: string]: unknown
}

/** kolla's `common_options_defaults`: the keys a task inherits from common_options. */
const COMMON_DEFAULTS: Record<string, unknown> = {
  auth_email: null,
  auth_password: null,
  auth_registry: null,
  auth_username: null,
  environment: null,
  restart_policy: null,
  restart_retries: 10,
  api_version: 'auto',
  graceful_timeout: 10,
  client_timeout: 120,
}

/**
 * `generate_module`: `spec` lists every parameter name (Ansible's module.params has them
 * all, None when unset); `args` are the validated task arguments.
 */
export function generateParams(spec: readonly string[], args: Record<string, unknown>): KollaParams {
  const common = { ...((args.common_options as Record<string, unknown> | null | undefined) ?? {}) }
  const out: Record<string, unknown> = common
  for (const k of spec) {
    if (k === 'common_options' || k === 'environment') continue
    const v = args[k]
    if (v === undefined || v === null) {
      if (!(k in COMMON_DEFAULTS)) continue
      if (k in out) {
        const cur = out[k]
        // From group vars the common options can be strings or ints.
        if (typeof cur === 'string' && /^[0-9]+$/.test(cur)) out[k] = Number(cur)
      } else if (COMMON_DEFAULTS[k] !== null) out[k] = COMMON_DEFAULTS[k]
      continue
    }
    out[k] = v
  }
  const commonEnv = out.environment
  delete out.environment
  out.environment = { ...(isObject(commonEnv) ? commonEnv : {}), ...(isObject(args.environment) ? args.environment : {}) }
  if (!out.pid_mode) delete out.pid_mode
  if (!out.ipc_mode) delete out.ipc_mode
  return out as KollaParams
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** kolla's parse_image: [repository, tag]; the tag is looked for after the first `/`. */
export function parseImage(image: string): [string, string] {
  const rest = image.includes('/') ? image.slice(image.indexOf('/') + 1) : image
  if (rest.includes(':')) {
    const at = image.lastIndexOf(':')
    return [image.slice(0, at), image.slice(at + 1)]
  }
  return [image, 'latest']
}

/** docker-py's parse_repository_tag: [repository, tag or digest or null]. */
export function parseRepositoryTag(name: string): [string, string | null] {
  const at = name.lastIndexOf('@')
  if (at >= 0) return [name.slice(0, at), name.slice(at + 1)]
  const colon = name.lastIndexOf(':')
  if (colon >= 0 && !name.slice(colon + 1).includes('/')) return [name.slice(0, colon), name.slice(colon + 1)]
  return [name, null]
}

export interface VolumeSpec {
  /** Container paths, anonymous volumes and bind targets alike (Config.Volumes). */
  paths: string[]
  /** source -> {bind, mode}, in first-seen order (a repeated source keeps its place). */
  binds: Map<string, { bind: string; mode: string }>
}

/** kolla's generate_volumes; null when there are no volumes. */
export function generateVolumes(volumes: unknown[] | null | undefined): VolumeSpec | null {
  if (!volumes || !volumes.length) return null
  const paths: string[] = []
  const binds = new Map<string, { bind: string; mode: string }>()
  for (const raw of volumes) {
    const vol = String(raw ?? '')
    if (!vol.length) continue
    if (!vol.includes(':')) {
      paths.push(vol)
      continue
    }
    const parts = vol.split(':')
    if (parts.length === 2 && (!parts[0].includes('/') || parts[1].includes('/'))) parts.push('rw')
    if (parts.length < 3) throw new ModuleFailure(`Cannot read the volume ${JSON.stringify(vol)}: expected SOURCE:DEST[:MODE] with DEST an absolute path`)
    paths.push(parts[1])
    binds.set(parts[0], { bind: parts[1], mode: parts[2] })
  }
  return { paths, binds }
}

/** The binds as Docker lists them: `source:dest:mode`. */
export function bindStrings(spec: VolumeSpec | null): string[] {
  return spec ? [...spec.binds].map(([src, b]) => `${src}:${b.bind}:${b.mode}`) : []
}

/** kolla's generate_tmpfs: the non-empty entries (null/undefined kept as given). */
export function generateTmpfs(tmpfs: unknown[] | null | undefined): string[] | null | undefined {
  return tmpfs ? tmpfs.filter((t) => t !== '' && t !== null && t !== undefined).map(String) : (tmpfs as null | undefined)
}

const HEALTHCHECK_KEYS = ['test', 'interval', 'timeout', 'start_period', 'retries']

/** kolla's parse_healthcheck: null for none (or test NONE); durations in nanoseconds. */
export function parseHealthcheck(hc: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!hc || !Object.keys(hc).length) return null
  const unsupported = Object.keys(hc).filter((k) => !HEALTHCHECK_KEYS.includes(k))
  if (unsupported.length) throw new ModuleFailure(`Unsupported healthcheck options: ${unsupported.join(', ')}`, { unsupported_healthcheck: unsupported })
  const missing = HEALTHCHECK_KEYS.filter((k) => !(k in hc))
  if (missing.length) throw new ModuleFailure(`Missing healthcheck option: ${missing.join(', ')}`, { missing_healthcheck: missing })
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(hc)) {
    if (key === 'test') {
      if (value === 'NONE' || (Array.isArray(value) && value.length === 1 && value[0] === 'NONE')) return null
      out.test = Array.isArray(value) ? value.map((e) => pyStr(e)) : ['CMD-SHELL', pyStr(value)]
    } else if (key === 'retries') out.retries = pyInt(value, 'Cannot parse healthcheck number of retries.')
    else out[key] = pyInt(value, `Cannot parse healthcheck "${pyStr(value)}".`) * 1_000_000_000
  }
  return out
}

/** Python's int() of an int, a whole float or a decimal string; a clear error otherwise. */
function pyInt(v: unknown, what: string): number {
  if (v instanceof PyFloat) return Math.trunc(v.value)
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string' && /^\s*[+-]?[0-9]+\s*$/.test(v)) return Number(v.trim())
  throw new ModuleFailure(`${what} Expected an integer, got ${JSON.stringify(v)}.`)
}
