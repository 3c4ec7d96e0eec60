/**
 * The `platform` collector: uname's fields, the host name and its fully qualified form
 * (Python's socket.getfqdn()), the userspace word size of the interpreter, the
 * architecture and the machine id.
 */
import { uname, type CollectContext } from './context.js'

export function platformFacts(c: CollectContext): Record<string, unknown> {
  const [system, kernel, kernelVersion, machine, nodename] = uname(c)
  const f: Record<string, unknown> = { system, kernel, kernel_version: kernelVersion, machine }
  if (c.py) f.python_version = c.py.python_version
  const node = c.py?.node ?? nodename
  const fqdn = c.py?.fqdn ?? node
  f.fqdn = fqdn
  f.hostname = node.split('.')[0]
  f.nodename = node
  f.domain = fqdn.split('.').slice(1).join('.')
  const bits = (c.py?.bits ?? (/64/.test(machine) ? '64bit' : '32bit')).replace('bit', '')
  f.userspace_bits = bits
  if (machine === 'x86_64') {
    f.architecture = machine
    if (bits === '64') f.userspace_architecture = 'x86_64'
    else if (bits === '32') f.userspace_architecture = 'i386'
  } else if (/i([3456]86|86pc)/.test(machine)) {
    f.architecture = 'i386'
    if (bits === '64') f.userspace_architecture = 'x86_64'
    else if (bits === '32') f.userspace_architecture = 'i386'
  } else {
    f.architecture = machine
  }
  const machineId = c.s.content('/var/lib/dbus/machine-id') ?? c.s.content('/etc/machine-id')
  if (machineId) f.machine_id = machineId.split(/\r?\n/)[0]
  return f
}
