/**
 * The `hardware` collector on Linux (hardware/linux.py): processors from /proc/cpuinfo,
 * memory from /proc/meminfo, DMI from sysfs (or dmidecode), block devices, uptime, LVM
 * (as root with the lvm tools) and mounts.
 */
import type { CollectContext } from './context.js'
import { deviceFacts } from './devices.js'
import { mountFacts } from './mounts.js'
import { splitlines, strip } from './sections.js'

export function hardwareFacts(c: CollectContext): Record<string, unknown> {
  return {
    ...cpuFacts(c),
    ...memoryFacts(c),
    ...dmiFacts(c),
    ...deviceFacts(c),
    ...uptimeFacts(c),
    ...lvmFacts(c),
    ...mountFacts(c),
  }
}

const CPU_KEYS = new Set(['model name', 'Processor', 'vendor_id', 'cpu', 'Vendor', 'processor'])

function cpuFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  const xen = s.exists('/proc/xen') || s.lines('/sys/hypervisor/type')[0]?.trim() === 'xen'
  if (!s.path('/proc/cpuinfo')?.readable) return {}
  const f: Record<string, unknown> = { processor: [] as string[] }
  const processor = f.processor as string[]
  let i = 0
  let vendorIds = 0
  let modelNames = 0
  let processors = 0
  let physid: string | number = 0
  let coreid: string | number = 0
  const sockets = new Map<string | number, number>()
  const cores = new Map<string | number, number>()
  let xenParavirt = false
  for (const line of s.lines('/proc/cpuinfo')) {
    const at = line.indexOf(':')
    const key = strip(at < 0 ? line : line.slice(0, at))
    const val = at < 0 ? '' : strip(line.slice(at + 1))
    if (xen && key === 'flags' && !val.includes('vme')) xenParavirt = true
    if (CPU_KEYS.has(key)) {
      processor.push(val)
      if (key === 'vendor_id') vendorIds++
      if (key === 'model name') modelNames++
      if (key === 'processor') processors++
      i++
    } else if (key === 'physical id') {
      physid = val
      if (!sockets.has(physid)) sockets.set(physid, 1)
    } else if (key === 'core id') {
      coreid = val
      if (!sockets.has(coreid)) cores.set(coreid, 1)
    } else if (key === 'cpu cores') sockets.set(physid, parseInt(val, 10))
    else if (key === 'siblings') cores.set(coreid, parseInt(val, 10))
    else if (key === '# processors') f.processor_cores = parseInt(val, 10)
    else if (key === 'ncpus active') i = parseInt(val, 10)
  }
  if (vendorIds > 0 && vendorIds === modelNames) i = vendorIds
  const arch = String(c.collected.ansible_architecture ?? '')
  if (/^(armv|aarch|ppc)/.test(arch)) i = processors
  if (arch === 's390x') return f
  if (xenParavirt) Object.assign(f, { processor_count: i, processor_cores: i, processor_threads_per_core: 1, processor_vcpus: i })
  else {
    f.processor_count = sockets.size ? sockets.size : i
    const socketValues = [...sockets.values()]
    const coresPer = socketValues.length && socketValues[0] ? socketValues[0] : 1
    f.processor_cores = coresPer
    const coreValues = [...cores.values()]
    const threads = Math.floor((coreValues.length ? coreValues[0] : 1) / coresPer)
    f.processor_threads_per_core = threads
    f.processor_vcpus = threads * Number(f.processor_count) * coresPer
    let nproc = processors
    if (c.py?.nproc !== undefined) nproc = c.py.nproc
    else {
      const cmd = s.command('nproc')
      if (cmd && cmd.rc === 0) nproc = parseInt(cmd.out, 10)
    }
    f.processor_nproc = nproc
  }
  return f
}

const ORIGINAL_MEMORY = new Set(['MemTotal', 'SwapTotal', 'MemFree', 'SwapFree'])
const MEMORY = new Set([...ORIGINAL_MEMORY, 'Buffers', 'Cached', 'SwapCached'])

function memoryFacts(c: CollectContext): Record<string, unknown> {
  if (!c.s.path('/proc/meminfo')?.readable) return {}
  const f: Record<string, unknown> = {}
  const m = new Map<string, number>()
  for (const line of c.s.lines('/proc/meminfo')) {
    const at = line.indexOf(':')
    const key = at < 0 ? line : line.slice(0, at)
    if (!MEMORY.has(key)) continue
    const val = Math.floor(parseInt(strip(line.slice(at + 1)).split(' ')[0], 10) / 1024)
    if (ORIGINAL_MEMORY.has(key)) f[`${key.toLowerCase()}_mb`] = val
    m.set(key.toLowerCase(), val)
  }
  const g = (k: string) => m.get(k) ?? null
  const sub = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b)
  const nocacheFree = g('cached') === null || g('memfree') === null || g('buffers') === null ? null : g('cached')! + g('memfree')! + g('buffers')!
  f.memory_mb = {
    real: { total: g('memtotal'), used: sub(g('memtotal'), g('memfree')), free: g('memfree') },
    nocache: { free: nocacheFree, used: sub(g('memtotal'), nocacheFree) },
    swap: { total: g('swaptotal'), free: g('swapfree'), used: sub(g('swaptotal'), g('swapfree')), cached: g('swapcached') },
  }
  return f
}

