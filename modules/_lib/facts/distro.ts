/**
 * The `distro` library's reading of a Linux host (what ansible.module_utils.common.sys_info
 * asks it): the id, version and codename from os-release, `lsb_release -a` and the
 * /etc/<name>-release files. Ansible's modules import the host's own `distro` package
 * when there is one, its bundled 1.6.0 otherwise; from 1.7 on, /etc/debian_version is a
 * version candidate on Debian-like hosts (hence "12.11" where os-release says "12").
 */
import type { CollectContext } from './context.js'
import { strip } from './sections.js'

const NORMALIZED_OS_ID: Record<string, string> = { ol: 'oracle', 'opensuse-leap': 'opensuse' }
const NORMALIZED_LSB_ID: Record<string, string> = {
  enterpriseenterpriseas: 'oracle',
  enterpriseenterpriseserver: 'oracle',
  redhatenterpriseworkstation: 'rhel',
  redhatenterpriseserver: 'rhel',
  redhatenterprisecomputenode: 'rhel',
}
const NORMALIZED_DISTRO_ID: Record<string, string> = { redhat: 'rhel' }
const RELEASE_IGNORE = new Set(['debian_version', 'lsb-release', 'oem-release', 'os-release', 'system-release', 'plesk-release', 'iredmail-release'])
const RELEASE_CONTENT_REVERSED = /^(?:[^)]*\)(.*)\()? *(?:STL )?([\d.+\-a-z]*\d) *(?:esaeler *)?(.+)/
const RELEASE_BASENAME = /^(\w+)[-_](release|version)$/

export class Distro {
  readonly osRelease: Record<string, string>
  readonly lsbRelease: Record<string, string>
  readonly distroRelease: Record<string, string>
  private readonly debianVersion: string | undefined

  constructor(c: CollectContext) {
    const s = c.s
    const etc = s.path('/etc/os-release')
    const usr = s.path('/usr/lib/os-release')
    const file = etc?.kind === 'file' || usr?.kind !== 'file' ? '/etc/os-release' : '/usr/lib/os-release'
    const text = s.path(file)?.kind === 'file' ? s.file(file) : undefined
    this.osRelease = text === undefined ? {} : parseOsRelease(text)
    const lsb = s.command('lsb_release')
    this.lsbRelease = lsb && lsb.rc === 0 ? parseLsbRelease(lsb.out) : {}
    this.distroRelease = distroReleaseInfo(s.section('distrorel') ?? '')
    // The host's own distro package from 1.7 on reads debian_version; without a Python,
    // the newest behaviour.
    const v = c.py ? c.py.distro : '1.8.0'
    const [major, minor] = (v ?? '1.6.0').split('.').map(Number)
    const readsDebianVersion = major > 1 || (major === 1 && minor >= 7)
    this.debianVersion = readsDebianVersion ? (s.file('/etc/debian_version') ?? '').split('\n')[0].replace(/\s+$/, '') : undefined
  }

  id(): string {
    const norm = (v: string, table: Record<string, string>) => {
      const k = v.toLowerCase().replace(/ /g, '_')
      return table[k] ?? k
    }
    if (this.osRelease.id) return norm(this.osRelease.id, NORMALIZED_OS_ID)
    if (this.lsbRelease.distributor_id) return norm(this.lsbRelease.distributor_id, NORMALIZED_LSB_ID)
    if (this.distroRelease.id) return norm(this.distroRelease.id, NORMALIZED_DISTRO_ID)
    return ''
  }

  version(best = false): string {
    const versions = [
      this.osRelease.version_id ?? '',
      this.lsbRelease.release ?? '',
      this.distroRelease.version_id ?? '',
      parseReleaseContent(this.osRelease.pretty_name ?? '').version_id ?? '',
      parseReleaseContent(this.lsbRelease.description ?? '').version_id ?? '',
    ]
    if (this.debianVersion !== undefined && (this.id() === 'debian' || (this.osRelease.id_like ?? '').split(/\s+/).includes('debian'))) {
      versions.push(this.debianVersion)
    }
    let version = ''
    if (best) {
      for (const v of versions) if (count(v, '.') > count(version, '.') || version === '') version = v
    } else {
      version = versions.find((v) => v !== '') ?? ''
    }
    return version
  }

  codename(): string {
    if ('codename' in this.osRelease) return this.osRelease.codename
    return this.lsbRelease.codename || this.distroRelease.codename || ''
  }
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1
}

