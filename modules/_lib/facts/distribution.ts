/**
 * The `distribution` collector on Linux (system/distribution.py): a first guess from the
 * distro library, then the first distribution file of Ansible's list that exists and
 * parses names the distribution, its file and variety, and refines release and version;
 * `os_family` groups the distribution.
 */
import { uname, type CollectContext } from './context.js'
import { Distro, getDistribution, getDistributionCodename, getDistributionVersion } from './distro.js'
import { splitlines } from './sections.js'

const OSDIST_LIST: { path: string; name: string; allowEmpty?: boolean }[] = [
  { path: '/etc/altlinux-release', name: 'Altlinux' },
  { path: '/etc/oracle-release', name: 'OracleLinux' },
  { path: '/etc/slackware-version', name: 'Slackware' },
  { path: '/etc/centos-release', name: 'CentOS' },
  { path: '/etc/redhat-release', name: 'RedHat' },
  { path: '/etc/vmware-release', name: 'VMwareESX', allowEmpty: true },
  { path: '/etc/openwrt_release', name: 'OpenWrt' },
  { path: '/etc/os-release', name: 'Amazon' },
  { path: '/etc/system-release', name: 'Amazon' },
  { path: '/etc/alpine-release', name: 'Alpine' },
  { path: '/etc/arch-release', name: 'Archlinux', allowEmpty: true },
  { path: '/etc/os-release', name: 'Archlinux' },
  { path: '/etc/os-release', name: 'SUSE' },
  { path: '/etc/SuSE-release', name: 'SUSE' },
  { path: '/etc/gentoo-release', name: 'Gentoo' },
  { path: '/etc/os-release', name: 'Debian' },
  { path: '/etc/lsb-release', name: 'Debian' },
  { path: '/etc/lsb-release', name: 'Mandriva' },
  { path: '/etc/sourcemage-release', name: 'SMGL' },
  { path: '/usr/lib/os-release', name: 'ClearLinux' },
  { path: '/etc/coreos/update.conf', name: 'Coreos' },
  { path: '/etc/os-release', name: 'Flatcar' },
  { path: '/etc/os-release', name: 'NA' },
]

const SEARCH_STRING: Record<string, string> = { OracleLinux: 'Oracle Linux', RedHat: 'Red Hat', Altlinux: 'ALT', SMGL: 'Source Mage GNU/Linux' }
const OS_RELEASE_ALIAS: Record<string, string> = { Archlinux: 'Arch Linux' }

const OS_FAMILY_MAP: Record<string, string[]> = {
  RedHat: ['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM', 'OracleLinux', 'OVS', 'OEL', 'Amazon', 'Virtuozzo', 'XenServer', 'Alibaba', 'EulerOS', 'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server'],
  Debian: ['Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali', 'Cumulus Linux', 'Pop!_OS', 'Parrot', 'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC'],
  Suse: ['SuSE', 'SLES', 'SLED', 'openSUSE', 'openSUSE Tumbleweed', 'SLES_SAP', 'SUSE_LINUX', 'openSUSE Leap'],
  Archlinux: ['Archlinux', 'Antergos', 'Manjaro'],
  Mandrake: ['Mandrake', 'Mandriva'],
  Solaris: ['Solaris', 'Nexenta', 'OmniOS', 'OpenIndiana', 'SmartOS'],
  Slackware: ['Slackware'],
  Altlinux: ['Altlinux'],
  SGML: ['SGML'],
  Gentoo: ['Gentoo', 'Funtoo'],
  Alpine: ['Alpine'],
  AIX: ['AIX'],
  'HP-UX': ['HPUX'],
  Darwin: ['MacOSX'],
  FreeBSD: ['FreeBSD', 'TrueOS'],
  ClearLinux: ['Clear Linux OS', 'Clear Linux Mix'],
  DragonFly: ['DragonflyBSD', 'DragonFlyBSD', 'Gentoo/DragonflyBSD', 'Gentoo/DragonFlyBSD'],
  NetBSD: ['NetBSD'],
}
const OS_FAMILY = new Map<string, string>()
for (const [family, names] of Object.entries(OS_FAMILY_MAP)) for (const n of names) OS_FAMILY.set(n, family)

