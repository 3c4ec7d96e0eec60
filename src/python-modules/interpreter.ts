/**
 * Which interpreter runs a module on a host, as ansible-core 2.14 decides
 * (module_common._get_shebang and executor/interpreter_discovery.py):
 *
 * - a module whose shebang names `python` uses `ansible_python_interpreter` /
 *   `interpreter_python` (default `auto`); `auto`, `auto_silent`, `auto_legacy`,
 *   `auto_legacy_silent` (or an empty value) mean discovery, once per host: the result is
 *   the `discovered_interpreter_python` fact;
 * - any other interpreter `X` may be overridden by `ansible_X_interpreter`.
 *
 * Discovery asks the host for its platform and the Pythons of `interpreter_python_fallback`
 * in one command, then (Linux) has the first Python found read /etc/os-release, and looks
 * the distribution up in Ansible's table of system Pythons, with Ansible's warnings.
 */
import { shlexSplit } from '../py/shlex.js'

export interface DiscoveryHost {
  /** Runs a command as the login user (no become). */
  exec(command: string, stdin?: string): Promise<{ rc: number; stdout: string; stderr: string }>
  hostname: string
}

export interface DiscoveryResult {
  interpreter: string
  /** Warnings that go into the task's result. */
  warnings: string[]
  /** Warnings shown at once (an unexpected error during discovery). */
  shown: string[]
}

const DOC_LINK = 'https://docs.ansible.com/ansible-core/2.14/reference_appendices/interpreter_discovery.html'

/** Ansible's _INTERPRETER_PYTHON_DISTRO_MAP. */
const DISTRO_MAP: Record<string, Record<string, string>> = {
  redhat: { '6': '/usr/bin/python', '8': '/usr/libexec/platform-python', '9': '/usr/bin/python3' },
  debian: { '8': '/usr/bin/python', '10': '/usr/bin/python3' },
  fedora: { '23': '/usr/bin/python3' },
  ubuntu: { '14': '/usr/bin/python', '16': '/usr/bin/python3' },
}

/** Distribution names of the families the map knows (Distribution.OS_FAMILY_MAP), lower-cased. */
const FAMILY: Record<string, string> = Object.fromEntries([
  ...['RedHat', 'RHEL', 'Fedora', 'CentOS', 'Scientific', 'SLC', 'Ascendos', 'CloudLinux', 'PSBM', 'OracleLinux', 'OVS', 'OEL', 'Amazon', 'Virtuozzo',
    'XenServer', 'Alibaba', 'EulerOS', 'openEuler', 'AlmaLinux', 'Rocky', 'TencentOS', 'EuroLinux', 'Kylin Linux Advanced Server'].map((n) => [n.toLowerCase(), 'redhat']),
  ...['Debian', 'Ubuntu', 'Raspbian', 'Neon', 'KDE neon', 'Linux Mint', 'SteamOS', 'Devuan', 'Kali', 'Cumulus Linux', 'Pop!_OS', 'Parrot',
    'Pardus GNU/Linux', 'Uos', 'Deepin', 'OSMC'].map((n) => [n.toLowerCase(), 'debian']),
])

/** The platform script: what the host's first Python reports (platform.dist where it exists, os-release). */
const PLATFORM_SCRIPT = `import io, json, os, platform
def read(path):
    if not os.access(path, os.R_OK):
        return None
    with io.open(path, 'r', encoding='utf-8') as f:
        return f.read()
info = {'platform_dist_result': list(platform.dist()) if hasattr(platform, 'dist') else []}
info['osrelease_content'] = read('/etc/os-release') or read('/usr/lib/os-release')
print(json.dumps(info))
`

export const DISCOVERY_MODES = ['auto', 'auto_legacy', 'auto_silent', 'auto_legacy_silent']

