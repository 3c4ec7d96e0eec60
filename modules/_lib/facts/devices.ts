/**
 * Block devices (LinuxHardware.get_device_facts): every /sys/block entry with its vendor,
 * model, serial, removable/rotational flags, scheduler, size in sectors and in words,
 * partitions (with their uuid), holders, the PCI host that lspci names, and the
 * /dev/disk/by-* links that point at it.
 */
import type { CollectContext } from './context.js'

const LINK_DIRS: [string, string][] = [['ids', '/dev/disk/by-id'], ['uuids', '/dev/disk/by-uuid'], ['labels', '/dev/disk/by-label']]

export function deviceFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  const facts: Record<string, unknown> = { devices: {} }
  const devices = facts.devices as Record<string, unknown>
  const lspci = s.bin('lspci') ? s.command('lspci')?.out : undefined
  if (s.path('/sys/block')?.kind !== 'dir') return facts
  const blk = readBlk(s.section('blk') ?? '')
  const wwn = new Map<string, string>()
  for (const [name, target] of s.linksIn('/dev/disk/by-id')) if (name.startsWith('wwn-')) wwn.set(basename(target), name.slice(4))
  const links: Record<string, Record<string, string[]>> = {}
  for (const [kind, dir] of LINK_DIRS) links[kind] = deviceLinks(c, dir)
  links.masters = owners(c)
  facts.device_links = { ids: links.ids, uuids: links.uuids, labels: links.labels, masters: links.masters }
  const linksOf = (dev: string) => Object.fromEntries(Object.keys(links).map((k) => [k, links[k][dev] ?? []]))
  const sgInq = s.bin('sg_inq') !== undefined

  for (const { block, entries, holderPaths } of blk) {
    const link = s.link(`/sys/block/${block}`)
    // The device's directory as Ansible names it: /sys/block/<link target> (its files are read through /sys/block/<name>).
    const sysdir = link === undefined ? `/sys/block/${block}` : link.startsWith('/') ? link : `/sys/block/${link}`
    const virtual = link === undefined && entries.some((e) => e.includes('device')) ? 0 : 1
    const g = (file: string, dflt?: unknown) => s.grepContent('blk', `/sys/block/${block}/${file}`, dflt)
    const d: Record<string, unknown> = { virtual, links: linksOf(block) }
    const diskname = basename(sysdir)
    for (const key of ['vendor', 'model', 'sas_address', 'sas_device_handle']) d[key] = g(`device/${key}`) ?? null
    if (sgInq) {
      const r = s.command(`sginq:${block}`)
      const m = r && r.rc === 0 ? /(?:Unit serial|Serial) number:\s+(\w+)/.exec(r.out) : null
      if (m) d.serial = m[1]
    } else {
      const serial = g('device/serial')
      if (serial) d.serial = serial
    }
    d.removable = g('removable') ?? null
    d.support_discard = g('queue/discard_granularity') ?? null
    if (wwn.has(diskname)) d.wwn = wwn.get(diskname)
    /** get_holders: the dm-* holders of the device (rel '') or of one of its partitions, by dm name. */
    const holdersOf = (rel: string) => {
      const sub = rel ? `${rel}/holders/` : 'holders/'
      return holderPaths
        .filter((h) => h.startsWith(sub) && !h.slice(sub.length).includes('/'))
        .map(basename)
        .filter((f) => f.startsWith('dm-'))
        .map((f) => (g(`${sub}${f}/dm/name`) as string | undefined) || f)
    }
    const partitions: Record<string, unknown> = {}
    const partRe = new RegExp(`(${escapeRe(diskname)}[p]?\\d+)`)
    for (const folder of entries) {
      const m = partRe.exec(folder)
      if (!m) continue
      const partname = m[1]
      const part: Record<string, unknown> = { links: linksOf(partname) }
      part.start = g(`${partname}/start`, 0)
      part.sectors = g(`${partname}/size`, 0)
      part.sectorsize = g(`${partname}/queue/logical_block_size`) || g(`${partname}/queue/hw_sector_size`, 512)
      part.size = bytesToHuman(BigInt(String(part.sectors)) * 512n)
      part.uuid = partitionUuid(c, partname)
      part.holders = holdersOf(partname)
      partitions[partname] = part
    }
    d.partitions = partitions
    d.rotational = g('queue/rotational') ?? null
    d.scheduler_mode = ''
    const scheduler = g('queue/scheduler') as string | undefined
    if (scheduler !== undefined) {
      const m = /^.*?(\[(.*)\])/.exec(scheduler)
      if (m) d.scheduler_mode = m[2]
    }
    d.sectors = g('size') || 0
    d.sectorsize = g('queue/logical_block_size') || g('queue/hw_sector_size', 512)
    d.size = bytesToHuman(BigInt(String(d.sectors)) * 512n)
    d.host = ''
    const pci = /.+\/([a-f0-9]{4}:[a-f0-9]{2}:[0|1][a-f0-9]\.[0-7])\//.exec(sysdir)
    if (pci && lspci) {
      const m = new RegExp(`^${escapeRe(pci[1])}\\s(.*)$`, 'm').exec(lspci)
      if (m) d.host = m[1]
    }
    d.holders = holdersOf('')
    devices[diskname] = d
  }
  return facts
}

