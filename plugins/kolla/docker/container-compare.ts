/**
 * kolla's `check_container_differs`: its sixteen comparison rules, in its order, between
 * the task's parameters and the container's `docker inspect`. Each rule says what differs
 * (the attribute, the container's value, the wanted value) or nothing. kolla stops at the
 * first difference; `differences()` goes on to list them all for the container plan, but
 * an error in a rule kolla would not have reached (after a difference) ends the list
 * instead of failing the task, so the outcome is kolla's.
 */
import { ModuleFailure, pyEq, pyStr, shlexSplit } from '../../../src/plugin-kit.js'
import { buildUlimits } from './container-config.js'
import { podmanPidModeEqual, podmanUlimits, podmanVolumesDiffer } from './podman-compat.js'
import type { Difference } from './container-plan.js'
import type { ContainerInspect, ImageSummary } from './engine-client.js'
import { bindStrings, generateTmpfs, generateVolumes, parseHealthcheck, parseImage, parseRepositoryTag, type KollaParams } from './kolla-params.js'

export interface CompareInput {
  p: KollaParams
  info: ContainerInspect
  /** kolla's check_image(): the local image tagged as the task's image, if any. */
  image: () => Promise<ImageSummary | null>
  apiAtLeast: (v: string) => boolean
  /** Podman's Docker-compatible API: volumes compared as kolla master's podman worker does. */
  podman?: boolean
}

type Rule = (c: CompareInput) => Promise<Difference | null> | Difference | null


/** kolla's dimension_map: parameter name -> HostConfig field. */
const DIMENSION_MAP: [string, string][] = [
  ['mem_limit', 'Memory'], ['mem_reservation', 'MemoryReservation'], ['memswap_limit', 'MemorySwap'],
  ['cpu_period', 'CpuPeriod'], ['cpu_quota', 'CpuQuota'], ['cpu_shares', 'CpuShares'],
  ['cpuset_cpus', 'CpusetCpus'], ['cpuset_mems', 'CpusetMems'], ['kernel_memory', 'KernelMemory'],
  ['blkio_weight', 'BlkioWeight'], ['ulimits', 'Ulimits'],
]

const diff = (attribute: string, current: unknown, wanted: unknown): Difference => ({ attribute, current, wanted })

