/**
 * kolla-ansible 2023.1's Jinja filters: `kolla_ansible/*.py` as exposed by
 * `ansible/filter_plugins/*.py` and the `common` and `nova-cell` roles' filter plugins.
 *
 * Context filters read variables through `ctx.lookup` (Jinja's `context.get`), hosts'
 * variables through the lazy `hostvars` mapping, and call the engine's `bool` filter as
 * kolla's `_call_bool_filter` does.
 */
import {
  bindArgs,
  compareCodePoints,
  defined,
  isMapping,
  isUndefined,
  markReadOnly,
  PluginError,
  pyEq,
  pyStr,
  pyTruthy,
  pyTypeName,
  type FilterFn,
  type TemplateContext,
} from '../../src/plugin-kit.js'
import { explodedGroups, ipAddress } from './ipaddress.js'
import { pyGet, pyGetDefined, pyIndex, pyKeys } from './pyaccess.js'
import { toBool } from '../filter/core.js'

/** kolla's `FilterError` (an `AnsibleFilterError`). */
class FilterError extends PluginError {
  constructor(message: string) {
    super(message)
    this.name = 'FilterError'
  }
}

/** Jinja2's `TemplateRuntimeError`, raised by `extract_cell`. */
class TemplateRuntimeError extends PluginError {
  constructor(message: string) {
    super(message)
    this.name = 'TemplateRuntimeError'
  }
}

/**
 * kolla's `_call_bool_filter`: the environment's `bool` filter. Should the engine have
 * none registered, ansible-core 2.14's `to_bool` is applied directly.
 */
function callBool(ctx: TemplateContext, value: unknown): unknown {
  try {
    return ctx.callFilter('bool', value)
  } catch (e) {
    if (!/bool/.test((e as Error)?.message ?? '')) throw e
    return toBool(value)
  }
}

function strOrAttrError(v: unknown, method: string): string {
  if (typeof v !== 'string') throw new TypeError(`'${pyTypeName(v)}' object has no attribute '${method}'`)
  return v
}

// ---------------------------------------------------------------- address.py

function kollaAddress(ctx: TemplateContext, networkName: unknown, hostnameArg: unknown = null): string {
  let hostname = hostnameArg
  if (hostname === null || hostname === undefined) {
    hostname = ctx.lookup('inventory_hostname')
    if (isUndefined(hostname)) throw new FilterError("'inventory_hostname' variable is unavailable")
  }
  const hostvars = ctx.lookup('hostvars')
  if (hostvars === null || hostvars === undefined || isUndefined(hostvars)) throw new FilterError("'hostvars' variable is unavailable")
  const host = pyGet(hostvars, pyStr(hostname))
  if (host === null || isUndefined(host)) throw new FilterError(`'${pyStr(hostname)}' not in 'hostvars'`)
  const net = pyStr(networkName)

  const interfaceName = pyGetDefined(host, `${net}_interface`)
  if (interfaceName === null)
    throw new FilterError(`Interface name undefined for network '${net}' (set '${net}_interface')`)
  let family = pyGetDefined(host, `${net}_address_family`)
  if (family === null)
    throw new FilterError(`Address family undefined for network '${net}' (set '${net}_address_family')`)
  family = pyLower(strOrAttrError(family, 'lower'))
  if (family !== 'ipv4' && family !== 'ipv6') throw new FilterError(`Unknown address family '${family}' for network '${net}'`)

  const ifname = strOrAttrError(interfaceName, 'replace')
  const facts = pyIndex(host, 'ansible_facts')
  const iface = pyGetDefined(facts, ifname.replaceAll('-', '_'))
  if (iface === null) throw new FilterError(`Interface '${ifname}' not present on host '${pyStr(hostname)}'`)
  const af = pyGetDefined(iface, family as string)
  if (af === null)
    throw new FilterError(`Address family '${family}' undefined on interface '${ifname}' for host: '${pyStr(hostname)}'`)

  let address: unknown = null
  if (family === 'ipv4') {
    address = pyGetDefined(af, 'address')
  } else {
    let haproxy = pyGetDefined(host, 'enable_haproxy')
    if (haproxy === null) throw new FilterError("'enable_haproxy' variable is unavailable")
    haproxy = callBool(ctx, haproxy)
    const vips = pyTruthy(haproxy) ? [pyGetDefined(host, 'kolla_internal_vip_address'), pyGetDefined(host, 'kolla_external_vip_address')] : []
    if (!Array.isArray(af)) throw new TypeError(`'${pyTypeName(af)}' object is not iterable`)
    const global = af.filter((x) => pyEq(pyIndex(x, 'scope'), 'global') && !vips.some((v) => pyEq(v, pyIndex(x, 'address'))))
    address = global.length ? pyIndex(global[0], 'address') : null
  }
  if (address === null || address === undefined)
    throw new FilterError(`${family} address missing on interface '${ifname}' for host '${pyStr(hostname)}'`)
  return address as string
}