type Facts = Record<string, string | boolean>
type Parsed = [boolean, Facts]

export function distributionFacts(c: CollectContext): Record<string, unknown> {
  const [system, kernel, kernelVersion] = uname(c)
  const facts: Facts = { distribution: system, distribution_release: kernel, distribution_version: kernelVersion }
  if (system === 'Linux') Object.assign(facts, processDistFiles(c))
  const distro = String(facts.distribution)
  facts.os_family = OS_FAMILY.get(distro) || distro
  return facts
}

function processDistFiles(c: CollectContext): Facts {
  const d = new Distro(c)
  const version = getDistributionVersion(d) || 'NA'
  const codename = getDistributionCodename(d)
  const facts: Facts = {
    distribution: getDistribution(d) || 'NA',
    distribution_version: version,
    distribution_release: codename === null ? 'NA' : codename,
    distribution_major_version: version.split('.')[0] || 'NA',
  }
  for (const { path, name, allowEmpty } of OSDIST_LIST) {
    const info = c.s.path(path)
    if (!info || (!allowEmpty && !info.nonEmpty)) continue
    if (allowEmpty) {
      Object.assign(facts, { distribution: name, distribution_file_path: path, distribution_file_variety: name })
      break
    }
    const data = c.s.content(path)
    if (data === undefined) continue
    const [parsed, parsedFacts] = parseDistFile(c, d, name, data, path, facts)
    if (parsed) {
      Object.assign(facts, { distribution: name, distribution_file_path: path, distribution_file_variety: name, distribution_file_parsed: parsed }, parsedFacts)
      break
    }
  }
  return facts
}