/** Set inequality (kolla's `symmetric_difference`). */
function setsDiffer(a: readonly unknown[], b: readonly unknown[]): boolean {
  const sa = new Set(a.map(String))
  const sb = new Set(b.map(String))
  return sa.size !== sb.size || [...sa].some((x) => !sb.has(x))
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort()

/** kolla's DockerWorker.compare_image: the image of the container against the task's. */
export async function imageDifference({ p, info, image }: CompareInput): Promise<Difference | null> {
  const wanted = parseImage(p.image!).join(':')
  const found = await image()
  if (!found) return diff('image', info.Config.Image, `${wanted} (not in the local images)`)
  if (found.Id !== info.Image) return diff('image', `${info.Config.Image} (${info.Image})`, `${wanted} (${found.Id})`)
  // The same image under another name (kolla: same id, other tag).
  if (!pyEq(parseRepositoryTag(info.Config.Image), parseRepositoryTag(p.image!))) return diff('image', info.Config.Image, p.image)
  return null
}

const RULES: [string, Rule][] = [
  ['compare_cap_add', function capAdd({ p, info }) {
    const cur = info.HostConfig.CapAdd ?? []
    return setsDiffer(p.cap_add ?? [], cur) ? diff('cap_add', sorted(cur), sorted(p.cap_add ?? [])) : null
  }],
  ['compare_security_opt', function securityOpt({ p, info }) {
    // Security options do not apply with host IPC or PID namespaces or privileged.
    if (p.ipc_mode === 'host' || p.pid_mode === 'host' || p.privileged) return null
    const cur = info.HostConfig.SecurityOpt ?? []
    return setsDiffer(p.security_opt ?? [], cur) ? diff('security_opt', sorted(cur), sorted(p.security_opt ?? [])) : null
  }],
  ['compare_image', function image(c) {
    return imageDifference(c)
  }],
  ['compare_ipc_mode', function ipcMode({ p, info }) {
    const cur = (info.HostConfig.IpcMode as string) || null
    return p.ipc_mode !== undefined && p.ipc_mode !== cur ? diff('ipc_mode', cur, p.ipc_mode) : null
  }],
  ['compare_labels', async function labels({ p, info, image }) {
    const wanted = p.labels ?? {}
    const current: Record<string, unknown> = { ...(info.Config.Labels ?? {}) }
    const imageLabels = (await image())?.Labels ?? {}
    for (const [k, v] of Object.entries(imageLabels)) {
      if (k in wanted) {
        if (!pyEq(v, wanted[k])) return diff('labels', { ...(info.Config.Labels ?? {}) }, wanted)
      } else delete current[k]
    }
    return pyEq(wanted, current) ? null : diff('labels', current, wanted)
  }],
  ['compare_privileged', function privileged({ p, info }) {
    return pyEq(p.privileged, info.HostConfig.Privileged) ? null : diff('privileged', info.HostConfig.Privileged, p.privileged)
  }],
  ['compare_pid_mode', function pidMode({ p, info, podman }) {
    const cur = (info.HostConfig.PidMode as string) || null
    if (podman && podmanPidModeEqual(p.pid_mode, cur)) return null
    return (p.pid_mode ?? null) !== cur ? diff('pid_mode', cur, p.pid_mode ?? null) : null
  }],
  ['compare_cgroupns_mode', function cgroupnsMode({ p, info, apiAtLeast }) {
    if (!apiAtLeast('1.41') || p.cgroupns_mode === undefined || p.cgroupns_mode === null) return null
    // A container made before Docker 20.10 has none, and behaves as `host`.
    const cur = (info.HostConfig.CgroupnsMode as string) || (info.HostConfig.CgroupMode as string) || 'host'
    return p.cgroupns_mode !== cur ? diff('cgroupns_mode', cur, p.cgroupns_mode) : null
  }],
  ['compare_tmpfs', function tmpfs({ p, info }) {
    const wanted = generateTmpfs(p.tmpfs) ?? []
    const cur = Object.keys(info.HostConfig.Tmpfs ?? {})
    return setsDiffer(cur, wanted) ? diff('tmpfs', sorted(cur), sorted(wanted)) : null
  }],
  ['compare_volumes', function volumes({ p, info, podman }) {
    if (podman) return podmanVolumesDiffer(p, info.HostConfig.Binds)
    const spec = generateVolumes(p.volumes)
    const paths = spec?.paths ?? []
    const curPaths = Object.keys(info.Config.Volumes ?? {})
    if (setsDiffer(paths, curPaths)) return diff('volumes', sorted(curPaths), sorted([...new Set(paths)]))
    const binds = bindStrings(spec)
    const curBinds = info.HostConfig.Binds ?? []
    return setsDiffer(binds, curBinds) ? diff('binds', sorted(curBinds), sorted(binds)) : null
  }],
  ['compare_volumes_from', function volumesFrom({ p, info }) {
    const cur = info.HostConfig.VolumesFrom ?? []
    const wanted = p.volumes_from ?? []
    return setsDiffer(cur, wanted) ? diff('volumes_from', sorted(cur), sorted(wanted)) : null
  }],
  ['compare_environment', function environment({ p, info }) {
    const wanted = p.environment ?? {}
    if (!Object.keys(wanted).length) return null
    const cur = new Map<string, string>()
    for (const kv of info.Config.Env ?? []) {
      const eq = kv.indexOf('=')
      cur.set(eq < 0 ? kv : kv.slice(0, eq), eq < 0 ? '' : kv.slice(eq + 1))
    }
    for (const [k, v] of Object.entries(wanted)) {
      // kolla compares the container's strings with the values as given: a number never matches.
      if (!cur.has(k) || cur.get(k) !== v) return diff(`environment.${k}`, cur.has(k) ? cur.get(k) : null, v)
    }
    return null
  }],
  ['compare_container_state', function state({ p, info }) {
    const cur = info.State.Status
    if (p.state === 'started' && cur === 'running') return null
    return p.state !== cur ? diff('state', cur, p.state) : null
  }],
  ['compare_dimensions', function dimensions({ p, info, apiAtLeast, podman }) {
    const map = apiAtLeast('1.42') ? DIMENSION_MAP.filter(([k]) => k !== 'kernel_memory') : DIMENSION_MAP
    const wanted = p.dimensions ?? {}
    const unsupported = Object.keys(wanted).filter((k) => !map.some(([m]) => m === k))
    if (unsupported.length) throw new ModuleFailure(`Unsupported dimensions: ${unsupported.join(', ')}`, { unsupported_dimensions: unsupported })
    const host = { ...info.HostConfig } as Record<string, unknown>
    type Ulimit = { Name: string; Soft: unknown; Hard: unknown }
    const ulimits = (u: Ulimit[]): Ulimit[] => (podman ? podmanUlimits(u) : u)
    if (podman) host.Ulimits = ulimits((host.Ulimits as Ulimit[] | null) ?? [])
    for (const [key, field] of map) {
      if (key in wanted) {
        if (key === 'ulimits') {
          const want = sortByName(ulimits(buildUlimits(wanted.ulimits)))
          const cur = sortByName((host.Ulimits as Ulimit[] | null) ?? [])
          if (!pyEq(want, cur)) return diff('dimensions.ulimits', cur, want)
        } else if (dimensionDiffers(wanted[key], host[field], key)) return diff(`dimensions.${key}`, host[field], wanted[key])
      } else if (truthyValue(host[field])) return diff(`dimensions.${key}`, host[field], null)
    }
    return null
  }],
  ['compare_command', function command({ p, info }) {
    if (p.command === undefined || p.command === null) return null
    const words = shlexSplit(p.command)
    if (!words.length) throw new ModuleFailure('command is empty')
    const cur = [info.Path, ...(info.Args ?? [])]
    return words[0] !== info.Path || !pyEq(words.slice(1), info.Args ?? []) ? diff('command', cur, words) : null
  }],
  ['compare_healthcheck', function healthcheck({ p, info }) {
    const parsed = parseHealthcheck(p.healthcheck)
    const cur = info.Config.Healthcheck ?? null
    if (parsed) {
      const wanted = { Test: parsed.test, Interval: parsed.interval, Timeout: parsed.timeout, StartPeriod: parsed.start_period, Retries: parsed.retries }
      return cur && pyEq(wanted, cur) ? null : diff('healthcheck', cur, wanted)
    }
    return cur ? diff('healthcheck', cur, null) : null
  }],
]

function sortByName<T extends { Name: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
}

function truthyValue(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0
  return v !== null && v !== undefined && v !== 0 && v !== '' && v !== false
}

const UNIT_SIZES: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

/** kolla's dimensions_differ: both sides as plain numbers of bytes (b/k/m/g suffixes). */
function dimensionDiffers(a: unknown, b: unknown, key: string): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    throw new ModuleFailure(`The dimension [${key}] is no more supported by Docker, please remove it from yours configs or change to the new one.`)
  }
  const norm = (v: unknown): string => {
    const s = pyStr(v)
    const last = s.slice(-1).toLowerCase()
    if (/\p{N}/u.test(last)) return s
    if (!(last in UNIT_SIZES) || !/^[+-]?\d+$/.test(s.slice(0, -1))) {
      throw new ModuleFailure(`The docker dimension unit [${last}] is not supported for the dimension [${s}]. The currently supported units are ['b', 'k', 'm', 'g'].`)
    }
    return String(Number(s.slice(0, -1)) * UNIT_SIZES[last])
  }
  return norm(a) !== norm(b)
}

/**
 * Every rule that differs, in kolla's order (kolla itself stops at the first). An error in
 * a rule after a difference ends the list: kolla would never have run that rule.
 */
export async function differences(input: CompareInput, options: { all?: boolean } = {}): Promise<Difference[]> {
  const found: Difference[] = []
  for (const [, rule] of RULES) {
    let d: Difference | null
    try {
      d = await rule(input)
    } catch (e) {
      if (found.length) break
      throw e
    }
    if (d) {
      found.push(d)
      if (!options.all) break
    }
  }
  return found
}

/** One rule by kolla's method name (for the differential test against kolla's own code). */
export function ruleNamed(name: string): Rule | undefined {
  return RULES.find(([n]) => n === name)?.[1]
}
