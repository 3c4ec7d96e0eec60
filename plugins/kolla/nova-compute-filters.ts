/**
 * The nova-cell role's compute filters of later kolla releases
 * (kolla_ansible/nova_filters.py): the Ironic compute services a cell should have
 * (2026.1 onwards), and the availability-zone and aggregate maps of its compute hosts
 * (master).
 */
import { isMapping, pyStr, pyTruthy, pyTypeName } from '../../src/plugin-kit.js'
import { FilterError } from './filter-error.js'
import { pyGet, pyIndex, pyInt, pyKeys } from './pyaccess.js'

/** Python's iteration over a value (a list's items, a dict's keys, a string's characters). */
function pyIter(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return Array.from(v)
  if (isMapping(v)) return pyKeys(v)
  throw new TypeError(`'${pyTypeName(v)}' object is not iterable`)
}

function pyLen(v: unknown): number {
  if (Array.isArray(v) || typeof v === 'string') return Array.from(v).length
  if (isMapping(v)) return pyKeys(v).length
  throw new TypeError(`object of type '${pyTypeName(v)}' has no len()`)
}

function serviceName(conf: unknown): string {
  const custom = pyGet(conf, 'custom_host')
  if (pyTruthy(custom)) return `${pyStr(custom)}-ironic`
  const has = (k: string) => isMapping(conf) && pyKeys(conf).includes(k)
  const cg = has('conductor_group') ? pyGet(conf, 'conductor_group') : 'default'
  const sk = has('shard_key') ? pyGet(conf, 'shard_key') : 'default'
  return `${pyStr(cg)}-${pyStr(sk)}-ironic`
}

export function getExpectedIronicComputeServices(batchInfo: unknown, multiConf: unknown, group: unknown): string[] {
  const classic = pyIndex(batchInfo, 'classic')
  const multi = pyIndex(batchInfo, 'multi')
  if (pyLen(multiConf) === 0) return pyIter(classic).map((h) => `${pyStr(h)}-ironic`)
  if (typeof group !== 'string') throw new TypeError(`unsupported operand type(s) for +: '${pyTypeName(group)}' and 'str'`)
  const prefix = `${group}-`
  const confs = Array.isArray(multiConf) ? multiConf : null
  const out: string[] = []
  for (const host of pyIter(multi)) {
    const indexes = pyIter(host)
      .filter((g) => pyStr(g).includes(prefix))
      .map((g) => {
        const parts = pyStr(g).split(prefix)
        return pyInt(parts[1])
      })
    for (const i of indexes) {
      if (!confs) throw new TypeError(`'${pyTypeName(multiConf)}' object is not subscriptable`)
      const at = i - 1 < 0 ? confs.length + (i - 1) : i - 1
      if (at < 0 || at >= confs.length)
        throw new FilterError(
          `Unable to look up multi-compute Ironic config for ${group}-${i} inventory group. Check that nova_multi_compute_ironic_config has an entry for each defined group.`,
        )
      out.push(serviceName(confs[at]))
    }
  }
  return out
}

export function novaAzHostMap(hostvars: unknown, computeHosts: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const host of pyIter(computeHosts)) {
    const hv = pyIndex(hostvars, pyStr(host))
    const az = pyGet(hv, 'nova_compute_availability_zone')
    if (!pyTruthy(az)) continue
    const nodename = pyIndex(pyIndex(hv, 'ansible_facts'), 'nodename')
    ;(out[pyStr(az)] ??= []).push(nodename)
  }
  return out
}

export function novaAggregateHostMap(hostvars: unknown, computeHosts: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const host of pyIter(computeHosts)) {
    const hv = pyIndex(hostvars, pyStr(host))
    const aggregates = pyGet(hv, 'nova_compute_aggregates')
    const nodename = pyIndex(pyIndex(hv, 'ansible_facts'), 'nodename')
    for (const agg of pyTruthy(aggregates) ? pyIter(aggregates) : []) (out[pyStr(agg)] ??= []).push(nodename)
  }
  return out
}
