/** Python's urllib.parse: urlsplit, quote and unquote_plus. */
import { PyError } from './errors.js'

/** urllib.parse.urlsplit, as the fields of its SplitResult (Ansible's urlsplit filter and uri test). */
export function urlsplit(value: string): Record<string, unknown> {
  let url = value
  let scheme = ''
  const c = url.indexOf(':')
  if (c > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(url.slice(0, c))) {
    scheme = url.slice(0, c).toLowerCase()
    url = url.slice(c + 1)
  }
  let netloc = ''
  if (url.startsWith('//')) {
    const m = /[/?#]/.exec(url.slice(2))
    const end = m ? m.index + 2 : url.length
    netloc = url.slice(2, end)
    url = url.slice(end)
  }
  let fragment = ''
  let query = ''
  const h = url.indexOf('#')
  if (h >= 0) {
    fragment = url.slice(h + 1)
    url = url.slice(0, h)
  }
  const q = url.indexOf('?')
  if (q >= 0) {
    query = url.slice(q + 1)
    url = url.slice(0, q)
  }
  const at = netloc.lastIndexOf('@')
  const userinfo = at >= 0 ? netloc.slice(0, at) : null
  const hostport = at >= 0 ? netloc.slice(at + 1) : netloc
  let username: string | null = null
  let password: string | null = null
  if (userinfo !== null) {
    const ci = userinfo.indexOf(':')
    username = ci >= 0 ? userinfo.slice(0, ci) : userinfo
    password = ci >= 0 ? userinfo.slice(ci + 1) : null
  }
  let hostname: string | null
  let portStr: string | null = null
  if (hostport.startsWith('[')) {
    const e = hostport.indexOf(']')
    hostname = hostport.slice(1, e < 0 ? undefined : e)
    const rest = e < 0 ? '' : hostport.slice(e + 1)
    if (rest.startsWith(':')) portStr = rest.slice(1)
  } else {
    const ci = hostport.lastIndexOf(':')
    hostname = ci >= 0 ? hostport.slice(0, ci) : hostport
    if (ci >= 0) portStr = hostport.slice(ci + 1)
  }
  hostname = hostname ? hostname.toLowerCase() : null
  let port: number | null = null
  if (portStr) {
    if (!/^\d+$/.test(portStr)) throw new PyError('ValueError', `Port could not be cast to integer value as '${portStr}'`)
    if (Number(portStr) > 65535) throw new PyError('ValueError', 'Port out of range 0-65535')
    port = Number(portStr)
  }
  return { fragment, hostname, netloc, password, path: url, port, query, scheme, username }
}

/** urllib.parse.unquote_plus: '+' is a space, %XX sequences are UTF-8 bytes (bad ones replaced). */
export function unquotePlus(s: string): string {
  const str = s.replace(/\+/g, ' ')
  return str.replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => Buffer.from(m.replace(/%/g, ''), 'hex').toString('utf8'))
}

/** urllib.parse.quote: UTF-8 bytes %-escaped except letters, digits, `_.-~` and `safe`. */
export function urlQuote(s: string, safe: string): string {
  return Array.from(Buffer.from(s, 'utf8'))
    .map((b) => {
      const c = String.fromCharCode(b)
      return /[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`
    })
    .join('')
}
