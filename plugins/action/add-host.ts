/** `add_host`: adds a host (and groups) to the in-memory inventory, once per batch. */
import { defineAction, isDict, ModuleFailure, pyStr } from '../../src/plugin-kit.js'

/** Keys that are not host variables (the others, `host` and `group` included, are). */
const SPECIAL = new Set(['name', 'hostname', 'groupname', 'groups'])

export default defineAction({
  name: 'add_host',
  bypassHostLoop: true,
  run(ctx) {
    let args: Record<string, unknown> = { ...ctx.args }
    // `add_host: "{{ a_dict }}"`: the templated raw parameters are the arguments.
    const raw = args._raw_params ?? {}
    delete args._raw_params
    if (!isDict(raw)) throw new ModuleFailure(`Invalid raw parameters passed, requires a dictonary/mapping got a  <class '${typeof raw === 'string' ? 'str' : typeof raw}'>`)
    args = { ...raw, ...args }
    const newName = args.name ?? args.hostname ?? args.host
    if (newName === undefined || newName === null) throw new ModuleFailure('name, host or hostname needs to be provided')
    let name = pyStr(newName)
    // A `host:port` name sets ansible_ssh_port, as parse_address finds it.
    const m = /^([^:[\]]+):(\d+)$/.exec(name) ?? /^\[([^\]]+)\]:(\d+)$/.exec(name)
    if (m) {
      name = m[1]
      args.ansible_ssh_port = Number(m[2])
    }
    const g = args.groupname ?? args.groups ?? args.group ?? ''
    const groups: string[] = []
    if (g !== '' && g !== null && g !== false) {
      let list: unknown[]
      if (Array.isArray(g)) list = g
      else if (typeof g === 'string') list = g.split(',')
      else throw new ModuleFailure('Groups must be specified as a list.')
      for (const x of list) if (!groups.includes(pyStr(x))) groups.push(pyStr(x).trim())
    }
    const hostVars: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(args)) if (!SPECIAL.has(k)) hostVars[k] = v
    return { changed: false, add_host: { host_name: name, groups, host_vars: hostVars } }
  },
})