/** os-release as shlex reads it (POSIX quoting, `#` comments), keys lowercased. */
function parseOsRelease(text: string): Record<string, string> {
  const props: Record<string, string> = {}
  for (const token of shellWords(text)) {
    const at = token.indexOf('=')
    if (at >= 0) props[token.slice(0, at).toLowerCase()] = token.slice(at + 1)
  }
  if ('version' in props) {
    const m = /\((\D+)\)|,\s*(\D+)/.exec(props.version)
    if (m) props.codename = props.release_codename = m[1] ?? m[2]
  }
  if ('version_codename' in props) props.codename = props.version_codename
  else if ('ubuntu_codename' in props) props.codename = props.ubuntu_codename
  return props
}

/** shlex.shlex(text, posix=True) with whitespace_split: words, quotes removed, comments dropped. */
function shellWords(text: string): string[] {
  const out: string[] = []
  let cur = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === "'") {
      const end = text.indexOf("'", i + 1)
      cur += end < 0 ? text.slice(i + 1) : text.slice(i + 1, end)
      i = end < 0 ? text.length : end
      inWord = true
    } else if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && i + 1 < text.length && '\\"'.includes(text[i + 1])) i++
        cur += text[i]
      }
      inWord = true
    } else if (ch === '\\') {
      if (i + 1 < text.length) cur += text[++i]
      inWord = true
    } else if (ch === '#') {
      // A comment, even inside a word (which it ends).
      const nl = text.indexOf('\n', i)
      i = nl < 0 ? text.length : nl - 1
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur)
      cur = ''
      inWord = false
    } else {
      cur += ch
      inWord = true
    }
  }
  if (inWord) out.push(cur)
  return out
}

/** `lsb_release -a`: `Key Name: value` → key_name. */
function parseLsbRelease(out: string): Record<string, string> {
  const props: Record<string, string> = {}
  for (const line of out.split(/\r?\n/)) {
    const at = line.indexOf(':')
    if (at < 0) continue
    props[line.slice(0, at).replace(/ /g, '_').toLowerCase()] = strip(line.slice(at + 1))
  }
  return props
}

/** The first line of a distro release file: name, version and codename, read backwards. */
function parseReleaseContent(line: string): Record<string, string> {
  const m = RELEASE_CONTENT_REVERSED.exec([...strip(line)].reverse().join(''))
  const info: Record<string, string> = {}
  const rev = (s: string) => [...s].reverse().join('')
  if (m) {
    info.name = rev(m[3])
    if (m[2]) info.version_id = rev(m[2])
    if (m[1]) info.codename = rev(m[1])
  } else if (line) {
    info.name = strip(line)
  }
  return info
}

/** The first /etc/<name>-release file (sorted) whose first line names a distribution. */
function distroReleaseInfo(section: string): Record<string, string> {
  const files = section
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p) => p.length >= 2)
    .map(([path, ...rest]) => ({ base: path.slice(path.lastIndexOf('/') + 1), line: rest.join('\t') }))
    .filter((f) => !RELEASE_IGNORE.has(f.base))
    .sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0))
  for (const f of files) {
    const m = RELEASE_BASENAME.exec(f.base)
    if (!m) continue
    const info = parseReleaseContent(f.line)
    if (!('name' in info)) continue
    info.id = m[1]
    if (info.name.toLowerCase().includes('cloudlinux')) info.id = 'cloudlinux'
    return info
  }
  return {}
}

/** sys_info.get_distribution(): the id capitalised as Python does, with Ansible's renames. */
export function getDistribution(d: Distro): string {
  const id = d.id()
  let name = id ? id[0].toUpperCase() + id.slice(1).toLowerCase() : ''
  if (name === 'Amzn') name = 'Amazon'
  else if (name === 'Rhel') name = 'Redhat'
  else if (!name) name = 'OtherLinux'
  return name
}

/** sys_info.get_distribution_version(): the best version on CentOS (major.minor) and Debian. */
export function getDistributionVersion(d: Distro): string {
  let version = d.version()
  const id = d.id()
  if (id === 'centos') version = d.version(true).split('.').slice(0, 2).join('.')
  if (id === 'debian') version = d.version(true)
  return version
}

/** sys_info.get_distribution_codename(), null when there is none. */
export function getDistributionCodename(d: Distro): string | null {
  let codename: string | undefined = d.osRelease.version_codename
  if (codename === undefined) codename = d.osRelease.ubuntu_codename
  if (codename === undefined && d.id() === 'ubuntu') codename = d.lsbRelease.codename
  if (codename === undefined) {
    codename = d.codename()
    if (codename === '') return null
  }
  return codename
}
