/**
 * The `service_mgr` collector on Linux: the name of process 1 (unless it is `init` or a
 * shell), else systemd when systemctl is there and systemd booted the host, upstart,
 * openrc, an offline systemd (/sbin/init links to it), sysvinit, or plain `service`.
 */
import type { CollectContext } from './context.js'

const PROC1_NAMES: Record<string, string> = { procd: 'openwrt_init', 'runit-init': 'runit', svscan: 'svc', 'openrc-init': 'openrc' }

export function serviceMgrFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  let proc1: string | undefined = s.file('/proc/1/comm') !== undefined ? s.content('/proc/1/comm') : undefined
  if (s.file('/proc/1/comm') === undefined) {
    const ps = s.command('ps1')
    proc1 = ps && ps.rc === 0 && ps.out.trim() && !/^ *[0-9]+ /.test(ps.out) ? ps.out : undefined
  }
  if (proc1 === 'COMMAND\n') proc1 = undefined
  if (proc1 === undefined && s.link('/sbin/init') !== undefined) proc1 = s.link('/sbin/init')
  if (proc1 !== undefined) proc1 = proc1.slice(proc1.lastIndexOf('/') + 1).trim()
  if (proc1 !== undefined && (proc1 === 'init' || proc1.endsWith('sh'))) proc1 = undefined
  let name: string | undefined
  if (proc1 !== undefined) name = PROC1_NAMES[proc1] ?? proc1
  else if (c.collected.ansible_system === 'Linux') {
    const systemctl = s.bin('systemctl') !== undefined
    if (systemctl && ['/run/systemd/system/', '/dev/.run/systemd/', '/dev/.systemd/'].some((p) => s.exists(p))) name = 'systemd'
    else if (s.bin('initctl') && s.exists('/etc/init/')) name = 'upstart'
    else if (s.exists('/sbin/openrc')) name = 'openrc'
    else if (systemctl && s.path('/sbin/init')?.kind === 'link' && (s.link('/sbin/init') ?? '').split('/').pop() === 'systemd') name = 'systemd'
    else if (s.exists('/etc/init.d/')) name = 'sysvinit'
  }
  return { service_mgr: name || 'service' }
}
