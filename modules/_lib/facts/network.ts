/**
 * The `network` collector on Linux (network/linux.py): the default route's interface,
 * address and gateway (`ip route get`), every /sys/class/net interface with its sysfs
 * attributes, bridge and bonding details, `ip addr` addresses (primary and secondary,
 * aliases as their own interfaces) and ethtool features; plus the small network
 * collectors: fibre_channel_wwn, iscsi, nvme.
 */
import type { CollectContext } from './context.js'
import { splitlines, strip } from './sections.js'

const INTERFACE_TYPE: Record<string, string> = { '1': 'ether', '32': 'infiniband', '512': 'ppp', '772': 'loopback', '65534': 'tunnel' }
const V4_PROBE = '8.8.8.8'
const V6_PROBE = '2404:6800:400a:800::1012'

type Iface = Record<string, unknown>

export function networkFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  if (!s.bin('ip')) return {}
  const [defaultV4, defaultV6] = defaultInterfaces(c)
  const interfaces = new Map<string, Iface>()
  const all4: string[] = []
  const all6: string[] = []
  let macaddress: string | undefined
  const brif = new Map<string, string[]>()
  const dirs = new Set<string>()
  for (const line of (s.section('nete') ?? '').split('\n')) {
    const m = /^brif \/sys\/class\/net\/([^/]+)\/brif\/(.+)$/.exec(line)
    if (m) brif.set(m[1], [...(brif.get(m[1]) ?? []), m[2]])
    const d = /^dir \/sys\/class\/net\/(.+)$/.exec(line)
    if (d) dirs.add(d[1])
  }
  const primaryAddrs = byDevice(s.command('addr1'))
  const secondaryAddrs = byDevice(s.command('addr2'))
  const netdevs = (s.section('netdevs') ?? '').split('\n').filter((d) => dirs.has(d))
  for (const device of netdevs) {
    const p = `/sys/class/net/${device}`
    const has = (f: string) => s.exists(`${p}/${f}`)
    const g = (f: string, dflt?: string) => s.grepContent('net', `${p}/${f}`, dflt)
    const iface: Iface = { device }
    interfaces.set(device, iface)
    if (has('address')) {
      macaddress = g('address', '')
      if (macaddress && macaddress !== '00:00:00:00:00:00') iface.macaddress = macaddress
    }
    if (has('mtu')) iface.mtu = parseInt(g('mtu') ?? '', 10)
    if (has('operstate')) iface.active = g('operstate') !== 'down'
    if (has('device/driver/module')) iface.module = basename(s.link(`${p}/device/driver/module`) ?? '')
    if (has('type')) iface.type = INTERFACE_TYPE[g('type') ?? ''] ?? 'unknown'
    if (has('bridge')) {
      iface.type = 'bridge'
      iface.interfaces = brif.get(device) ?? []
      if (has('bridge/bridge_id')) iface.id = g('bridge/bridge_id', '')
      if (has('bridge/stp_state')) iface.stp = g('bridge/stp_state') === '1'
    }
    if (has('bonding')) {
      iface.type = 'bonding'
      iface.slaves = (g('bonding/slaves', '') ?? '').split(/\s+/).filter(Boolean)
      iface.mode = (g('bonding/mode', '') ?? '').split(/\s+/)[0]
      iface.miimon = (g('bonding/miimon', '') ?? '').split(/\s+/)[0]
      iface.lacp_rate = (g('bonding/lacp_rate', '') ?? '').split(/\s+/)[0]
      const primary = g('bonding/primary')
      if (primary) {
        iface.primary = primary
        if (has('bonding/all_slaves_active')) iface.all_slaves_active = g('bonding/all_slaves_active') === '1'
      }
    }
    if (has('bonding_slave')) iface.perm_macaddress = g('bonding_slave/perm_hwaddr', '')
    if (has('device')) iface.pciid = basename(s.link(`${p}/device`) ?? '')
    if (has('speed')) {
      const speed = g('speed')
      if (speed !== undefined) iface.speed = parseInt(speed, 10)
    }
    if (has('flags')) iface.promisc = (parseInt(g('flags') ?? '0', 16) & 0x0100) > 0

    const parse = (output: string, secondary: boolean) => {
      for (const line of splitlines(output)) {
        if (!line) continue
        const words = line.split(/\s+/).filter(Boolean)
        if (words[0] === 'inet') {
          let address: string
          let prefix: string
          let broadcast = ''
          if (words[1].includes('/')) {
            ;[address, prefix] = words[1].split('/')
            if (words.length > 3 && words[2] === 'brd') broadcast = words[3]
          } else {
            address = words[1]
            prefix = '32'
          }
          const mask = prefix === '0' ? 0 : (0xffffffff << (32 - Number(prefix))) >>> 0
          const netmask = dotted(mask)
          const network = dotted((ipv4(address) & mask) >>> 0)
          const label = words[words.length - 1]
          if (label !== device) interfaces.set(label, {})
          const target = interfaces.get(label)!
          const entry = { address, broadcast, netmask, network, prefix }
          if (!secondary && !('ipv4' in target)) target.ipv4 = entry
          else {
            target.ipv4_secondaries ??= []
            ;(target.ipv4_secondaries as unknown[]).push({ ...entry })
          }
          if (secondary) {
            iface.ipv4_secondaries ??= []
            if (device !== label) (iface.ipv4_secondaries as unknown[]).push({ ...entry })
          }
          if ('address' in defaultV4 && defaultV4.address === address) {
            Object.assign(defaultV4, { broadcast, netmask, network, prefix, macaddress, mtu: iface.mtu, type: iface.type ?? 'unknown', alias: label })
          }
          if (!address.startsWith('127.')) all4.push(address)
        } else if (words[0] === 'inet6') {
          let address: string
          let prefix: string
          let scope: string
          if (words[2] === 'peer') {
            address = words[1]
            prefix = words[3].split('/')[1]
            scope = words[5]
          } else {
            ;[address, prefix] = words[1].split('/')
            scope = words[3]
          }
          iface.ipv6 ??= []
          ;(iface.ipv6 as unknown[]).push({ address, prefix, scope })
          if ('address' in defaultV6 && defaultV6.address === address) {
            Object.assign(defaultV6, { prefix, scope, macaddress, mtu: iface.mtu, type: iface.type ?? 'unknown' })
          }
          if (address !== '::1') all6.push(address)
        }
      }
    }
    parse(primaryAddrs.get(device) ?? '', false)
    parse(secondaryAddrs.get(device) ?? '', true)
    Object.assign(iface, ethtool(c, device))
  }
  const facts: Record<string, unknown> = {}
  const names: string[] = []
  for (const [name, iface] of interfaces) {
    const key = name.replace(/:/g, '_')
    names.push(key)
    facts[key] = iface
  }
  return { interfaces: names, ...facts, default_ipv4: defaultV4, default_ipv6: defaultV6, all_ipv4_addresses: all4, all_ipv6_addresses: all6 }
}