function parseDistFile(c: CollectContext, d: Distro, name: string, raw: string, path: string, collected: Facts): Parsed {
  const data = raw.replace(/^['"\\]+|['"\\]+$/g, '')
  const out: Facts = {}
  if (name in SEARCH_STRING) {
    if (data.includes(SEARCH_STRING[name])) {
      out.distribution = name
      out.distribution_file_search_string = SEARCH_STRING[name]
    } else {
      out.distribution = data.split(/\s+/)[0]
    }
    return [true, out]
  }
  if (name in OS_RELEASE_ALIAS) {
    if (data.includes(OS_RELEASE_ALIAS[name])) {
      out.distribution = name
      return [true, out]
    }
    return [false, out]
  }
  const parser = PARSERS[name]
  return parser ? parser({ c, d, name, data, path, collected }) : [false, out]
}

interface ParseArgs {
  c: CollectContext
  d: Distro
  name: string
  data: string
  path: string
  collected: Facts
}

const search = (re: RegExp, s: string) => re.exec(s)

const PARSERS: Record<string, (a: ParseArgs) => Parsed> = {
  Slackware({ name, data }) {
    if (!data.includes('Slackware')) return [false, {}]
    const out: Facts = { distribution: name }
    const v = /\w+[.]\w+\+?/.exec(data)
    if (v) out.distribution_version = v[0]
    return [true, out]
  },
  Amazon({ data, path }) {
    if (!data.includes('Amazon')) return [false, {}]
    const out: Facts = { distribution: 'Amazon' }
    if (path === '/etc/os-release') {
      const v = search(/VERSION_ID="(.*)"/, data)
      if (v) {
        out.distribution_version = v[1]
        const parts = v[1].split('.')
        out.distribution_major_version = parts[0]
        out.distribution_minor_version = parts.length > 1 ? parts[1] : 'NA'
      }
    } else {
      out.distribution_version = data.split(/\s+/).find((n) => /^\d+$/.test(n)) ?? 'NA'
    }
    return [true, out]
  },
  OpenWrt({ name, data }) {
    if (!data.includes('OpenWrt')) return [false, {}]
    const out: Facts = { distribution: name }
    const v = search(/DISTRIB_RELEASE="(.*)"/, data)
    if (v) out.distribution_version = v[1]
    const r = search(/DISTRIB_CODENAME="(.*)"/, data)
    if (r) out.distribution_release = r[1]
    return [true, out]
  },
  Alpine({ data }) {
    return [true, { distribution: 'Alpine', distribution_version: data }]
  },
  SUSE({ c, data, path, collected }) {
    const out: Facts = {}
    const lower = data.toLowerCase()
    if (!lower.includes('suse')) return [false, out]
    if (path === '/etc/os-release') {
      for (const line of splitlines(data)) {
        const dist = /^NAME=(.*)/.exec(line)
        if (dist) out.distribution = dist[1].replace(/^"+|"+$/g, '')
        const ver = /^VERSION_ID="?([0-9]+\.?[0-9]*)"?/.exec(line)
        if (ver) {
          out.distribution_version = ver[1]
          out.distribution_major_version = ver[1].split('.')[0]
        }
        if (lower.includes('open')) {
          const rel = /^VERSION_ID="?[0-9]+\.?([0-9]*)"?/.exec(line)
          if (rel) out.distribution_release = rel[1]
        } else if (lower.includes('enterprise') && line.includes('VERSION_ID')) {
          const rel = /^VERSION_ID="?[0-9]+\.?([0-9]*)"?/.exec(line)
          out.distribution_release = rel?.[1] ? rel[1] : '0'
        }
      }
    } else if (path === '/etc/SuSE-release') {
      const lines = splitlines(data)
      if (lower.includes('open')) {
        out.distribution = lines[0].split(/\s+/)[0]
        for (const line of lines) {
          const rel = /CODENAME *= *([^\n]+)/.exec(line)
          if (rel) out.distribution_release = rel[1].trim()
        }
      } else if (lower.includes('enterprise')) {
        if (data.includes('Server')) out.distribution = 'SLES'
        else if (data.includes('Desktop')) out.distribution = 'SLED'
        for (const line of lines) {
          const rel = /PATCHLEVEL = ([0-9]+)/.exec(line)
          if (rel) {
            out.distribution_release = rel[1]
            out.distribution_version = `${String(collected.distribution_version)}.${rel[1]}`
          }
        }
      }
    }
    if ((c.s.real('/etc/products.d/baseproduct') ?? '').endsWith('SLES_SAP.prod') && c.s.path('/etc/products.d/baseproduct')?.kind === 'link') {
      out.distribution = 'SLES_SAP'
    }
    return [true, out]
  },
  Debian({ c, data, path, collected }) {
    const out: Facts = {}
    if (data.includes('Debian') || data.includes('Raspbian')) {
      out.distribution = 'Debian'
      const rel = /PRETTY_NAME=[^(]+ \(?([^)]+?)\)/.exec(data)
      if (rel) out.distribution_release = rel[1]
      if (collected.distribution_release === 'NA' && data.includes('Debian')) {
        const tz = c.s.command('tzdata')
        if (tz && tz.rc === 0) out.distribution_release = tz.out.trim()
      }
      for (const line of c.s.lines('/etc/debian_version')) {
        const m = /(\d+)\.(\d+)/.exec(line.trim())
        if (m) out.distribution_minor_version = m[2]
      }
    } else if (data.includes('Ubuntu')) {
      out.distribution = 'Ubuntu'
    } else if (data.includes('SteamOS')) {
      out.distribution = 'SteamOS'
    } else if ((path === '/etc/lsb-release' || path === '/etc/os-release') && (data.includes('Kali') || data.includes('Parrot'))) {
      out.distribution = data.includes('Kali') ? 'Kali' : 'Parrot'
      const rel = /DISTRIB_RELEASE=(.*)/.exec(data)
      if (rel) out.distribution_release = rel[1]
    } else if (data.includes('Devuan')) {
      out.distribution = 'Devuan'
      const rel = /PRETTY_NAME="?[^("]+ \(?([^) "]+)\)?/.exec(data)
      if (rel) out.distribution_release = rel[1]
      const v = /VERSION_ID="(.*)"/.exec(data)
      if (v) {
        out.distribution_version = v[1]
        out.distribution_major_version = v[1]
      }
    } else if (data.includes('Cumulus')) {
      out.distribution = 'Cumulus Linux'
      const v = /VERSION_ID=(.*)/.exec(data)
      if (v) {
        out.distribution_version = v[1]
        out.distribution_major_version = v[1].split('.')[0]
      }
      const rel = /VERSION="(.*)"/.exec(data)
      if (rel) out.distribution_release = rel[1]
    } else if (data.includes('Mint')) {
      out.distribution = 'Linux Mint'
      const v = /VERSION_ID="(.*)"/.exec(data)
      if (v) {
        out.distribution_version = v[1]
        out.distribution_major_version = v[1].split('.')[0]
      }
    } else if (data.includes('UOS') || data.includes('Uos') || data.includes('uos') || data.includes('Deepin') || data.includes('deepin')) {
      out.distribution = /UOS|Uos|uos/.test(data) ? 'Uos' : 'Deepin'
      const rel = /VERSION_CODENAME="?([^"]+)"?/.exec(data)
      if (rel) out.distribution_release = rel[1]
      const v = /VERSION_ID="(.*)"/.exec(data)
      if (v) {
        out.distribution_version = v[1]
        out.distribution_major_version = v[1].split('.')[0]
      }
    } else {
      return [false, out]
    }
    return [true, out]
  },
  Mandriva({ name, data }) {
    if (!data.includes('Mandriva')) return [false, {}]
    const out: Facts = { distribution: name }
    const v = /DISTRIB_RELEASE="(.*)"/.exec(data)
    if (v) out.distribution_version = v[1]
    const r = /DISTRIB_CODENAME="(.*)"/.exec(data)
    if (r) out.distribution_release = r[1]
    return [true, out]
  },
  NA({ name, data, collected }) {
    const out: Facts = {}
    for (const line of splitlines(data)) {
      const dist = /^NAME=(.*)/.exec(line)
      if (dist && name === 'NA') out.distribution = dist[1].replace(/^"+|"+$/g, '')
      const v = /^VERSION=(.*)/.exec(line)
      if (v && collected.distribution_version === 'NA') out.distribution_version = v[1].replace(/^"+|"+$/g, '')
    }
    return [true, out]
  },
  Coreos({ d, data }) {
    if (getDistribution(d).toLowerCase() !== 'coreos' || !data) return [false, {}]
    const out: Facts = {}
    const r = /^GROUP=(.*)/.exec(data)
    if (r) out.distribution_release = r[1].replace(/^"+|"+$/g, '')
    return [true, out]
  },
  Flatcar({ d, data }) {
    if (getDistribution(d).toLowerCase() !== 'flatcar' || !data) return [false, {}]
    const out: Facts = {}
    const v = /VERSION=(.*)/.exec(data)
    if (v) {
      const ver = v[1].replace(/^"+|"+$/g, '')
      out.distribution_major_version = ver.split('.')[0]
      out.distribution_version = ver
    }
    return [true, out]
  },
  ClearLinux({ name, data }) {
    if (!name.toLowerCase().includes('clearlinux')) return [false, {}]
    const out: Facts = {}
    const pname = /NAME="(.*)"/.exec(data)
    if (pname) {
      if (!pname[1].includes('Clear Linux')) return [false, out]
      out.distribution = pname[1]
    }
    const v = /VERSION_ID=(.*)/.exec(data)
    if (v) {
      out.distribution_major_version = v[1]
      out.distribution_version = v[1]
    }
    const r = /ID=(.*)/.exec(data)
    if (r) out.distribution_release = r[1]
    return [true, out]
  },
  CentOS({ data }) {
    if (data.includes('CentOS Stream')) return [true, { distribution_release: 'Stream' }]
    if (data.includes('TencentOS Server')) return [true, { distribution: 'TencentOS' }]
    return [false, {}]
  },
}
