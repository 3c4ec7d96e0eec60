/**
 * What every collector is given: the probe's sections, what the host's Python told (when
 * it has one: Ansible's modules run in it, so some facts are its view), the facts the
 * collectors before it produced (with their `ansible_` names, as Ansible passes them),
 * and a place for warnings.
 */
import type { Sections } from './sections.js'

/** The probe's Python section (probe.ts PYTHON). */
export interface PythonInfo {
  executable: string
  version_info: [number, number, number, string, number]
  has_sslcontext: boolean
  type: string | null
  python_version: string
  bits: string
  fqdn: string
  node: string
  env: Record<string, string>
  getuser: string | null
  loadavg?: [number, number, number]
  nproc?: number
  has_ipv6: boolean
  date_time: Record<string, string>
  selinux: { enabled: number; policyvers?: number; config_rc?: number; config_mode?: number; mode?: number; type_rc?: number; type?: string | null } | null
  /** The version of the `distro` package Python imports, null without one. */
  distro: string | null
  /** os.uname(): system, release, version, machine, node. */
  uname: [string, string, string, string, string]
  /** getuid, geteuid, getgid. */
  ids: [number, number, number]
  /** The password entry of getpass.getuser() (else of the uid): name, uid, gid, gecos, dir, shell. */
  pw: [string, number, number, string, string, string] | null
  /** os.stat('/') and os.stat('/proc/1/root/.'): inode, device. */
  root: [number, number]
  proc1root: [number, number] | null
}

export interface CollectContext {
  s: Sections
  py: PythonInfo | undefined
  /** Facts collected so far, `ansible_` prefixed. */
  collected: Record<string, unknown>
  /** setup's fact_path argument. */
  factPath: string
  warn(message: string): void
}

export type Collector = (c: CollectContext) => Record<string, unknown>

/** The probe's environment: Python's os.environ, or `env -0` without a Python. */
export function environment(c: CollectContext): Record<string, string> {
  if (c.py) return c.py.env
  const out: Record<string, string> = {}
  const raw = c.s.section('env0') ?? ''
  const entries = raw.includes('\0') ? raw.split('\0') : raw.split('\n')
  for (const e of entries) {
    const at = e.indexOf('=')
    if (at > 0) out[e.slice(0, at)] = e.slice(at + 1)
  }
  return out
}

/** uname's system, release, version, machine and node name. */
export function uname(c: CollectContext): [string, string, string, string, string] {
  if (c.py) return c.py.uname
  const [a = '', b = '', v = '', m = '', n = ''] = (c.s.section('uname') ?? '').split('\n')
  return [a, b, v, m, n]
}

/** The real uid, effective uid and real gid. */
export function ids(c: CollectContext): [number, number, number] {
  if (c.py) return c.py.ids
  const [ruid, euid, rgid] = (c.s.section('id') ?? '').split('\n')
  return [Number(ruid), Number(euid), Number(rgid)]
}
