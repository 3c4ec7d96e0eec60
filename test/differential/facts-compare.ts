/**
 * Compares two setup results gathered on the same host one after the other: the same fact
 * names, and the same values except those that change with time or with the process that
 * asked (the clock, load, free memory and disk, uptime, the ssh client's port, the run's own
 * ANSIBLE_CONFIG; locally also `_`, the program that started the engine). Lists
 * Ansible builds from Python sets (interfaces, virtualization techs) have no order; network
 * interfaces and container mounts that came or went between the two runs (other containers
 * on the machine) are left out of both sides, and named in the result.
 */

type Facts = Record<string, unknown>

export interface FactsComparison {
  ansibleKeys: number
  tsibleKeys: number
  /** Fact names both have. */
  commonKeys: number
  /** Fact names whose whole value is equal (after the rules above). */
  equalValues: number
  /** `path: ansible … tsible …` for every difference that counts. */
  differences: string[]
  /** What was left out because it changed between the runs. */
  leftOut: string[]
}

/** Leaves whose value changes from one gathering to the next. */
const VOLATILE = [
  /^ansible_date_time\./,
  /^ansible_loadavg\./,
  /^ansible_memfree_mb$/,
  /^ansible_memory_mb\.(real|nocache|swap)\.(free|used|cached)$/,
  /^ansible_uptime_seconds$/,
  /^ansible_env\.(SSH_CLIENT|SSH_CONNECTION|ANSIBLE_CONFIG)$/,
  /^ansible_mounts\[[^\]]+\]\.(block_available|block_used|size_available|inode_available|inode_used)$/,
]

const UNORDERED = new Set(['ansible_interfaces', 'ansible_virtualization_tech_guest', 'ansible_virtualization_tech_host'])

/** Docker's own mounts and network devices, which other containers bring and take. */
const TRANSIENT_MOUNT = /^\/(var\/lib\/docker|run\/docker)\//
const TRANSIENT_IFACE = /^(veth|br-)/

/** `local`: gathered over the local connection, whose environment is the engine's own. */
export function compareFacts(ansible: Facts, tsible: Facts, local: boolean): FactsComparison {
  const leftOut: string[] = []
  const a = { ...ansible }
  const t = { ...tsible }
  dropTransientInterfaces(a, t, leftOut)
  dropPtyEnv(a, t, leftOut)
  for (const side of [a, t]) if (Array.isArray(side.ansible_mounts)) side.ansible_mounts = mountsByPoint(side.ansible_mounts)
  dropTransientMounts(a, t, leftOut)
  const ka = Object.keys(a)
  const kt = new Set(Object.keys(t))
  const differences: string[] = []
  for (const k of ka) if (!kt.has(k)) differences.push(`${k}: only in ansible`)
  for (const k of kt) if (!(k in a)) differences.push(`${k}: only in tsible`)
  let common = 0
  let equal = 0
  for (const k of ka.filter((x) => kt.has(x))) {
    common++
    const before = differences.length
    walk(k, UNORDERED.has(k) ? sorted(a[k]) : a[k], UNORDERED.has(k) ? sorted(t[k]) : t[k], differences, local ? [...VOLATILE, /^ansible_env\._$/] : VOLATILE)
    if (differences.length === before) equal++
  }
  return { ansibleKeys: Object.keys(ansible).length, tsibleKeys: Object.keys(tsible).length, commonKeys: common, equalValues: equal, differences, leftOut }
}

function walk(path: string, x: unknown, y: unknown, out: string[], volatile: RegExp[]): void {
  if (volatile.some((r) => r.test(path))) {
    if (typeof x !== typeof y) out.push(`${path}: ansible ${typeof x}, tsible ${typeof y}`)
    return
  }
  if (isObject(x) && isObject(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      if (!(k in x)) out.push(`${path}.${k}: only in tsible`)
      else if (!(k in y)) out.push(`${path}.${k}: only in ansible`)
      else walk(/^\[/.test(k) ? `${path}${k}` : `${path}.${k}`, x[k], y[k], out, volatile)
    }
    return
  }
  if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ansible ${JSON.stringify(x)?.slice(0, 200)}, tsible ${JSON.stringify(y)?.slice(0, 200)}`)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function sorted(v: unknown): unknown {
  return Array.isArray(v) ? [...v].map(String).sort() : v
}

/** Mounts as a mapping `[mount point]` → mount, so one that came or went shifts nothing. */
function mountsByPoint(mounts: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const m of mounts) if (isObject(m)) out[`[${String(m.mount)}]`] = m
  return out
}

function dropTransientMounts(a: Facts, t: Facts, leftOut: string[]): void {
  const ma = a.ansible_mounts
  const mt = t.ansible_mounts
  if (!isObject(ma) || !isObject(mt)) return
  for (const [one, other] of [[ma, mt], [mt, ma]] as const) {
    for (const k of Object.keys(one)) {
      if (!(k in other) && TRANSIENT_MOUNT.test(k.slice(1, -1))) {
        delete one[k]
        leftOut.push(`mount ${k.slice(1, -1)}`)
      }
    }
  }
}

function dropTransientInterfaces(a: Facts, t: Facts, leftOut: string[]): void {
  if (!Array.isArray(a.ansible_interfaces) || !Array.isArray(t.ansible_interfaces)) return
  const ia = new Set(a.ansible_interfaces.map(String))
  const it = new Set(t.ansible_interfaces.map(String))
  const gone = [...ia, ...it].filter((i) => !(ia.has(i) && it.has(i)) && TRANSIENT_IFACE.test(i))
  if (!gone.length) return
  for (const side of [a, t]) {
    side.ansible_interfaces = (side.ansible_interfaces as unknown[]).filter((i) => !gone.includes(String(i)))
    for (const i of gone) delete side[`ansible_${i.replace(/[-:]/g, '_')}`]
    // Their addresses are in these lists too.
    delete side.ansible_all_ipv4_addresses
    delete side.ansible_all_ipv6_addresses
  }
  leftOut.push(...gone.map((i) => `interface ${i} (and the all_ipv4/all_ipv6 address lists)`))
  // A bridge such an interface joined or left changed too (members, active, speed).
  for (const k of Object.keys(a)) {
    const members = [a[k], t[k]].flatMap((v) => (isObject(v) && Array.isArray(v.interfaces) ? v.interfaces.map(String) : []))
    if (!members.some((m) => gone.includes(m))) continue
    delete a[k]
    delete t[k]
    leftOut.push(`bridge ${k} (a member came or went)`)
  }
}

/**
 * Without pipelining, ansible-playbook runs modules under `ssh -tt`: sshd then adds the
 * pty's SSH_TTY and TERM to the environment. tsible runs commands in one shell without a
 * pty, so the two are absent (with pipelining = True both engines have neither).
 */
function dropPtyEnv(a: Facts, t: Facts, leftOut: string[]): void {
  const ea = a.ansible_env
  const et = t.ansible_env
  if (!isObject(ea) || !isObject(et) || !('SSH_TTY' in ea) || 'SSH_TTY' in et) return
  const env = { ...ea }
  for (const k of ['SSH_TTY', 'TERM']) if (!(k in et)) delete env[k]
  a.ansible_env = env
  leftOut.push('env SSH_TTY and TERM (ansible-playbook ran the module in a pty)')
}
