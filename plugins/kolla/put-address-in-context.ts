/**
 * kolla's `put_address_in_context` (kolla_ansible/put_address_in_context.py): an address
 * as a URL, memcache or RabbitMQ configuration wants it (IPv6 bracketed or exploded).
 */
import { pyStr, pyTypeName } from '../../src/plugin-kit.js'
import { FilterError } from './filter-error.js'
import { explodedGroups, ipAddress } from './ipaddress.js'
import { pyIn } from './pyaccess.js'

export function putAddressInContext(address: unknown, context: unknown): unknown {
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