/** Python's str.lower() for the ASCII and common cases. */
function pyLower(s: string): string {
  return s.toLowerCase()
}

function putAddressInContext(address: unknown, context: unknown): unknown {
  if (context !== 'url' && context !== 'memcache' && context !== 'rabbitmq')
    throw new FilterError(`Unknown context '${pyStr(context)}'`)
  // `':' not in address` (a TypeError for None and numbers, membership for lists)
  const hasColon = typeof address === 'string' ? address.includes(':') : pyIn(':', address)
  if (!hasColon && context !== 'rabbitmq') return address
  if (context === 'url') return `[${pyStr(address)}]`
  if (context === 'memcache') return `inet6:[${pyStr(address)}]`
  if (typeof address !== 'string') throw new TypeError(`'${pyTypeName(address)}' object has no attribute 'replace'`)
  const ip = ipAddress(address)
  if (ip.version === 6) return explodedGroups(ip).map((g) => `16#${g.toString(16)}`).join(',')
  return address.replaceAll('.', ',')
}

// ---------------------------------------------------------------- filters.py (services)

function serviceName(service: unknown): string {
  const n = isMapping(service) ? pyGet(service, 'container_name') : null
  return n === null ? '<unknown>' : pyStr(n)
}

function serviceEnabled(ctx: TemplateContext, service: unknown): unknown {
  const enabled = pyGet(service, 'enabled')
  if (enabled === null)
    throw new FilterError(`Service definition for '${serviceName(service)}' does not have an 'enabled' attribute`)
  return callBool(ctx, enabled)
}

function serviceMappedToHost(ctx: TemplateContext, service: unknown): unknown {
  const hostInGroups = pyGet(service, 'host_in_groups')
  if (hostInGroups !== null) return callBool(ctx, hostInGroups)
  const group = pyGet(service, 'group')
  if (group !== null) {
    const groupNames = ctx.lookup('group_names')
    return pyIn(group, groupNames) || pyEq(group, 'all')
  }
  throw new FilterError(
    `Service definition for '${serviceName(service)}' does not have a 'group' or 'host_in_groups' attribute`,
  )
}

function pyIn(x: unknown, container: unknown): boolean {
  if (Array.isArray(container)) return container.some((v) => pyEq(v, x))
  if (typeof container === 'string') {
    if (typeof x !== 'string') throw new TypeError(`'in <string>' requires string as left operand, not ${pyTypeName(x)}`)
    return container.includes(x)
  }
  if (isMapping(container)) return pyKeys(container).includes(pyStr(x))
  throw new TypeError(`argument of type '${pyTypeName(container)}' is not iterable`)
}

function serviceEnabledAndMappedToHost(ctx: TemplateContext, service: unknown): unknown {
  const enabled = serviceEnabled(ctx, service)
  if (!pyTruthy(enabled)) return enabled
  return serviceMappedToHost(ctx, service)
}

function selectServicesEnabledAndMappedToHost(ctx: TemplateContext, services: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of pyKeys(services)) {
    const svc = pyIndex(services, name)
    if (pyTruthy(serviceEnabledAndMappedToHost(ctx, svc))) out[name] = svc
  }
  return out
}

function extractHaproxyServices(ctx: TemplateContext, services: unknown): Record<string, unknown> {
  const haproxy: Record<string, unknown> = {}
  for (const key of iterKeys(services)) {
    const service = pyGet(services, key)
    if (pyTruthy(serviceEnabled(ctx, service))) {
      const svcHaproxy = pyGet(service, 'haproxy')
      if (pyTruthy(svcHaproxy)) {
        const names = iterKeys(svcHaproxy)
        if (names.some((n) => Object.prototype.hasOwnProperty.call(haproxy, n)))
          throw new FilterError('haproxy service names should be unique')
        for (const n of names) haproxy[n] = pyGet(svcHaproxy, n)
      }
    }
  }
  return haproxy
}