interface BlockEntry {
  block: string
  /** Names in the device's sysfs directory. */
  entries: string[]
  /** holders/<x> and <entry>/holders/<x>, relative to the device's directory. */
  holderPaths: string[]
}

/** The probe's `blk` section: `b<TAB>name`, then the device's `e` entries and `h` holders. */
function readBlk(text: string): BlockEntry[] {
  const out: BlockEntry[] = []
  for (const line of text.split('\n')) {
    const [kind, a] = line.split('\t')
    if (kind === 'b') out.push({ block: a, entries: [], holderPaths: [] })
    else if (kind === 'e' && out.length) out[out.length - 1].entries.push(a)
    else if (kind === 'h' && out.length) out[out.length - 1].holderPaths.push(a)
  }
  return out
}

/** Link name → the names pointing at it, sorted, for one /dev/disk/by-* directory. */
function deviceLinks(c: CollectContext, dir: string): Record<string, string[]> {
  if (c.s.path(dir) === undefined) return {}
  const out = new Map<string, Set<string>>()
  for (const [e, target] of c.s.linksIn(dir)) {
    const t = basename(target)
    if (!out.has(t)) out.set(t, new Set())
    out.get(t)!.add(e)
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v].sort()]))
}

/** /sys/block/<dev>/slaves/<slave>: slave → the devices built on it. */
function owners(c: CollectContext): Record<string, string[]> {
  const out = new Map<string, Set<string>>()
  for (const p of (c.s.section('slaves') ?? '').split('\n').filter(Boolean)) {
    const parts = p.split('/')
    const [device, target] = [parts[3], parts[5]]
    if (!out.has(target)) out.set(target, new Set())
    out.get(target)!.add(device)
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v].sort()]))
}

function partitionUuid(c: CollectContext, partname: string): string | null {
  if (c.s.path('/dev/disk/by-uuid') === undefined) return null
  for (const [uuid, target] of c.s.linksIn('/dev/disk/by-uuid')) if (resolve('/dev/disk/by-uuid', target) === `/dev/${partname}`) return uuid
  return null
}

/** A link's target made absolute and normalised (what realpath gives for a device node). */
function resolve(dir: string, target: string): string {
  const parts: string[] = []
  for (const p of (target.startsWith('/') ? target : `${dir}/${target}`).split('/')) {
    if (p === '' || p === '.') continue
    if (p === '..') parts.pop()
    else parts.push(p)
  }
  return `/${parts.join('/')}`
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const UNITS: [string, bigint][] = [['Y', 1n << 80n], ['Z', 1n << 70n], ['E', 1n << 60n], ['P', 1n << 50n], ['T', 1n << 40n], ['G', 1n << 30n], ['M', 1n << 20n], ['K', 1n << 10n], ['B', 1n]]

/** bytes_to_human(): `'%.2f %s'`, with Python's rounding of the exact quotient. */
function bytesToHuman(size: bigint): string {
  let [suffix, limit] = UNITS[UNITS.length - 1]
  for (const [s, l] of UNITS) {
    ;[suffix, limit] = [s, l]
    if (size >= l) break
  }
  const unit = limit !== 1n ? `${suffix}B` : 'Bytes'
  const scaled = size * 100n
  let q = scaled / limit
  const r = scaled % limit
  if (2n * r > limit || (2n * r === limit && q % 2n === 1n)) q += 1n
  const text = `${q / 100n}.${String(q % 100n).padStart(2, '0')}`
  return `${text} ${unit}`
}
