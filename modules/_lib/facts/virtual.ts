/**
 * The `virtual` collector on Linux (virtual/linux.py): containers (cgroups, process 1's
 * environment, systemd's marker, /.dockerenv), OpenVZ, Xen, the hypervisor DMI names,
 * vserver, QEMU/UML/PowerVM/s390 cpuinfo, the kvm/vbox/virtio modules, dmidecode and
 * /dev/kvm: the first match sets virtualization_type and _role; every match adds to the
 * guest or host technologies.
 */
import type { CollectContext } from './context.js'
import { splitlines } from './sections.js'

export function virtualFacts(c: CollectContext): Record<string, unknown> {
  const s = c.s
  const f: Record<string, unknown> = {}
  let found = false
  const host = new Set<string>()
  const guest = new Set<string>()
  const set = (type: string | undefined, role?: string) => {
    if (found) return
    if (type !== undefined) f.virtualization_type = type
    if (role !== undefined) f.virtualization_role = role
  }
  const guestTech = (tech: string, type = tech) => {
    guest.add(tech)
    if (!found) {
      set(type, 'guest')
      found = true
    }
  }

  if (s.exists('/proc/1/cgroup')) {
    for (const line of s.lines('/proc/1/cgroup')) {
      if (/\/docker(\/|-[0-9a-f]+\.scope)/.test(line)) guestTech('docker')
      if (/\/lxc\//.test(line) || /\/machine\.slice\/machine-lxc/.test(line)) guestTech('lxc')
      if (/\/system\.slice\/containerd\.service/.test(line)) guestTech('containerd')
    }
  }
  const environ1 = s.section('environ1')
  if (s.exists('/proc/1/environ') && environ1 !== undefined) {
    for (const line of environ1.split('\n')) {
      if (/container=lxc/.test(line)) guestTech('lxc')
      if (/container=podman/.test(line)) guestTech('podman')
      if (/^container=./.test(line)) guestTech('container')
    }
  }
  if (s.exists('/proc/vz') && !s.exists('/proc/lve')) {
    f.virtualization_type = 'openvz'
    if (s.exists('/proc/bc')) {
      host.add('openvz')
      if (!found) f.virtualization_role = 'host'
    } else {
      guest.add('openvz')
      if (!found) f.virtualization_role = 'guest'
    }
    found = true
  }
  const systemdContainer = s.content('/run/systemd/container')
  if (systemdContainer) guestTech(systemdContainer)
  if (s.exists('/.dockerenv') || s.exists('/.dockerinit')) guestTech('docker')
  if (['docker', 'lxc', 'podman', 'openvz', 'containerd'].some((t) => guest.has(t)) || systemdContainer) guest.add('container')

  if (s.exists('/proc/xen')) {
    const isHost = s.lines('/proc/xen/capabilities').some((l) => l.includes('control_d'))
    if (isHost) {
      host.add('xen')
      set('xen', 'host')
    } else set('xen', 'guest')
    found = true
  }
  if (!found) f.virtualization_role = 'guest'

  const dmi = (file: string) => s.grepContent('dmi', `/sys/devices/virtual/dmi/id/${file}`)
  const productName = dmi('product_name')
  const sysVendor = dmi('sys_vendor')
  const productFamily = dmi('product_family')
  const hv = (tech: string, type = tech) => {
    guest.add(tech)
    if (!found) {
      f.virtualization_type = type
      found = true
    }
  }
  if (['KVM', 'KVM Server', 'Bochs', 'AHV'].includes(productName ?? '')) hv('kvm')
  if (sysVendor === 'oVirt') hv('oVirt')
  if (sysVendor === 'Red Hat') {
    if (productFamily === 'RHV') hv('RHV')
    else if (productName === 'RHEV Hypervisor') hv('RHEV')
  }
  if (['VMware Virtual Platform', 'VMware7,1'].includes(productName ?? '')) hv('VMware')
  if (['OpenStack Compute', 'OpenStack Nova'].includes(productName ?? '')) hv('openstack')
  const biosVendor = dmi('bios_vendor')
  if (biosVendor === 'Xen') hv('xen')
  if (biosVendor === 'innotek GmbH') hv('virtualbox')
  if (['Amazon EC2', 'DigitalOcean', 'Hetzner'].includes(biosVendor ?? '')) hv('kvm')
  if (['QEMU', 'Amazon EC2', 'DigitalOcean', 'Google', 'Scaleway', 'Nutanix'].includes(sysVendor ?? '')) hv('kvm')
  if (sysVendor === 'KubeVirt') hv('KubeVirt')
  if (sysVendor === 'Microsoft Corporation') hv('VirtualPC')
  if (sysVendor === 'Parallels Software International Inc.') hv('parallels')
  if (sysVendor === 'OpenStack Foundation') hv('openstack')
  if (!found) delete f.virtualization_role

  for (const line of splitlines(s.section('vxid') ?? '')) {
    if (!/^VxID:\s+\d+/.test(line)) continue
    if (!found) f.virtualization_type = 'linux_vserver'
    if (/^VxID:\s+0/.test(line)) {
      host.add('linux_vserver')
      if (!found) f.virtualization_role = 'host'
    } else {
      guest.add('linux_vserver')
      if (!found) f.virtualization_role = 'guest'
    }
    found = true
  }

  if (s.exists('/proc/cpuinfo')) {
    for (const line of s.lines('/proc/cpuinfo')) {
      let tech: string | undefined
      if (/^model name.*QEMU Virtual CPU/.test(line)) tech = 'kvm'
      else if (/^vendor_id.*User Mode Linux/.test(line) || /^model name.*UML/.test(line)) tech = 'uml'
      else if (/^machine.*CHRP IBM pSeries .emulated by qemu./.test(line)) tech = 'kvm'
      else if (/^vendor_id.*PowerVM Lx86/.test(line)) tech = 'powervm_lx86'
      else if (/^vendor_id.*IBM\/S390/.test(line)) {
        guest.add('PR/SM')
        if (!found) f.virtualization_type = 'PR/SM'
        const lscpu = s.bin('lscpu') ? s.command('lscpu') : undefined
        if (s.bin('lscpu')) {
          if (lscpu && lscpu.rc === 0) {
            for (const l of splitlines(lscpu.out)) {
              const at = l.indexOf(':')
              if (at >= 0 && l.slice(0, at).trim() === 'Hypervisor') {
                const t = l.slice(at + 1).trim()
                guest.add(t)
                if (!found) f.virtualization_type = t
              }
            }
          }
        } else {
          guest.add('ibm_systemz')
          if (!found) f.virtualization_type = 'ibm_systemz'
        }
      } else continue
      if (tech !== undefined) {
        guest.add(tech)
        if (!found) f.virtualization_type = tech
      }
      if (!found) f.virtualization_role = f.virtualization_type === 'PR/SM' ? 'LPAR' : 'guest'
      found = true
    }
  }

  if (s.path('/proc/modules')?.readable) {
    const modules = s.lines('/proc/modules').map((l) => l.split(' ')[0])
    if (modules.includes('kvm')) {
      host.add('kvm')
      set('kvm', 'host')
      if (s.path('/rhev/')?.kind === 'dir' && (s.section('comms') ?? '').split('\n').some((l) => l === 'vdsm' || l === 'vdsmd')) {
        host.add('RHEV')
        set('RHEV')
      }
      found = true
    }
    if (modules.includes('vboxdrv')) {
      host.add('virtualbox')
      if (!found) {
        set('virtualbox', 'host')
        found = true
      }
    }
    if (modules.includes('virtio')) {
      host.add('kvm')
      if (!found) {
        set('kvm', 'guest')
        found = true
      }
    }
  }

  const dmidecode = s.bin('dmidecode') ? s.command('dmiproduct') : undefined
  if (dmidecode && dmidecode.rc === 0) {
    const vendorName = splitlines(dmidecode.out).filter((l) => !l.startsWith('#')).map((l) => l.trim()).join('')
    if (vendorName.startsWith('VMware')) guestTech('VMware')
    if (dmidecode.out.includes('BHYVE')) guestTech('bhyve')
  }
  if (s.exists('/dev/kvm')) {
    host.add('kvm')
    if (!found) {
      set('kvm', 'host')
      found = true
    }
  }
  if (!found) {
    f.virtualization_type = 'NA'
    f.virtualization_role = 'NA'
  }
  f.virtualization_tech_guest = [...guest].sort()
  f.virtualization_tech_host = [...host].sort()
  return f
}
