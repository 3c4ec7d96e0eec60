/**
 * kolla's `kolla_url` filter (kolla_ansible/kolla_url.py, 2023.2 onwards): a URL from a
 * host or address, a protocol, a port and a path, the address put in the URL context
 * (IPv6 in brackets) and the port left out where it is the protocol's own.
 */
import { pyStr } from '../../src/plugin-kit.js'
import { putAddressInContext } from './put-address-in-context.js'
import { pyInt } from './pyaccess.js'

export function kollaUrl(fqdn: unknown, protocol: unknown, port: unknown, path: unknown = '', context: unknown = 'url'): string {
  const host = pyStr(putAddressInContext(fqdn, context))
  const p = pyInt(port)
  const defaultPort = ((protocol === 'http' || protocol === 'ws') && p === 80) || ((protocol === 'https' || protocol === 'wss') && p === 443)
  return defaultPort ? `${pyStr(protocol)}://${host}${pyStr(path)}` : `${pyStr(protocol)}://${host}:${p}${pyStr(path)}`
}
