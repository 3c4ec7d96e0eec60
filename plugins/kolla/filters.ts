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
import { formatIp, ipFrom, IpValueError } from './ipaddress.js'
import { pyGet, pyGetDefined, pyIn, pyIndex, pyKeys } from './pyaccess.js'
import { FilterError } from './filter-error.js'
import { putAddressInContext } from './put-address-in-context.js'
import { toBool } from '../filter/core.js'
import { bcryptHash } from './bcrypt-hash.js'
import { kollaUrl } from './kolla-url.js'
import { getExpectedIronicComputeServices, novaAggregateHostMap, novaAzHostMap } from './nova-compute-filters.js'

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

function kollaAddress(ctx: TemplateContext, networkName: unknown, hostnameArg: unknown = null, overrideVar: unknown = null): string {
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
  if (overrideVar !== null && overrideVar !== undefined) {
    const key = pyStr(overrideVar)
    if (pyHas(host, key)) return overrideAddress(pyIndex(host, key), key, pyStr(hostname))
  }

  const interfaceName = pyGetDefined(host, `${net}_interface`)
  if (interfaceName === null)
    throw new FilterError(`Interface name undefined for network '${net}' (set '${net}_interface')`)
  let family = pyGetDefined(host, `${net}_address_family`)
  if (family === null)
    throw new FilterError(`Address family undefined for network '${net}' (set '${net}_address_family')`)
  family = pyLower(strOrAttrError(family, 'lower'))
  if (family !== 'ipv4' && family !== 'ipv6') throw new FilterError(`Unknown address family '${family}' for network '${net}'`)

  const ifname = strOrAttrError(interfaceName, 'replace')
  const iface = interfaceFacts(host, ifname.replaceAll('-', '_'))
  if (iface === null) throw new FilterError(`Interface '${ifname}' not present on host '${pyStr(hostname)}'`)
  const af = pyGetDefined(iface, family as string)
  if (af === null)
    throw new FilterError(`Address family '${family}' undefined on interface '${ifname}' for host: '${pyStr(hostname)}'`)

  let address: unknown = null
  if (family === 'ipv4') {
    address = pyGetDefined(af, 'address')
    if (pyTruthy(address) && isLoopback(address)) {
      const secondaries = pyGetDefined(iface, 'ipv4_secondaries') ?? []
      if (!Array.isArray(secondaries)) throw new TypeError(`'${pyTypeName(secondaries)}' object is not iterable`)
      const other = secondaries.map((sec) => pyIndex(sec, 'address')).find((a) => !isLoopback(a))
      if (other !== undefined) address = other
    }
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

/**
 * The interface's facts: `ansible_facts[name]` (2023.1 onwards), else the injected
 * `ansible_<name>` variable that train's kolla_address reads (the same facts whenever
 * facts are injected as variables, Ansible's default).
 */
function interfaceFacts(host: unknown, name: string): unknown {
  const facts = pyGetDefined(host, 'ansible_facts')
  const fromFacts = facts === null ? null : pyGetDefined(facts, name)
  return fromFacts ?? pyGetDefined(host, `ansible_${name}`)
}

/** master's `override_var`: the host variable's value, which must be an IP address, as Python formats it. */
function overrideAddress(value: unknown, key: string, hostname: string): string {
  try {
    return formatIp(value)
  } catch (e) {
    if (!(e instanceof IpValueError)) throw e
    throw new FilterError(`variable '${key}' for host '${hostname}' is set to '${pyStr(value)}', which is not a valid IPv4 or IPv6 address`)
  }
}

/** Python's `ipaddress.ip_address(x).is_loopback` (master's loopback handling). */
function isLoopback(address: unknown): boolean {
  const ip = ipFrom(address)
  return ip.version === 4 ? ip.octets[0] === 127 : ip.groups.slice(0, 7).every((g) => g === 0) && ip.groups[7] === 1
}

/** Whether a mapping has a key (Python's `key in mapping`). */
function pyHas(obj: unknown, key: string): boolean {
  if (isMapping(obj)) return pyKeys(obj).includes(key)
  return pyIn(key, obj)
}

/** Python's str.lower() for the ASCII and common cases. */
function pyLower(s: string): string {
  return s.toLowerCase()
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

/** A filter with optional parameters: those without a default are required. */
const optFilter =
  (name: string, params: string[], defaults: Record<string, unknown>, fn: (...a: unknown[]) => unknown): FilterFn =>
  (input, args, kwargs) => {
    const b = bindArgs(name, args, kwargs, params, defaults)
    const missing = params.filter((p) => !(p in b))
    if (missing.length) throw new TypeError(`${name}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(' and ')}`)
    return fn(defined(input), ...params.map((p) => defined(b[p])))
  }

export const kollaFilters: Record<string, FilterFn> = {
  kolla_address: ctxFilter('kolla_address', ['hostname', 'override_var'], { hostname: null, override_var: null }, (ctx, net, host, ov) =>
    kollaAddress(ctx, net, host, ov),
  ),
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
  kolla_url: optFilter('kolla_url', ['protocol', 'port', 'path', 'context'], { path: '', context: 'url' }, (f, p, n, a, c) => kollaUrl(f, p, n, a, c)),
  bcrypt_hash: optFilter('bcrypt_hash', ['salt'], { salt: null }, (p, s) => bcryptHash(p, s)),
  get_expected_ironic_compute_services: plainFilter('get_expected_ironic_compute_services', ['multi_compute_conf', 'nova_cell_compute_ironic_group'], (i, m, g) =>
    getExpectedIronicComputeServices(i, m, g),
  ),
  nova_az_host_map: plainFilter('nova_az_host_map', ['compute_hosts'], (h, c) => novaAzHostMap(h, c)),
  nova_aggregate_host_map: plainFilter('nova_aggregate_host_map', ['compute_hosts'], (h, c) => novaAggregateHostMap(h, c)),
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(kollaFilters))