export async function discoverPython(host: DiscoveryHost, mode: string, fallback: readonly string[]): Promise<DiscoveryResult> {
  const warnings: string[] = []
  const shown: string[] = []
  const legacy = mode.startsWith('auto_legacy')
  const silent = mode.endsWith('_silent')
  const warn = (m: string) => {
    if (!silent) warnings.push(m)
  }
  let platform = 'unknown'
  let found = ['/usr/bin/python']
  try {
    const probe = `echo PLATFORM; uname; echo FOUND; ${fallback.map((p) => `command -v '${p}'`).join('; ')}; echo ENDFOUND`
    const res = await host.exec(probe)
    const m = /^PLATFORM[\r\n]+([\s\S]*)FOUND([\s\S]*)ENDFOUND/.exec(res.stdout)
    if (!m) throw new Error('unexpected output from Python interpreter discovery')
    platform = m[1]!.toLowerCase().trim()
    found = m[2]!.split(/\r?\n/).filter((l) => l.startsWith('/')).map((l) => l.trim())
    if (found.length === 0) {
      warn(`No python interpreters found for host ${host.hostname} (tried ${pyList(fallback)})`)
      return { interpreter: '/usr/bin/python', warnings, shown }
    }
    if (platform !== 'linux') throw new Fallback()
    const info = JSON.parse((await host.exec(found[0]!, PLATFORM_SCRIPT)).stdout) as { platform_dist_result?: string[]; osrelease_content?: string | null }
    const [distro, version] = linuxDistro(info)
    if (!distro || !version) throw new Fallback()
    const key = distro.toLowerCase().trim()
    const versions = DISTRO_MAP[key] ?? DISTRO_MAP[FAMILY[key] ?? '']
    if (!versions) throw new Fallback()
    const platformPython = fuzzyVersion(version, versions)!
    if (legacy && platformPython !== '/usr/bin/python' && found.includes('/usr/bin/python')) {
      warn(`Distribution ${distro} ${version} on host ${host.hostname} should use ${platformPython}, but is using /usr/bin/python for backward compatibility with prior Ansible releases. See ${DOC_LINK} for more information`)
      return { interpreter: '/usr/bin/python', warnings, shown }
    }
    if (!found.includes(platformPython)) {
      if (!fallback.includes(platformPython)) warn(`Platform interpreter ${platformPython} on host ${host.hostname} is missing from bootstrap list`)
      warn(`Distribution ${distro} ${version} on host ${host.hostname} should use ${platformPython}, but is using ${found[0]}, since the discovered platform python interpreter was not present. See ${DOC_LINK} for more information.`)
      return { interpreter: found[0]!, warnings, shown }
    }
    return { interpreter: platformPython, warnings, shown }
  } catch (e) {
    if (!(e instanceof Fallback) && !silent) {
      shown.push(`Unhandled error in Python interpreter discovery for host ${host.hostname}: ${(e as Error).message}`)
    }
  }
  warn(`Platform ${platform} on host ${host.hostname} is using the discovered Python interpreter at ${found[0]}, but future installation of another Python interpreter could change the meaning of that path. See ${DOC_LINK} for more information.`)
  return { interpreter: found[0]!, warnings, shown }
}

/** Discovery's silent way out to the fallback interpreter (NotImplementedError in Ansible). */
class Fallback extends Error {}

function linuxDistro(info: { platform_dist_result?: string[]; osrelease_content?: string | null }): [string, string] {
  const dist = info.platform_dist_result ?? []
  if (dist.length === 3 && dist.some(Boolean)) return [dist[0]!, dist[1]!]
  if (!info.osrelease_content) return ['', '']
  const props: Record<string, string> = {}
  for (const line of info.osrelease_content.split('\n')) {
    const words = shlexSplit(line)
    if (words.length === 0) continue
    const eq = words[0]!.indexOf('=')
    if (eq > 0) props[words[0]!.slice(0, eq).toLowerCase()] = words[0]!.slice(eq + 1)
  }
  return [props.id ?? '', props.version_id ?? '']
}

/** The exact version, else the nearest older one in the map, else the oldest (LooseVersion order). */
function fuzzyVersion(version: string, map: Record<string, string>): string | undefined {
  if (map[version]) return map[version]
  const sorted = Object.keys(map).sort(compareLoose)
  let pos = 0
  while (pos < sorted.length && compareLoose(sorted[pos]!, version) <= 0) pos++
  return map[pos === 0 ? sorted[0]! : sorted[pos - 1]!]
}

function compareLoose(a: string, b: string): number {
  const parts = (v: string) => v.split(/(\d+|[a-z]+|\.)/).filter((p) => p && p !== '.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const x = parts(a)
  const y = parts(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue
    if (typeof x[i] === typeof y[i]) return x[i]! < y[i]! ? -1 : 1
    return typeof x[i] === 'number' ? -1 : 1
  }
  return x.length - y.length
}

function pyList(items: readonly string[]): string {
  return `[${items.map((i) => `'${i}'`).join(', ')}]`
}
