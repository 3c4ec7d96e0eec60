/** `add_host`: adds a host (and groups) to the in-memory inventory, once per batch. */
import { defineAction, ModuleFailure, pyStr } from '../../src/plugin-kit.js'

const NAME_KEYS = ['name', 'host', 'hostname']
const GROUP_KEYS = ['groups', 'group', 'groupname']

export default defineAction({
  name: 'add_host',
  bypassHostLoop: true,
  run(ctx) {
    const args = { ...ctx.args }
    const nameKey = NAME_KEYS.find((k) => k in args)
    if (!nameKey) throw new ModuleFailure('name or host or hostname is required')
    let name = pyStr(args[nameKey])
    const hostVars: Record<string, unknown> = {}
    // A `host:port` name sets ansible_port, as Ansible's parse_address does.
    const m = /^([^:\[\]]+):(\d+)$/.exec(name)
    if (m) {
      name = m[1]
      hostVars.ansible_port = Number(m[2])
    }
    let groups: string[] = []
    for (const k of GROUP_KEYS) {
      const g = args[k]
      if (g === undefined) continue
      groups = Array.isArray(g) ? g.map(pyStr) : pyStr(g).split(',').map((s) => s.trim()).filter(Boolean)
    }
    for (const [k, v] of Object.entries(args)) {
      if (!NAME_KEYS.includes(k) && !GROUP_KEYS.includes(k)) hostVars[k] = v
    }
    return { changed: false, add_host: { host_name: name, groups, host_vars: hostVars } }
  },
})