function iterKeys(v: unknown): string[] {
  if (isMapping(v)) return pyKeys(v)
  if (Array.isArray(v)) return v.map((x) => pyStr(x))
  if (typeof v === 'string') return Array.from(v)
  throw new TypeError(`'${pyTypeName(v)}' object is not iterable`)
}

// ---------------------------------------------------------------- database_shards.py

function databaseShardsInfo(ctx: TemplateContext, hostnames: unknown): Record<string, unknown> {
  const hostvars = ctx.lookup('hostvars')
  if (isUndefined(hostvars)) throw new FilterError("'hostvars' variable is unavailable")
  const shards: Record<string, { hosts: unknown[] }> = {}
  const users: Record<string, unknown>[] = []
  const seen = new Set<string>()
  const list = Array.isArray(hostnames) ? hostnames : typeof hostnames === 'string' ? Array.from(hostnames) : iterKeys(hostnames)
  for (const hostname of list) {
    const host = pyGet(hostvars, pyStr(hostname))
    if (host === null || isUndefined(host)) throw new FilterError(`'${pyStr(hostname)}' not in 'hostvars'`)
    const rawId = pyGetDefined(host, 'mariadb_shard_id')
    if (rawId === null) throw new FilterError(`'mariadb_shard_id' is undefined for host '${pyStr(hostname)}'`)
    const id = pyStr(rawId)
    if (!seen.has(id)) {
      seen.add(id)
      shards[id] = { hosts: [hostname] }
      let backup = pyGetDefined(host, 'enable_mariabackup')
      if (backup === null) throw new FilterError("'enable_mariabackup' variable is unavailable")
      backup = callBool(ctx, backup)
      const password = pyGetDefined(host, 'database_password')
      if (password === null) throw new FilterError("'database_password' variable is unavailable")
      const rootPrefix = pyGetDefined(host, 'mariadb_shard_root_user_prefix')
      if (rootPrefix === null) throw new FilterError("'mariadb_shard_root_user_prefix' variable is unavailable")
      users.push({ password, user: `${pyStr(rootPrefix)}${id}`, shard_id: id })
      if (pyTruthy(backup)) {
        const backupPrefix = pyGetDefined(host, 'mariadb_shard_backup_user_prefix')
        if (backupPrefix === null) throw new FilterError("'mariadb_shard_backup_user_prefix' variable is unavailable")
        users.push({ password: pyGetDefined(host, 'mariadb_backup_database_password'), user: `${pyStr(backupPrefix)}${id}`, shard_id: id })
      }
    } else {
      shards[id].hosts.push(hostname)
    }
  }
  return { shards, users }
}

// ---------------------------------------------------------------- fluentd_filters.py

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1)
}

/** `os.path.splitext(p)[0]` for a basename: leading dots never start an extension. */
function stripExt(name: string): string {
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return name
  for (let i = 0; i < dot; i++) if (name[i] !== '.') return name.slice(0, dot)
  return name
}

function iterStrings(v: unknown, what: string): string[] {
  const items = Array.isArray(v) ? v : isMapping(v) ? pyKeys(v) : typeof v === 'string' ? Array.from(v) : null
  if (!items) throw new TypeError(`'${pyTypeName(v)}' object is not iterable (${what})`)
  return items.map((x) => (typeof x === 'string' ? x : pyStr(x)))
}

function customiseFluentd(defaultPaths: unknown, customisedPaths: unknown): string[] {
  const custom = iterStrings(customisedPaths, 'customised_paths')
  const customNames = new Set(custom.map(basename))
  // Python builds a set, so duplicates collapse; its order for equal basenames is
  // arbitrary, here it is first-seen.
  const result: string[] = []
  const seen = new Set<string>()
  for (const f of iterStrings(defaultPaths, 'default_paths')) {
    if (customNames.has(stripExt(basename(f))) || seen.has(f)) continue
    seen.add(f)
    result.push(f)
  }
  for (const f of custom) {
    if (seen.has(f)) continue
    seen.add(f)
    result.push(f)
  }
  return result.sort((a, b) => compareCodePoints(basename(a), basename(b)))
}

// ---------------------------------------------------------------- nova_filters.py

const CELL_LINE =
  /^\| +(?<cell_name>[^ ]+)? +\| +(?<cell_uuid>[0-9a-f-]+) +\| +(?<cell_message_queue>[^ ]+) +\| +(?<cell_database>[^ ]+) +\| +(?<cell_disabled>[^ ]+) +\|(?=\n?$)/

