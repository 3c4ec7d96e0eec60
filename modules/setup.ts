/**
 * setup (ansible-core 2.14): facts about the host, gathered with one command on the host
 * (a shell script printing /proc, /etc/os-release, `ip -j` and `id` data) and shaped as
 * Ansible's collectors shape them: distribution, kernel, hardware counts, every interface
 * as `ansible_<iface>` with ipv4/ipv6, default routes, users, date_time, env. `filter`
 * (fnmatch on fact names) and `gather_subset` (`min`, `!all`, `network`, `hardware`...)
 * select what is returned.
 */
import { defineModule, fnmatch } from '../src/plugin-kit.js'

interface Args {
  gather_subset: string[]
  filter: string[]
  gather_timeout: number
  fact_path: string
}

const SCRIPT = String.raw`
sec() { printf '\n@@%s\n' "$1"; }
sec hostname; hostname 2>/dev/null || cat /proc/sys/kernel/hostname
sec fqdn; hostname -f 2>/dev/null || hostname
sec uname; uname -s; uname -r; uname -v; uname -m
sec os-release; cat /etc/os-release 2>/dev/null
sec debian_version; cat /etc/debian_version 2>/dev/null
sec meminfo; cat /proc/meminfo 2>/dev/null
sec cpuinfo; grep -E '^(processor|physical id|core id|cpu cores|model name)' /proc/cpuinfo 2>/dev/null
sec nproc; nproc 2>/dev/null
sec id; id -u; id -g; id -un; getent passwd "$(id -un)" 2>/dev/null
sec ipaddr; ip -j addr show 2>/dev/null
sec route4; ip -j -4 route show default 2>/dev/null
sec route6; ip -j -6 route show default 2>/dev/null
sec resolv; cat /etc/resolv.conf 2>/dev/null
sec uptime; cat /proc/uptime 2>/dev/null
sec machine_id; cat /etc/machine-id 2>/dev/null
sec init; cat /proc/1/comm 2>/dev/null
sec python; (command -v python3 >/dev/null && python3 -c 'import sys;print(sys.executable);print(".".join(map(str,sys.version_info[:3])))') 2>/dev/null
sec env; env
sec date; date '+%Y %m %d %H %M %S %Z %z %s %A %B %j %u %w %V %a %b'
`

function sections(out: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const part of out.split('\n@@').slice(1)) {
    const nl = part.indexOf('\n')
    m.set(part.slice(0, nl), nl < 0 ? '' : part.slice(nl + 1).replace(/\n$/, ''))
  }
  return m
}

function osRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line)
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1')
  }
  return out
}

const OS_FAMILY: Record<string, string> = {
  Debian: 'Debian', Ubuntu: 'Debian', Linuxmint: 'Debian', Kali: 'Debian', RedHat: 'RedHat', CentOS: 'RedHat', Fedora: 'RedHat', Rocky: 'RedHat', AlmaLinux: 'RedHat', OracleLinux: 'RedHat', Amazon: 'RedHat', SLES: 'Suse', openSUSE: 'Suse', Archlinux: 'Archlinux', Alpine: 'Alpine',
}