const FORM_FACTOR = [
  'Unknown', 'Other', 'Unknown', 'Desktop', 'Low Profile Desktop', 'Pizza Box', 'Mini Tower', 'Tower', 'Portable', 'Laptop', 'Notebook',
  'Hand Held', 'Docking Station', 'All In One', 'Sub Notebook', 'Space-saving', 'Lunch Box', 'Main Server Chassis', 'Expansion Chassis',
  'Sub Chassis', 'Bus Expansion Chassis', 'Peripheral Chassis', 'RAID Chassis', 'Rack Mount Chassis', 'Sealed-case PC', 'Multi-system',
  'CompactPCI', 'AdvancedTCA', 'Blade', 'Blade Enclosure', 'Tablet', 'Convertible', 'Detachable', 'IoT Gateway', 'Embedded PC', 'Mini PC',
  'Stick PC',
]

/** DMI fact → (sysfs file, dmidecode keyword). */
const DMI: [string, string, string][] = [
  ['bios_date', 'bios_date', 'bios-release-date'], ['bios_vendor', 'bios_vendor', 'bios-vendor'], ['bios_version', 'bios_version', 'bios-version'],
  ['board_asset_tag', 'board_asset_tag', 'baseboard-asset-tag'], ['board_name', 'board_name', 'baseboard-product-name'],
  ['board_serial', 'board_serial', 'baseboard-serial-number'], ['board_vendor', 'board_vendor', 'baseboard-manufacturer'],
  ['board_version', 'board_version', 'baseboard-version'], ['chassis_asset_tag', 'chassis_asset_tag', 'chassis-asset-tag'],
  ['chassis_serial', 'chassis_serial', 'chassis-serial-number'], ['chassis_vendor', 'chassis_vendor', 'chassis-manufacturer'],
  ['chassis_version', 'chassis_version', 'chassis-version'], ['form_factor', 'chassis_type', 'chassis-type'],
  ['product_name', 'product_name', 'system-product-name'], ['product_serial', 'product_serial', 'system-serial-number'],
  ['product_uuid', 'product_uuid', 'system-uuid'], ['product_version', 'product_version', 'system-version'],
  ['system_vendor', 'sys_vendor', 'system-manufacturer'],
]

const DMI_DIR = '/sys/devices/virtual/dmi/id'

function dmiFacts(c: CollectContext): Record<string, unknown> {
  const f: Record<string, unknown> = {}
  if (c.s.exists(`${DMI_DIR}/product_name`)) {
    for (const [key, file] of DMI) {
      const data = c.s.grepContent('dmi', `${DMI_DIR}/${file}`)
      if (data === undefined) f[key] = 'NA'
      else if (key === 'form_factor') f[key] = FORM_FACTOR[parseInt(data, 10)] ?? `unknown (${data})`
      else f[key] = data
    }
    return f
  }
  const dmidecode = c.s.bin('dmidecode') !== undefined
  for (const [key, , kw] of DMI) {
    const cmd = dmidecode ? c.s.command(`dmi:${kw}`) : undefined
    f[key] = cmd && cmd.rc === 0 ? splitlines(cmd.out).filter((l) => !l.startsWith('#')).join('') : 'NA'
  }
  return f
}

function uptimeFacts(c: CollectContext): Record<string, unknown> {
  const up = c.s.content('/proc/uptime')
  return up ? { uptime_seconds: Math.trunc(parseFloat(up.split(' ')[0])) } : {}
}

function lvmFacts(c: CollectContext): Record<string, unknown> {
  const [ruid] = (c.s.section('id') ?? '').split('\n')
  if (ruid !== '0' || !c.s.bin('vgs')) return { lvm: 'N/A' }
  const rows = (id: string) => splitlines(c.s.command(id)?.out ?? '').map((l) => strip(l).split(','))
  const vgs: Record<string, unknown> = {}
  for (const it of rows('vgs')) vgs[it[0]] = { size_g: it[it.length - 2], free_g: it[it.length - 1], num_lvs: it[2], num_pvs: it[1] }
  const lvs: Record<string, unknown> = {}
  if (c.s.bin('lvs')) for (const it of rows('lvs')) lvs[it[0]] = { size_g: it[3], vg: it[1] }
  const pvs: Record<string, unknown> = {}
  if (c.s.bin('pvs')) {
    for (const it of rows('pvs')) {
      let dev = it[0]
      if (dev.startsWith('/dev/dm-')) {
        const dm = c.s.command(`dm:${dev}`)
        if (dm && dm.rc === 0) dev = `/dev/mapper/${dm.out.replace(/\s+$/, '')}`
      }
      pvs[dev] = { size_g: it[4], free_g: it[5], vg: it[1] }
    }
  }
  return { lvm: { lvs, vgs, pvs } }
}
