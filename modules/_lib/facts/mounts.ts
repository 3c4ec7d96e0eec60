/**
 * Mounts (LinuxHardware.get_mount_facts): the /etc/mtab (or /proc/mounts) entries of
 * real devices, with bind mounts (from findmnt) marked, their sizes from statvfs and
 * the filesystem uuid (lsblk, else udevadm), each within gather_timeout.
 */
import type { CollectContext } from './context.js'
import { splitlines } from './sections.js'

export function mountFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  const bindMounts = new Set<string>()
  const findmnt = s.bin('findmnt') ? s.command('findmnt') : undefined
  if (findmnt && findmnt.rc === 0) {
    for (const line of splitlines(findmnt.out)) {
      const fields = line.split(/\s+/).filter(Boolean)
      if (fields.length >= 2 && fields[1].includes(']')) bindMounts.add(fields[0])
    }
  }
  const uuids = new Map<string, string>()
  const lsblk = s.bin('lsblk') ? s.command('lsblk') : undefined
  if (lsblk && lsblk.rc === 0) {
    for (const raw of splitlines(lsblk.out)) {
      const line = raw.trim()
      if (!line) continue
      const m = /^(.*\S)\s+(\S+)$/.exec(line)
      if (!m || uuids.has(m[1].trim())) continue
      uuids.set(m[1].trim(), m[2].trim())
    }
  }
  const udevadm = new Map<string, string>()
  for (const line of (s.section('udevadm') ?? '').split('\n')) {
    const [dev, uuid] = line.split('\t')
    if (dev) udevadm.set(dev, uuid || 'N/A')
  }
  // `<mount>|<numbers>` from one stat of every mount; `<mount>|<rc>|<numbers>` one by one
  // when that one timed out (124: this mount's stat timed out).
  const statvfs = new Map<string, { out: string; rc: string }>()
  for (const line of (s.section('statvfs') ?? '').split('\n')) {
    const at = line.lastIndexOf('|')
    if (at > 0) statvfs.set(line.slice(0, at), { out: line.slice(at + 1), rc: '0' })
  }
  for (const line of (s.section('statvfs1') ?? '').split('\n')) {
    const m = /^(.*)\|(\d+)\|([^|]*)$/.exec(line)
    if (m) statvfs.set(m[1], { out: m[3], rc: m[2] })
  }
  const mtab = s.exists('/etc/mtab') ? '/etc/mtab' : '/proc/mounts'
  const results = new Map<string, Record<string, unknown>>()
  for (const line of splitlines(s.content(mtab, ''))) {
    const raw = line.split(/\s+/).filter(Boolean)
    if (raw.length < 4) continue
    const [device, mount, fstype, options] = raw.map(unescapeOctal)
    if ((!device.startsWith('/') && !device.startsWith('\\') && !device.includes(':/')) || fstype === 'none') continue
    const info: Record<string, unknown> = { mount, device, fstype, options }
    if (bindMounts.has(mount) && !/^.*bind.*"/.test(options)) info.options = `${options},bind`
    const st = statvfs.get(mount)
    if (st?.rc === '124') {
      c.warn(`Timeout exceeded when getting mount info for ${mount}`)
      info.note = 'Could not get extra information due to timeout'
    } else {
      Object.assign(info, mountSize(st?.out ?? ''))
      info.uuid = uuids.get(device) ?? udevadm.get(device) ?? 'N/A'
    }
    results.set(mount, info)
  }
  return { mounts: [...results.values()] }
}

/** get_mount_size() from `stat -f` (%S %s %b %a %c %d); nothing when it failed. */
function mountSize(out: string): Record<string, number> {
  const v = out.trim().split(/\s+/).map(Number)
  if (v.length !== 6 || v.some((x) => Number.isNaN(x))) return {}
  const [frsize, bsize, blocks, bavail, files, favail] = v
  return {
    size_total: frsize * blocks,
    size_available: frsize * bavail,
    block_size: bsize,
    block_total: blocks,
    block_available: bavail,
    block_used: blocks - bavail,
    inode_total: files,
    inode_available: favail,
    inode_used: files - favail,
  }
}

function unescapeOctal(s: string): string {
  return s.replace(/\\[0-9]{3}/g, (m) => String.fromCharCode(parseInt(m.slice(1), 8)))
}