/** `ip addr show` of every device, cut into each device's part (what `ip addr show dev X` prints). */
function byDevice(r: { out: string; rc: number } | undefined): Map<string, string> {
  const out = new Map<string, string>()
  if (!r || r.rc !== 0) return out
  let cur: string | undefined
  for (const line of splitlines(r.out)) {
    const m = /^\d+: ([^:@\s]+)(@\S*)?: /.exec(line)
    if (m) cur = m[1]
    if (cur !== undefined) out.set(cur, `${out.get(cur) ?? ''}${line}\n`)
  }
  return out
}

function defaultInterfaces(c: CollectContext): [Iface, Iface] {
  const out: [Iface, Iface] = [{}, {}]
  const probes: [string, string][] = [['route4', V4_PROBE], ['route6', V6_PROBE]]
  probes.forEach(([id, target], i) => {
    if (i === 1 && c.py && !c.py.has_ipv6) return
    const dist = c.collected
    if (i === 1 && dist.ansible_os_family === 'RedHat' && String(dist.ansible_distribution_version ?? '').startsWith('4.')) return
    const r = c.s.command(id)
    if (!r || !r.out) return
    const words = splitlines(r.out)[0]?.split(/\s+/).filter(Boolean) ?? []
    if (words[0] !== target) return
    for (let w = 0; w < words.length - 1; w++) {
      if (words[w] === 'dev') out[i].interface = words[w + 1]
      else if (words[w] === 'src') out[i].address = words[w + 1]
      else if (words[w] === 'via' && words[w + 1] !== target) out[i].gateway = words[w + 1]
    }
  })
  return out
}

function ethtool(c: CollectContext, device: string): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  if (!c.s.bin('ethtool')) return data
  const k = c.s.command(`ethk:${device}`)
  if (k && k.rc === 0) {
    const features: Record<string, string> = {}
    for (const line of splitlines(strip(k.out))) {
      if (!line || line.endsWith(':')) continue
      const at = line.indexOf(': ')
      if (at < 0) continue
      const [key, value] = [line.slice(0, at), line.slice(at + 2)]
      if (!value) continue
      features[strip(key).replace(/-/g, '_')] = strip(value)
    }
    data.features = features
  }
  const t = c.s.command(`etht:${device}`)
  if (t && t.rc === 0) {
    data.timestamping = [...t.out.matchAll(/SOF_TIMESTAMPING_(\w+)/g)].map((m) => m[1].toLowerCase())
    data.hw_timestamp_filters = [...t.out.matchAll(/HWTSTAMP_FILTER_(\w+)/g)].map((m) => m[1].toLowerCase())
    const m = /PTP Hardware Clock: (\d+)/.exec(t.out)
    if (m) data.phc_index = parseInt(m[1], 10)
  }
  return data
}

export function fcWwnFacts(c: CollectContext): Record<string, unknown> {
  const wwn: string[] = []
  for (const [, text] of [...c.s.grep('fcwwn')].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const line of splitlines(strip(text))) wwn.push(line.replace(/\s+$/, '').slice(2))
  }
  return { fibre_channel_wwn: wwn }
}

export function iscsiFacts(c: CollectContext): Record<string, unknown> {
  for (const line of splitlines(c.s.content('/etc/iscsi/initiatorname.iscsi', ''))) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue
    if (line.startsWith('InitiatorName=')) return { iscsi_iqn: line.slice(line.indexOf('=') + 1) }
  }
  return { iscsi_iqn: '' }
}

export function nvmeFacts(c: CollectContext): Record<string, unknown> {
  for (const line of splitlines(c.s.content('/etc/nvme/hostnqn', ''))) {
    if (line.startsWith('#') || line.startsWith(';') || strip(line) === '') continue
    if (line.startsWith('nqn.')) return { hostnqn: line }
  }
  return { hostnqn: '' }
}

function ipv4(a: string): number {
  return a.split('.').reduce((x, o) => ((x << 8) | Number(o)) >>> 0, 0)
}

function dotted(v: number): string {
  return [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.')
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}