function extractCell(cmdResult: unknown, cellName: unknown): Record<string, unknown> | null {
  const lines = pyIndex(cmdResult, 'stdout_lines')
  if (!Array.isArray(lines)) throw new TypeError(`'${pyTypeName(lines)}' object is not iterable`)
  const cells: Record<string, unknown>[] = []
  for (const line of lines) {
    const m = CELL_LINE.exec(pyStr(line))
    if (!m) continue
    const g = m.groups!
    if (pyEq(g.cell_name ?? '', cellName)) {
      cells.push({
        cell_name: g.cell_name ?? null,
        cell_uuid: g.cell_uuid,
        cell_message_queue: g.cell_message_queue,
        cell_database: g.cell_database,
        cell_disabled: g.cell_disabled,
      })
    }
  }
  if (cells.length > 1) throw new TemplateRuntimeError(`Cell: ${pyStr(cellName)} has duplicates. Manual cleanup required.`)
  return cells.length ? cells[0] : null
}

function namespaceHaproxyForCell(services: unknown, cellName: unknown): Record<string, unknown> {
  const ns = (name: string) => (pyTruthy(cellName) ? `${name}_${pyStr(cellName)}` : name)
  const out: Record<string, unknown> = {}
  for (const name of pyKeys(services)) {
    let svc = pyIndex(services, name)
    const haproxy = isMapping(svc) ? pyGet(svc, 'haproxy') : null
    if (pyTruthy(haproxy)) {
      const renamed: Record<string, unknown> = {}
      for (const k of iterKeys(haproxy)) renamed[ns(k)] = pyIndex(haproxy, k)
      svc = { ...(svc as Record<string, unknown>), haproxy: renamed }
    }
    out[ns(name)] = svc
  }
  return out
}

// ---------------------------------------------------------------- the filter table

const ctxFilter =
  (name: string, params: string[], defaults: Record<string, unknown>, fn: (ctx: TemplateContext, ...a: unknown[]) => unknown): FilterFn =>
  (input, args, kwargs, ctx) => {
    const b = bindArgs(name, args, kwargs, params, defaults)
    for (const p of params) if (!(p in b)) throw new TypeError(`${name}() missing 1 required positional argument: '${p}'`)
    // Using an undefined value fails with Ansible's undefined-variable error.
    return fn(ctx, defined(input), ...params.map((p) => defined(b[p])))
  }

const plainFilter =
  (name: string, params: string[], fn: (...a: unknown[]) => unknown): FilterFn =>
  (input, args, kwargs) => {
    const b = bindArgs(name, args, kwargs, params)
    for (const p of params) if (!(p in b)) throw new TypeError(`${name}() missing 1 required positional argument: '${p}'`)
    return fn(defined(input), ...params.map((p) => defined(b[p])))
  }

export const kollaFilters: Record<string, FilterFn> = {
  kolla_address: ctxFilter('kolla_address', ['hostname'], { hostname: null }, (ctx, net, host) => kollaAddress(ctx, net, host)),
  put_address_in_context: plainFilter('put_address_in_context', ['context'], (a, c) => putAddressInContext(a, c)),
  service_enabled: ctxFilter('service_enabled', [], {}, (ctx, s) => serviceEnabled(ctx, s)),
  service_mapped_to_host: ctxFilter('service_mapped_to_host', [], {}, (ctx, s) => serviceMappedToHost(ctx, s)),
  service_enabled_and_mapped_to_host: ctxFilter('service_enabled_and_mapped_to_host', [], {}, (ctx, s) =>
    serviceEnabledAndMappedToHost(ctx, s),
  ),
  select_services_enabled_and_mapped_to_host: ctxFilter('select_services_enabled_and_mapped_to_host', [], {}, (ctx, s) =>
    selectServicesEnabledAndMappedToHost(ctx, s),
  ),
  extract_haproxy_services: ctxFilter('extract_haproxy_services', [], {}, (ctx, s) => extractHaproxyServices(ctx, s)),
  database_shards_info: ctxFilter('database_shards_info', [], {}, (ctx, h) => databaseShardsInfo(ctx, h)),
  customise_fluentd: plainFilter('customise_fluentd', ['customised_paths'], (d, c) => customiseFluentd(d, c)),
  extract_cell: plainFilter('extract_cell', ['cell_name'], (r, c) => extractCell(r, c)),
  namespace_haproxy_for_cell: plainFilter('namespace_haproxy_for_cell', ['cell_name'], (s, c) => namespaceHaproxyForCell(s, c)),
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(kollaFilters))
