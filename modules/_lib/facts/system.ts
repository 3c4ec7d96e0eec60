/**
 * The small system collectors (system/*.py): lsb, selinux, apparmor, chroot, fips, python,
 * caps, cmdline, date_time, env, loadavg, ssh_pub_keys, dns.
 */
import { environment, type CollectContext } from './context.js'
import { splitlines, strip } from './sections.js'

export function lsbFacts(c: CollectContext): Record<string, unknown> {
  let lsb: Record<string, string> = {}
  const cmd = c.s.bin('lsb_release') ? c.s.command('lsb_release') : undefined
  if (cmd && cmd.rc === 0) {
    for (const line of splitlines(cmd.out)) {
      if (line.length < 1 || !line.includes(':')) continue
      const value = strip(line.slice(line.indexOf(':') + 1))
      if (line.includes('LSB Version:')) lsb.release = value
      else if (line.includes('Distributor ID:')) lsb.id = value
      else if (line.includes('Description:')) lsb.description = value
      else if (line.includes('Release:')) lsb.release = value
      else if (line.includes('Codename:')) lsb.codename = value
    }
  }
  if (Object.keys(lsb).length === 0 && c.s.exists('/etc/lsb-release')) {
    lsb = {}
    for (const line of c.s.lines('/etc/lsb-release')) {
      const value = strip(line.slice(line.indexOf('=') + 1))
      if (line.includes('DISTRIB_ID')) lsb.id = value
      else if (line.includes('DISTRIB_RELEASE')) lsb.release = value
      else if (line.includes('DISTRIB_DESCRIPTION')) lsb.description = value
      else if (line.includes('DISTRIB_CODENAME')) lsb.codename = value
    }
  }
  if ('release' in lsb) lsb.major_release = lsb.release.split('.')[0]
  for (const [k, v] of Object.entries(lsb)) if (v) lsb[k] = v.replace(/^['"\\]+|['"\\]+$/g, '')
  return { lsb }
}

const SELINUX_MODES: Record<number, string> = { 1: 'enforcing', 0: 'permissive', [-1]: 'disabled' }

export function selinuxFacts(c: CollectContext): Record<string, unknown> {
  const info = c.py?.selinux
  if (!info) return { selinux: { status: 'Missing selinux Python library' }, selinux_python_present: false }
  const selinux: Record<string, unknown> = {}
  if (!info.enabled) selinux.status = 'disabled'
  else {
    selinux.status = 'enabled'
    selinux.policyvers = info.policyvers ?? 'unknown'
    selinux.config_mode = info.config_rc === 0 ? (SELINUX_MODES[info.config_mode ?? 99] ?? 'unknown') : 'unknown'
    selinux.mode = SELINUX_MODES[info.mode ?? 99] ?? 'unknown'
    selinux.type = info.type_rc === 0 && info.type ? info.type : 'unknown'
  }
  return { selinux, selinux_python_present: true }
}

export function apparmorFacts(c: CollectContext): Record<string, unknown> {
  return { apparmor: { status: c.s.exists('/sys/kernel/security/apparmor') ? 'enabled' : 'disabled' } }
}

export function chrootFacts(c: CollectContext): Record<string, unknown> {
  if (environment(c).debian_chroot) return { is_chroot: true }
  if (c.py?.proc1root) return { is_chroot: c.py.root[0] !== c.py.proc1root[0] || c.py.root[1] !== c.py.proc1root[1] }
  const [root = '', proc1 = '', fstype = ''] = (c.s.section('chroot') ?? '').split('\n')
  const [rootIno, rootDev] = c.py ? c.py.root.map(String) : root.split(' ')
  if (proc1.trim()) {
    const [ino, dev] = proc1.split(' ')
    return { is_chroot: rootIno !== ino || rootDev !== dev }
  }
  const fsRootIno = fstype.includes('btrfs') ? 256 : fstype.includes('xfs') ? 128 : 2
  return { is_chroot: Number(rootIno) !== fsRootIno }
}

export function fipsFacts(c: CollectContext): Record<string, unknown> {
  return { fips: c.s.content('/proc/sys/crypto/fips_enabled') === '1' }
}

export function pythonFacts(c: CollectContext): Record<string, unknown> {
  const py = c.py
  if (!py) return {}
  const [major, minor, micro, releaselevel, serial] = py.version_info
  return {
    python: {
      version: { major, minor, micro, releaselevel, serial },
      version_info: py.version_info,
      executable: py.executable,
      has_sslcontext: py.has_sslcontext,
      type: py.type,
    },
  }
}

export function capsFacts(c: CollectContext): Record<string, unknown> {
  const facts: Record<string, unknown> = { system_capabilities_enforced: 'N/A', system_capabilities: 'N/A' }
  const cmd = c.s.bin('capsh') ? c.s.command('capsh') : undefined
  if (cmd && cmd.rc === 0) {
    let enforcedCaps: string[] = []
    let enforced = 'NA'
    for (const line of splitlines(cmd.out)) {
      if (line.length < 1 || !line.startsWith('Current:')) continue
      if (strip(line.split(':')[1]) === '=ep') enforced = 'False'
      else {
        enforced = 'True'
        enforcedCaps = (line.split('=')[1] ?? '').split(',').map(strip)
      }
    }
    facts.system_capabilities_enforced = enforced
    facts.system_capabilities = enforcedCaps
  }
  return facts
}

export function cmdlineFacts(c: CollectContext): Record<string, unknown> {
  const data = c.s.content('/proc/cmdline')
  if (!data) return {}
  let pieces: string[]
  try {
    pieces = splitNonPosix(data)
  } catch {
    return { cmdline: {}, proc_cmdline: {} }
  }
  const cmdline: Record<string, unknown> = {}
  const procCmdline: Record<string, unknown> = {}
  for (const piece of pieces) {
    const at = piece.indexOf('=')
    if (at < 0) {
      cmdline[piece] = true
      procCmdline[piece] = true
      continue
    }
    const [k, v] = [piece.slice(0, at), piece.slice(at + 1)]
    cmdline[k] = v
    const prev = procCmdline[k]
    if (k in procCmdline) procCmdline[k] = Array.isArray(prev) ? [...prev, v] : [prev, v]
    else procCmdline[k] = v
  }
  return { cmdline, proc_cmdline: procCmdline }
}

/** shlex.split(data, posix=False): quotes kept, a quoted word ends at its closing quote. */
function splitNonPosix(data: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < data.length) {
    while (i < data.length && /\s/.test(data[i])) i++
    if (i >= data.length) break
    let tok = ''
    const q = data[i]
    if (q === '"' || q === "'") {
      const end = data.indexOf(q, i + 1)
      if (end < 0) throw new Error('No closing quotation')
      tok = data.slice(i, end + 1)
      i = end + 1
    } else {
      while (i < data.length && !/\s/.test(data[i])) tok += data[i++]
    }
    out.push(tok)
  }
  return out
}

export function dateTimeFacts(c: CollectContext): Record<string, unknown> {
  if (c.py) return { date_time: c.py.date_time }
  const [local = '', utc = ''] = (c.s.section('date') ?? '').split('\n')
  const [year, month, weekday, wdnum, weeknumber, day, hour, minute, second, epoch, nanos, tz, tzOffset] = local.split('|')
  const micro = (nanos ?? '000000').slice(0, 6)
  return {
    date_time: {
      year, month, weekday, weekday_number: wdnum, weeknumber, day, hour, minute, second, epoch, epoch_int: epoch,
      date: `${year}-${month}-${day}`, time: `${hour}:${minute}:${second}`,
      iso8601_micro: `${utc}.${micro}Z`, iso8601: `${utc}Z`,
      iso8601_basic: `${year}${month}${day}T${hour}${minute}${second}${micro}`, iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`,
      tz, tz_dst: tz, tz_offset: tzOffset,
    },
  }
}

export function envFacts(c: CollectContext): Record<string, unknown> {
  return { env: { ...environment(c) } }
}

export function loadavgFacts(c: CollectContext): Record<string, unknown> {
  const l = c.py?.loadavg ?? (c.s.content('/proc/loadavg') ?? '').split(/\s+/).slice(0, 3).map(Number)
  if (l.length < 3 || l.some((x) => Number.isNaN(x))) return {}
  return { loadavg: { '1m': l[0], '5m': l[1], '15m': l[2] } }
}

export function sshPubKeyFacts(c: CollectContext): Record<string, unknown> {
  const facts: Record<string, unknown> = {}
  for (const dir of ['/etc/ssh', '/etc/openssh', '/etc']) {
    for (const algo of ['dsa', 'rsa', 'ecdsa', 'ed25519']) {
      const name = `ssh_host_key_${algo}_public`
      if (name in facts) return facts
      const data = c.s.content(`${dir}/ssh_host_${algo}_key.pub`)
      if (data !== undefined) {
        const [keytype, key] = data.split(/\s+/)
        facts[name] = key
        facts[`${name}_keytype`] = keytype
      }
    }
  }
  return facts
}

export function dnsFacts(c: CollectContext): Record<string, unknown> {
  const dns: Record<string, unknown> = {}
  for (const line of splitlines(c.s.content('/etc/resolv.conf', ''))) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue
    const tokens = line.split(/\s+/).filter(Boolean)
    if (tokens.length === 0) continue
    const [key, ...rest] = tokens
    if (key === 'nameserver') dns.nameservers = [...((dns.nameservers as string[]) ?? []), ...rest]
    else if (key === 'domain') {
      if (rest.length) dns.domain = rest[0]
    } else if (key === 'search') dns.search = rest
    else if (key === 'sortlist') dns.sortlist = rest
    else if (key === 'options') {
      const options: Record<string, unknown> = {}
      for (const o of rest) {
        const at = o.indexOf(':')
        options[at < 0 ? o : o.slice(0, at)] = at < 0 || o.slice(at + 1) === '' ? true : o.slice(at + 1)
      }
      dns.options = options
    }
  }
  return { dns }
}
