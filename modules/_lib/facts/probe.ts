/**
 * The one command the setup module runs on a host: a POSIX shell script that reads every
 * file and runs every command the wanted collectors need (as Ansible's collectors do,
 * one by one in Python), and prints it all, framed in sections, in one reply. The
 * controller parses the sections (sections.ts) and shapes the facts.
 *
 * A section starts with a line `<token> <name>`; the token is random for each run, so no
 * file content can end a section early. Names: `g:<id>` the `path:line` lines of many
 * files read by one grep (`g:files` has most), `f:<path>` one file's content, `l:<id>`
 * `path<TAB>target` lines of links, `c:<id>` a command's output and `x:<id>` its exit
 * code, `e`/`nete` the paths that exist (`<kind> <path>` lines), `py` what the host's
 * Python tells (JSON), and a few of their own (`blk`, `netdevs`, `statvfs`...). Processes
 * are few: files are read in bulk, links found by one find, addresses by one `ip addr`.
 */

/** Python run by the probe: what only the interpreter Ansible would use can tell. */
const PYTHON = String.raw`
import json, os, sys, time, datetime, platform, socket
out = {}
out['executable'] = sys.executable
out['version_info'] = list(sys.version_info)
try:
    from ssl import create_default_context, SSLContext
    out['has_sslcontext'] = True
except ImportError:
    out['has_sslcontext'] = False
try:
    out['type'] = sys.implementation.name
except AttributeError:
    out['type'] = None
out['python_version'] = platform.python_version()
out['bits'] = platform.architecture()[0]
out['fqdn'] = socket.getfqdn()
out['node'] = platform.node()
out['env'] = dict(os.environ)
try:
    import getpass
    out['getuser'] = getpass.getuser()
except Exception:
    out['getuser'] = None
try:
    out['loadavg'] = list(os.getloadavg())
except OSError:
    pass
try:
    out['nproc'] = len(os.sched_getaffinity(0))
except AttributeError:
    pass
try:
    out['has_ipv6'] = socket.has_ipv6
except Exception:
    out['has_ipv6'] = True
ts = time.time()
now = datetime.datetime.fromtimestamp(ts)
utc = datetime.datetime.utcfromtimestamp(ts)
d = {}
for k, f in (('year', '%Y'), ('month', '%m'), ('weekday', '%A'), ('weekday_number', '%w'), ('weeknumber', '%W'), ('day', '%d'), ('hour', '%H'), ('minute', '%M'), ('second', '%S'), ('epoch', '%s'), ('date', '%Y-%m-%d'), ('time', '%H:%M:%S'), ('iso8601_basic', '%Y%m%dT%H%M%S%f'), ('iso8601_basic_short', '%Y%m%dT%H%M%S')):
    d[k] = now.strftime(f)
if d['epoch'] == '' or d['epoch'][0] == '%':
    d['epoch'] = str(int(ts))
e = now.strftime('%s')
d['epoch_int'] = str(int(e)) if e and e[0] != '%' else str(int(ts))
d['iso8601_micro'] = utc.strftime('%Y-%m-%dT%H:%M:%S.%fZ')
d['iso8601'] = utc.strftime('%Y-%m-%dT%H:%M:%SZ')
d['tz'] = time.strftime('%Z')
d['tz_dst'] = time.tzname[1]
d['tz_offset'] = time.strftime('%z')
out['date_time'] = d
try:
    import ctypes
    lib = ctypes.CDLL('libselinux.so.1', use_errno=True)
    s = {'enabled': lib.is_selinux_enabled()}
    if s['enabled']:
        s['policyvers'] = lib.security_policyvers()
        mode = ctypes.c_int()
        s['config_rc'] = lib.selinux_getenforcemode(ctypes.byref(mode))
        s['config_mode'] = mode.value
        s['mode'] = lib.security_getenforce()
        ptype = ctypes.c_char_p()
        s['type_rc'] = lib.selinux_getpolicytype(ctypes.byref(ptype))
        s['type'] = ptype.value.decode() if ptype.value else None
    out['selinux'] = s
except Exception:
    out['selinux'] = None
try:
    import distro
    out['distro'] = getattr(distro, '__version__', '') if callable(getattr(distro, 'id', None)) else None
except Exception:
    out['distro'] = None
u = os.uname()
out['uname'] = [u[0], u[2], u[3], u[4], u[1]]
out['ids'] = [os.getuid(), os.geteuid(), os.getgid()]
try:
    import pwd
    try:
        pw = pwd.getpwnam(out['getuser'])
    except (KeyError, TypeError):
        pw = pwd.getpwuid(os.getuid())
    out['pw'] = [pw.pw_name, pw.pw_uid, pw.pw_gid, pw.pw_gecos, pw.pw_dir, pw.pw_shell]
except Exception:
    out['pw'] = None
r = os.stat('/')
out['root'] = [r.st_ino, r.st_dev]
try:
    p1 = os.stat('/proc/1/root/.')
    out['proc1root'] = [p1.st_ino, p1.st_dev]
except Exception:
    out['proc1root'] = None
print(json.dumps(out))
`

