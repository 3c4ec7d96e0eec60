/**
 * The `pkg_mgr` collector: the last package manager of Ansible's list found on the host,
 * then the distribution family's own (apt on Debian, yum or dnf by version on Red Hat,
 * apt_rpm on ALT Linux) and apt_rpm when rpm owns /usr/bin/apt-get.
 */
import type { CollectContext } from './context.js'

const PKG_MGRS: [string, string][] = [
  ['/usr/bin/rpm-ostree', 'atomic_container'], ['/usr/bin/yum', 'yum'], ['/usr/bin/dnf', 'dnf'], ['/usr/bin/apt-get', 'apt'],
  ['/usr/bin/zypper', 'zypper'], ['/usr/sbin/urpmi', 'urpmi'], ['/usr/bin/pacman', 'pacman'], ['/bin/opkg', 'opkg'],
  ['/usr/pkg/bin/pkgin', 'pkgin'], ['/opt/local/bin/pkgin', 'pkgin'], ['/opt/tools/bin/pkgin', 'pkgin'], ['/opt/local/bin/port', 'macports'],
  ['/usr/local/bin/brew', 'homebrew'], ['/opt/homebrew/bin/brew', 'homebrew'], ['/sbin/apk', 'apk'], ['/usr/sbin/pkg', 'pkgng'],
  ['/usr/sbin/swlist', 'swdepot'], ['/usr/bin/emerge', 'portage'], ['/usr/sbin/pkgadd', 'svr4pkg'], ['/usr/bin/pkg', 'pkg5'],
  ['/usr/bin/xbps-install', 'xbps'], ['/usr/local/sbin/pkg', 'pkgng'], ['/usr/bin/swupd', 'swupd'], ['/usr/sbin/sorcery', 'sorcery'],
  ['/usr/bin/installp', 'installp'], ['/QOpenSys/pkgs/bin/yum', 'yum'],
]

export function pkgMgrFacts(c: CollectContext): Record<string, unknown> {
  const f = c.collected
  const exists = (p: string) => c.s.exists(p)
  const has = (name: string) => PKG_MGRS.some(([p, n]) => n === name && exists(p))
  let name = 'unknown'
  for (const [p, n] of PKG_MGRS) {
    if (f.ansible_os_family === 'Altlinux' && p === '/usr/bin/pkg') continue
    if (exists(p)) name = n
  }
  if (f.ansible_os_family === 'RedHat') name = redHat(name, f, exists, has)
  else if (f.ansible_os_family === 'Debian' && name !== 'apt') name = 'apt'
  else if (f.ansible_os_family === 'Altlinux' && name === 'apt') name = 'apt_rpm'
  if (name === 'apt' && exists('/usr/bin/rpm')) name = c.s.command('rpmapt')?.rc === 0 ? 'apt_rpm' : 'apt'
  return { pkg_mgr: name }
}

function redHat(name: string, f: Record<string, unknown>, exists: (p: string) => boolean, has: (n: string) => boolean): string {
  if (exists('/run/ostree-booted')) return 'atomic_container'
  const major = Number(f.ansible_distribution_major_version)
  const byVersion = (limit: number) => {
    if (!Number.isInteger(major)) return 'dnf'
    if (major < limit) return has('yum') ? 'yum' : name
    return has('dnf') ? 'dnf' : name
  }
  if (f.ansible_distribution === 'Fedora') return byVersion(23)
  if (f.ansible_distribution === 'Amazon') return byVersion(2022)
  return major < 8 ? 'yum' : 'dnf'
}