const DISTRO_NAME: Record<string, string> = { ubuntu: 'Ubuntu', debian: 'Debian', centos: 'CentOS', rhel: 'RedHat', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux', ol: 'OracleLinux', amzn: 'Amazon', sles: 'SLES', opensuse: 'openSUSE', 'opensuse-leap': 'openSUSE Leap', arch: 'Archlinux', alpine: 'Alpine' }

function prefixLength(netmask: number): string {
  const n = netmask === 0 ? 0 : (0xffffffff << (32 - netmask)) >>> 0
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.')
}

function ipv4Network(addr: string, prefix: number): { network: string; broadcast: string } {
  const a = addr.split('.').reduce((x, o) => (x << 8) + Number(o), 0) >>> 0
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
  const net = (a & mask) >>> 0
  const bc = (net | (~mask >>> 0)) >>> 0
  const dotted = (v: number) => [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.')
  return { network: dotted(net), broadcast: dotted(bc) }
}

interface IpAddrInfo {
  ifname: string
  flags?: string[]
  mtu?: number
  operstate?: string
  link_type?: string
  address?: string
  addr_info?: { family: string; local: string; prefixlen: number; broadcast?: string; scope: string }[]
}

function networkFacts(s: Map<string, string>): Record<string, unknown> {
  const facts: Record<string, unknown> = {}
  let ifaces: IpAddrInfo[] = []
  try {
    ifaces = JSON.parse(s.get('ipaddr') || '[]') as IpAddrInfo[]
  } catch {
    ifaces = []
  }
  const all4: string[] = []
  const all6: string[] = []
  const names: string[] = []
  for (const i of ifaces) {
    const name = i.ifname.replace(/[-:]/g, '_').split('@')[0]
    names.push(i.ifname.split('@')[0])
    const f: Record<string, unknown> = {
      device: i.ifname.split('@')[0],
      active: (i.flags ?? []).includes('UP'),
      mtu: i.mtu,
      promisc: (i.flags ?? []).includes('PROMISC'),
      type: i.link_type === 'loopback' ? 'loopback' : i.link_type === 'ether' ? 'ether' : (i.link_type ?? 'unknown'),
    }
    if (i.address && i.link_type !== 'loopback') f.macaddress = i.address
    const v6: Record<string, unknown>[] = []
    const secondaries: Record<string, unknown>[] = []
    for (const a of i.addr_info ?? []) {
      if (a.family === 'inet') {
        const { network, broadcast } = ipv4Network(a.local, a.prefixlen)
        const entry = { address: a.local, broadcast: a.broadcast ?? (a.prefixlen >= 31 ? '' : broadcast), netmask: prefixLength(a.prefixlen), network, prefix: String(a.prefixlen) }
        if (!f.ipv4) f.ipv4 = entry
        else secondaries.push(entry)
        if (a.local !== '127.0.0.1' && !a.local.startsWith('127.')) all4.push(a.local)
      } else if (a.family === 'inet6') {
        v6.push({ address: a.local, prefix: String(a.prefixlen), scope: a.scope })
        if (a.scope !== 'host') all6.push(a.local)
      }
    }
    if (secondaries.length) f.ipv4_secondaries = secondaries
    if (v6.length) f.ipv6 = v6
    facts[name] = f
  }
  facts.interfaces = names.sort()
  facts.all_ipv4_addresses = all4
  facts.all_ipv6_addresses = all6
  for (const [key, sec] of [['default_ipv4', 'route4'], ['default_ipv6', 'route6']] as const) {
    let routes: { dev?: string; gateway?: string }[] = []
    try {
      routes = JSON.parse(s.get(sec) || '[]') as typeof routes
    } catch {
      routes = []
    }
    const r = routes[0]
    const iface = r?.dev ? (facts[r.dev.replace(/[-:]/g, '_')] as Record<string, unknown> | undefined) : undefined
    if (r && iface) {
      const base = key === 'default_ipv4' ? ((iface.ipv4 as Record<string, unknown> | undefined) ?? {}) : (((iface.ipv6 as Record<string, unknown>[] | undefined) ?? [])[0] ?? {})
      facts[key] = { ...base, alias: r.dev, gateway: r.gateway, interface: r.dev, macaddress: iface.macaddress, mtu: iface.mtu, type: iface.type }
    } else facts[key] = {}
  }
  const resolv = s.get('resolv') ?? ''
  const dns: Record<string, unknown> = {}
  const ns = [...resolv.matchAll(/^nameserver\s+(\S+)/gm)].map((m) => m[1])
  if (ns.length) dns.nameservers = ns
  const search = /^search\s+(.*)$/m.exec(resolv)
  if (search) dns.search = search[1].trim().split(/\s+/)
  facts.dns = dns
  return facts
}

function hardwareFacts(s: Map<string, string>): Record<string, unknown> {
  const mem: Record<string, number> = {}
  for (const line of (s.get('meminfo') ?? '').split('\n')) {
    const m = /^(\w+):\s+(\d+)/.exec(line)
    if (m) mem[m[1]] = Number(m[2])
  }
  const mb = (k: string) => Math.floor((mem[k] ?? 0) / 1024)
  const cpu = s.get('cpuinfo') ?? ''
  const processors = [...cpu.matchAll(/^model name\s*:\s*(.*)$/gm)].map((m) => m[1])
  const count = [...cpu.matchAll(/^processor\s*:\s*(\d+)/gm)].length
  const sockets = new Set([...cpu.matchAll(/^physical id\s*:\s*(\d+)/gm)].map((m) => m[1])).size || 1
  const cores = Number(/^cpu cores\s*:\s*(\d+)/m.exec(cpu)?.[1] ?? 1)
  const uptime = Number((s.get('uptime') ?? '0').split(' ')[0])
  return {
    memtotal_mb: mb('MemTotal'),
    memfree_mb: mb('MemFree'),
    swaptotal_mb: mb('SwapTotal'),
    swapfree_mb: mb('SwapFree'),
    memory_mb: {
      real: { total: mb('MemTotal'), free: mb('MemFree'), used: mb('MemTotal') - mb('MemFree') },
      nocache: { free: mb('MemFree') + mb('Buffers') + mb('Cached'), used: mb('MemTotal') - mb('MemFree') - mb('Buffers') - mb('Cached') },
      swap: { total: mb('SwapTotal'), free: mb('SwapFree'), used: mb('SwapTotal') - mb('SwapFree'), cached: mb('SwapCached') },
    },
    processor: processors.flatMap((p, i) => [String(i), 'GenuineIntel', p].slice(0, 3)),
    processor_count: sockets,
    processor_cores: cores,
    processor_threads_per_core: count && sockets && cores ? Math.max(1, Math.floor(count / (sockets * cores))) : 1,
    processor_vcpus: count,
    processor_nproc: Number(s.get('nproc') ?? count) || count,
    uptime_seconds: Math.floor(uptime),
  }
}

function dateTime(line: string): Record<string, string> {
  const [year, month, day, hour, minute, second, tz, tzOffset, epoch, weekday, monthName, yday, wdnum, , weeknumber] = line.split(' ')
  return {
    year, month, day, hour, minute, second, tz, tz_offset: tzOffset, epoch, epoch_int: epoch, weekday, weekday_number: wdnum, weeknumber, day_of_year: yday,
    date: `${year}-${month}-${day}`, time: `${hour}:${minute}:${second}`, iso8601: new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    iso8601_basic_short: `${year}${month}${day}T${hour}${minute}${second}`, monthname: monthName,
  }
}

export default defineModule<Args>({
  name: 'setup',
  fqcns: ['ansible.builtin.setup', 'ansible.legacy.setup', 'gather_facts', 'ansible.builtin.gather_facts'],
  summary: 'Gather facts about the host',
  args: {
    type: 'object',
    properties: {
      gather_subset: { type: 'array', items: { type: 'string' }, default: ['all'] },
      gather_timeout: { type: 'integer', default: 10 },
      filter: { type: 'array', items: { type: 'string' }, default: [] },
      fact_path: { type: 'string', default: '/etc/ansible/facts.d' },
    },
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const res = await ctx.exec(SCRIPT, { timeoutMs: args.gather_timeout * 1000 * 3 })
    const s = sections(res.stdout)
    const subset = new Set(args.gather_subset.flatMap((x) => x.split(',')).map((x) => x.trim()))
    const all = !subset.has('!all') && (subset.has('all') || subset.size === 0)
    const want = (name: string) => (all && !subset.has(`!${name}`)) || subset.has(name)
    const [system, kernel, kernelVersion, machine] = (s.get('uname') ?? '').split('\n')
    const os = osRelease(s.get('os-release') ?? '')
    const distribution = DISTRO_NAME[os.ID ?? ''] ?? os.NAME ?? 'NA'
    const version = os.VERSION_ID ?? 'NA'
    const [uid, gid, user, passwd] = (s.get('id') ?? '').split('\n')
    const pw = (passwd ?? '').split(':')
    const hostnameFull = (s.get('hostname') ?? '').trim()
    const fqdn = (s.get('fqdn') ?? '').trim() || hostnameFull
    const [pyExe, pyVersion] = (s.get('python') ?? '').split('\n')
    const env: Record<string, string> = {}
    for (const line of (s.get('env') ?? '').split('\n')) {
      const at = line.indexOf('=')
      if (at > 0) env[line.slice(0, at)] = line.slice(at + 1)
    }
    const init = (s.get('init') ?? '').trim()
    const facts: Record<string, unknown> = {
      hostname: hostnameFull.split('.')[0],
      nodename: hostnameFull,
      fqdn,
      domain: fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '',
      system: system || 'Linux',
      kernel,
      kernel_version: kernelVersion,
      machine,
      architecture: machine,
      userspace_architecture: machine,
      distribution,
      distribution_version: version,
      distribution_major_version: version.split('.')[0],
      distribution_release: os.VERSION_CODENAME ?? os.UBUNTU_CODENAME ?? 'NA',
      distribution_file_variety: OS_FAMILY[distribution] ?? distribution,
      os_family: OS_FAMILY[distribution] ?? distribution,
      pkg_mgr: OS_FAMILY[distribution] === 'Debian' ? 'apt' : OS_FAMILY[distribution] === 'RedHat' ? 'dnf' : 'unknown',
      service_mgr: init === 'systemd' ? 'systemd' : init || 'service',
      machine_id: (s.get('machine_id') ?? '').trim(),
      user_id: user,
      user_uid: Number(uid),
      user_gid: Number(gid),
      user_dir: pw[5],
      user_shell: pw[6],
      user_gecos: pw[4],
      env,
      date_time: dateTime((s.get('date') ?? '').trim()),
      selinux: { status: 'disabled' },
      selinux_python_present: false,
      fips: false,
      virtualization_role: 'NA',
      virtualization_type: 'NA',
      python: pyVersion ? { executable: pyExe, version: Object.fromEntries(['major', 'minor', 'micro'].map((k, i) => [k, Number(pyVersion.split('.')[i])])) } : {},
      python_version: pyVersion ?? '',
      local: {},
    }
    if (want('network')) Object.assign(facts, networkFacts(s))
    if (want('hardware')) Object.assign(facts, hardwareFacts(s))
    const out: Record<string, unknown> = {}
    const filters = args.filter.length ? args.filter : ['*']
    for (const [k, v] of Object.entries(facts)) {
      const name = `ansible_${k}`
      if (filters.some((f) => fnmatch(name, f) || fnmatch(k, f))) out[name] = v
    }
    out.gather_subset = [...subset]
    out.module_setup = true
    return { changed: false, ansible_facts: out }
  },
})