/** The shell script; `__TOKEN__`, `__WANT__`, `__TIMEOUT__` and `__FACT_PATH__` are filled in by probeScript. */
const SCRIPT = String.raw`
T='__TOKEN__'
W=' __WANT__ '
GT='__TIMEOUT__'
FACT_PATH='__FACT_PATH__'
NL='
'
s() { printf '\n%s %s\n' "$T" "$1"; }
want() { case "$W" in *" $1 "*) return 0 ;; esac; return 1; }
# The helpers keep to variables of their own (_x): sh has no local variables.
F() { for _p in "$@"; do if [ -e "$_p" ]; then s "f:$_p"; cat -- "$_p" 2>/dev/null; fi; done; }
G() { _id=$1; shift; [ $# -gt 0 ] || return 0; s "g:$_id"; grep -Hsa '' "$@" 2>/dev/null; }
E() { for _p in "$@"; do
  if [ -L "$_p" ]; then _k=l; elif [ -d "$_p" ]; then _k=d; elif [ -f "$_p" ]; then _k=f; elif [ -e "$_p" ]; then _k=o; else continue; fi
  if [ -x "$_p" ]; then _k="$_k"x; fi
  if [ -r "$_p" ]; then _k="$_k"r; fi
  if [ -s "$_p" ]; then _k="$_k"s; fi
  printf '%s %s\n' "$_k" "$_p"; done; }
C() { _id=$1; shift; s "c:$_id"; "$@" 2>/dev/null; printf '\n%s x:%s\n%s' "$T" "$_id" "$?"; }
# Links: "<path>\t<target>" for each path that is a link (find, else readlink one by one).
L() { _id=$1; shift; [ $# -gt 0 ] || return 0; s "l:$_id"
  find "$@" -maxdepth 0 -type l -printf '%p\t%l\n' 2>/dev/null || for _p in "$@"; do [ -L "$_p" ] && printf '%s\t%s\n' "$_p" "$(readlink -- "$_p")"; done; }
# Where get_bin_path finds each command: PATH, then the sbin directories.
B() { for _b in "$@"; do _o=$IFS; IFS=:; for _d in $PATH /sbin /usr/sbin /usr/local/sbin; do
  if [ -n "$_d" ] && [ -f "$_d/$_b" ] && [ -x "$_d/$_b" ]; then printf '%s %s\n' "$_b" "$_d/$_b"; break; fi; done; IFS=$_o; done; }
TO() { if [ -n "$TIMEOUT" ]; then timeout "$GT" "$@"; else "$@"; fi; }

PY=
for c in /usr/bin/python3 python3.11 python3.10 python3.9 python3.8 python3.7 python3.6 python3.5 /usr/libexec/platform-python python2.7 /usr/bin/python python; do
  if p=$(command -v "$c" 2>/dev/null) && [ -n "$p" ]; then PY=$p; break; fi
done
if [ -n "$PY" ]; then s py; "$PY" -c '__PYTHON__' 2>/dev/null; else s env0; env -0 2>/dev/null || env; fi
s bins; B ip lsb_release capsh systemctl initctl lsblk findmnt udevadm lspci sg_inq vgs lvs pvs dmsetup dmidecode ethtool lscpu dpkg nproc timeout facter cfacter ohai
ORIG_PATH=$PATH
PATH="$PATH:/sbin:/usr/sbin:/usr/local/sbin"; export PATH
LC_ALL=C; LANG=C; export LC_ALL LANG
TIMEOUT=; command -v timeout >/dev/null 2>&1 && TIMEOUT=1
if [ -z "$PY" ]; then
  s uname; uname -s; uname -r; uname -v; uname -m; uname -n
  s id; id -ru; id -u; id -rg; id -un 2>/dev/null
  if want user; then s passwd; u=$(id -un 2>/dev/null); for n in "$LOGNAME" "$USER" "$LNAME" "$USERNAME" "$u"; do [ -n "$n" ] && getent passwd "$n" 2>/dev/null; done; getent passwd "$(id -ru)" 2>/dev/null; fi
  if want date_time; then s date; date '+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%N|%Z|%z'; date -u '+%Y-%m-%dT%H:%M:%S'; fi
  if want hardware && command -v nproc >/dev/null 2>&1; then C nproc nproc; fi
fi

if want chroot; then s chroot
  if [ -z "$PY" ]; then stat -c '%i %d' / 2>/dev/null; stat -L -c '%i %d' /proc/1/root/. 2>/dev/null || echo; else echo; echo; fi
  stat -f --format=%T / 2>/dev/null; fi

# Files: every collector's, read by one grep.
DIST='/etc/os-release /usr/lib/os-release /etc/altlinux-release /etc/oracle-release /etc/slackware-version
  /etc/centos-release /etc/redhat-release /etc/vmware-release /etc/openwrt_release /etc/system-release /etc/alpine-release
  /etc/arch-release /etc/SuSE-release /etc/gentoo-release /etc/lsb-release /etc/sourcemage-release /etc/coreos/update.conf
  /etc/debian_version'
PKG='/run/ostree-booted /usr/bin/rpm /usr/bin/rpm-ostree /usr/bin/yum /usr/bin/dnf /usr/bin/apt-get /usr/bin/zypper
  /usr/sbin/urpmi /usr/bin/pacman /bin/opkg /usr/pkg/bin/pkgin /opt/local/bin/pkgin /opt/tools/bin/pkgin /opt/local/bin/port
  /usr/local/bin/brew /opt/homebrew/bin/brew /sbin/apk /usr/sbin/pkg /usr/sbin/swlist /usr/bin/emerge /usr/sbin/pkgadd
  /usr/bin/pkg /usr/bin/xbps-install /usr/local/sbin/pkg /usr/bin/swupd /usr/sbin/sorcery /usr/bin/installp /QOpenSys/pkgs/bin/yum'
VIRT='/proc/1/cgroup /proc/1/environ /proc/vz /proc/lve /proc/bc /run/systemd/container /.dockerenv /.dockerinit /proc/xen
  /proc/xen/capabilities /rhev/ /proc/self/status /proc/cpuinfo /proc/modules /dev/kvm /sys/hypervisor/type'
SSHK=
for d in /etc/ssh /etc/openssh /etc; do for a in dsa rsa ecdsa ed25519; do SSHK="$SSHK $d/ssh_host_$a""_key.pub"; done; done
set -- /var/lib/dbus/machine-id /etc/machine-id
want fips && set -- "$@" /proc/sys/crypto/fips_enabled
want cmdline && set -- "$@" /proc/cmdline
want loadavg && set -- "$@" /proc/loadavg
want dns && set -- "$@" /etc/resolv.conf
want service_mgr && set -- "$@" /proc/1/comm
want ssh_pub_keys && set -- "$@" $SSHK
want hardware && set -- "$@" /proc/meminfo /proc/uptime
if want hardware || want virtual; then set -- "$@" /proc/cpuinfo /sys/hypervisor/type /proc/1/cgroup /proc/xen/capabilities /proc/modules /run/systemd/container /sys/devices/virtual/dmi/id/*; fi
if want network || want iscsi; then set -- "$@" /etc/iscsi/initiatorname.iscsi; fi
if want network || want nvme; then set -- "$@" /etc/nvme/hostnqn; fi
if want network || want fibre_channel_wwn; then set -- "$@" /sys/class/fc_host/*/port_name; fi
if want distribution || want lsb || want pkg_mgr || want service_mgr || want network; then set -- "$@" $DIST; fi
s e; E "$@" $DIST $PKG $VIRT /sys/kernel/security/apparmor /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/ /etc/init/ \
  /sbin/openrc /sbin/init /etc/init.d/ /etc/products.d/baseproduct /sys/block /dev/disk/by-id /dev/disk/by-uuid \
  /dev/disk/by-label /sys/devices/virtual/dmi/id/product_name /etc/mtab /proc/mounts "$FACT_PATH"
G files "$@"

if want distribution || want lsb || want pkg_mgr || want service_mgr || want network; then
  L links /sbin/init /etc/products.d/baseproduct
  [ -L /etc/products.d/baseproduct ] && { s "r:/etc/products.d/baseproduct"; readlink -f /etc/products.d/baseproduct; }
  s distrorel; for p in /etc/*-release /etc/*_release /etc/*-version /etc/*_version; do
    [ -f "$p" ] && { printf '%s\t' "$p"; head -n 1 -- "$p" 2>/dev/null; echo; }; done
  if command -v lsb_release >/dev/null 2>&1; then C lsb_release lsb_release -a; fi
  if command -v dpkg >/dev/null 2>&1 && ! grep -qs '^VERSION_CODENAME=.' /etc/os-release; then
    C tzdata sh -c "dpkg --status tzdata | grep Provides | cut -f2 -d'-'"; fi
fi
if want caps && command -v capsh >/dev/null 2>&1; then C capsh capsh --print; fi
if want pkg_mgr && [ -e /usr/bin/rpm ]; then C rpmapt /usr/bin/rpm -q --whatprovides /usr/bin/apt-get; fi
if want service_mgr && [ ! -r /proc/1/comm ]; then C ps1 sh -c 'ps -p 1 -o comm|tail -n 1'; fi
if want local && [ -d "$FACT_PATH" ]; then
  for p in "$FACT_PATH"/*.fact; do
    [ -e "$p" ] || continue
    if [ -x "$p" ]; then s "fact:$p"; { err=$(PATH=$ORIG_PATH "$p" 2>&1 >&3 3>&-; echo "/$?"); } 3>&1
      s "factrc:$p"; printf '%s\n' "\${err##*/}"; s "facterr:$p"; printf '%s' "\${err%/*}"
    else F "$p"; fi
  done
fi
if want hardware; then
  if [ ! -e /sys/devices/virtual/dmi/id/product_name ] && command -v dmidecode >/dev/null 2>&1; then
    for k in bios-release-date bios-vendor bios-version baseboard-asset-tag baseboard-product-name baseboard-serial-number \
      baseboard-manufacturer baseboard-version chassis-asset-tag chassis-serial-number chassis-manufacturer chassis-version \
      chassis-type system-product-name system-serial-number system-uuid system-version system-manufacturer; do C "dmi:$k" dmidecode -s "$k"; done
  fi
  if command -v lspci >/dev/null 2>&1; then C lspci lspci -D; fi
  # Block devices: links, entries (partitions, holders), then every attribute file in one grep.
  L blocks /sys/block/* /dev/disk/by-id/* /dev/disk/by-uuid/* /dev/disk/by-label/*
  s slaves; for p in /sys/block/*/slaves/*; do [ -e "$p" ] && echo "$p"; done
  set --
  s blk; for b in /sys/block/*; do
    [ -e "$b" ] || continue
    printf 'b\t%s\n' "\${b##*/}"
    for e in "$b"/*; do [ -e "$e" ] && printf 'e\t%s\n' "\${e##*/}"; done
    for h in "$b"/holders/* "$b"/*/holders/*; do [ -e "$h" ] && printf 'h\t%s\n' "\${h#"$b"/}"; done
    set -- "$@" "$b"/device/vendor "$b"/device/model "$b"/device/sas_address "$b"/device/sas_device_handle "$b"/device/serial \
      "$b"/removable "$b"/queue/discard_granularity "$b"/queue/rotational "$b"/queue/scheduler "$b"/size \
      "$b"/queue/logical_block_size "$b"/queue/hw_sector_size "$b"/holders/dm-*/dm/name "$b"/*/start "$b"/*/size \
      "$b"/*/queue/logical_block_size "$b"/*/queue/hw_sector_size "$b"/*/holders/dm-*/dm/name
    if command -v sg_inq >/dev/null 2>&1; then C "sginq:\${b##*/}" sg_inq "/dev/\${b##*/}"; fi
  done
  G blk "$@"
  if [ "$(id -u)" = 0 ] && command -v vgs >/dev/null 2>&1; then
    o='--noheadings --nosuffix --units g --separator ,'
    C vgs vgs $o; command -v lvs >/dev/null 2>&1 && C lvs lvs $o
    if command -v pvs >/dev/null 2>&1; then C pvs pvs $o
      for pv in $(pvs $o 2>/dev/null | cut -d, -f1); do case "$pv" in /dev/dm-*) C "dm:$pv" dmsetup info -C --noheadings -o name "$pv" ;; esac; done; fi
  fi
  if command -v findmnt >/dev/null 2>&1; then C findmnt findmnt --list --noheadings --notruncate; fi
  if command -v lsblk >/dev/null 2>&1; then C lsblk lsblk --list --noheadings --paths --output NAME,UUID --exclude 2; fi
  if [ -e /etc/mtab ]; then mt=/etc/mtab; else mt=/proc/mounts; fi
  F "$mt"
  # statvfs of every mount of a real device at once; one by one only when that timed out.
  set --; devs=
  while read -r dev mnt fst rest; do
    case "$dev" in /*|\\*|*:/*) ;; *) continue ;; esac
    [ "$fst" = none ] && continue
    set -- "$@" "$(printf '%b' "$(printf '%s' "$mnt" | sed 's/\\\([0-7][0-7][0-7]\)/\\0\1/g')")"
    case "$NL$devs$NL" in *"$NL$dev$NL"*) ;; *) devs="$devs$NL$dev" ;; esac
  done < "$mt"
  if [ $# -gt 0 ]; then
    s statvfs; TO stat -f -c '%n|%S %s %b %a %c %d' -- "$@" 2>/dev/null; rc=$?
    if [ "$rc" = 124 ]; then s statvfs1; for m in "$@"; do o=$(TO stat -f -c '%S %s %b %a %c %d' -- "$m" 2>/dev/null); printf '%s|%s|%s\n' "$m" "$?" "$o"; done; fi
  fi
  if command -v udevadm >/dev/null 2>&1; then s udevadm; printf '%s\n' "$devs" | while read -r dev; do
    [ -n "$dev" ] || continue
    printf '%s\t%s\n' "$dev" "$(udevadm info --query property --name "$dev" 2>/dev/null | sed -n 's/^ID_FS_UUID=//p' | head -n 1)"
  done; fi
fi
if want virtual; then
  [ -r /proc/1/environ ] && { s environ1; tr '\0' '\n' 2>/dev/null < /proc/1/environ; }
  s vxid; grep -s '^VxID' /proc/self/status
  if [ -d /rhev/ ]; then s comms; cat /proc/[0-9]*/comm 2>/dev/null; fi
  if command -v dmidecode >/dev/null 2>&1; then C dmiproduct dmidecode -s system-product-name; fi
  if grep -qs 'IBM/S390' /proc/cpuinfo && command -v lscpu >/dev/null 2>&1; then C lscpu lscpu; fi
fi
if want network && command -v ip >/dev/null 2>&1; then
  C route4 ip -4 route get 8.8.8.8
  C route6 ip -6 route get 2404:6800:400a:800::1012
  s netdevs; ls -1UA /sys/class/net 2>/dev/null || ls -1A /sys/class/net 2>/dev/null
  set --; s nete
  for p in /sys/class/net/*; do
    [ -d "$p" ] || continue
    printf 'dir %s\n' "$p"
    E "$p/address" "$p/mtu" "$p/operstate" "$p/device/driver/module" "$p/type" "$p/bridge" "$p/bridge/bridge_id" \
      "$p/bridge/stp_state" "$p/bonding" "$p/bonding_slave" "$p/device" "$p/speed" "$p/flags" "$p/bonding/all_slaves_active"
    [ -d "$p/brif" ] && for b in $(ls -1UA "$p/brif" 2>/dev/null); do printf 'brif %s\n' "$p/brif/$b"; done
    set -- "$@" "$p/address" "$p/mtu" "$p/operstate" "$p/type" "$p/bridge/bridge_id" "$p/bridge/stp_state" "$p/bonding/slaves" \
      "$p/bonding/mode" "$p/bonding/miimon" "$p/bonding/lacp_rate" "$p/bonding/primary" "$p/bonding/all_slaves_active" \
      "$p/bonding_slave/perm_hwaddr" "$p/speed" "$p/flags"
  done
  G net "$@"
  L net /sys/class/net/*/device /sys/class/net/*/device/driver/module
  if ip addr show primary >/dev/null 2>&1; then C addr1 ip addr show primary; else C addr1 ip addr show; fi
  C addr2 ip addr show secondary
  if command -v ethtool >/dev/null 2>&1; then for p in /sys/class/net/*; do
    [ -d "$p" ] || continue; n=\${p##*/}; C "ethk:$n" ethtool -k "$n"; C "etht:$n" ethtool -T "$n"; done; fi
fi
if want facter; then
  f=
  for c in cfacter facter; do
    if [ -x "/opt/puppetlabs/bin/$c" ]; then f=/opt/puppetlabs/bin/$c; elif command -v "$c" >/dev/null 2>&1; then f=$(command -v "$c"); fi
    [ -n "$f" ] && break
  done
  if [ -n "$f" ]; then o=$("$f" --puppet --json 2>/dev/null); r=$?
    if [ "$r" != 0 ]; then o=$("$f" --json 2>/dev/null); r=$?; fi
    s c:facter; printf '%s' "$o"; s x:facter; echo "$r"; fi
fi
if want ohai && command -v ohai >/dev/null 2>&1; then C ohai ohai; fi
s end
`

export interface ProbeOptions {
  /** The collectors to run (subsets.ts names). */
  collectors: ReadonlySet<string>
  /** gather_timeout, in seconds, for commands that can hang (statvfs of a mount). */
  timeout: number
  factPath: string
  token: string
}

/** The script for one run. */
export function probeScript(o: ProbeOptions): string {
  const quote = (v: string) => v.replace(/'/g, `'"'"'`)
  // String.raw keeps the backslash of `\${`, written so for the shell's own `${...}`.
  return SCRIPT.replace(/\\\$\{/g, '$' + '{')
    .replace('__TOKEN__', () => o.token)
    .replace('__WANT__', () => [...o.collectors].join(' '))
    .replace('__TIMEOUT__', () => String(o.timeout))
    .replace('__FACT_PATH__', () => quote(o.factPath))
    .replace('__PYTHON__', () => quote(PYTHON))
}
