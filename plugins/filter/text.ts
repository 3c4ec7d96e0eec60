/**
 * core.py's text helpers: to_uuid (uuid5 in Ansible's namespace), shell quote, hash,
 * comment, b64decode and urlsplit, with Python's results and error texts.
 */
import { createHash } from 'node:crypto'
import type { Kwargs } from '../../src/plugin-api/types.js'
import { pyStr, pyTruthy, toNumber } from '../../src/py/values.js'
import { defined } from '../../src/template/runtime/strict.js'
import { AnsibleFilterError } from './errors.js'
import { PyError } from '../../src/py/errors.js'

/** Ansible's `to_text(value, nonstring='simplerepr')`. */
export function toText(v: unknown): string {
  return typeof v === 'string' ? v : pyStr(defined(v))
}

export const UUID_NAMESPACE_ANSIBLE = '361e6d51-faec-444a-9079-341386da8e2e'

export function uuid5(namespace: string, name: string): string {
  const hex = namespace.replace(/[{}-]/g, '').replace(/^urn:uuid:/, '')
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new AnsibleFilterError(`Invalid value '${namespace}' for 'namespace': badly formed hexadecimal UUID string`)
  const h = createHash('sha1').update(Buffer.from(hex, 'hex')).update(Buffer.from(name, 'utf8')).digest()
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const s = h.subarray(0, 16).toString('hex')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s', 'sha512_224', 'sha512_256', 'md5-sha1', 'sm3'])

export function hashOf(data: unknown, type = 'sha1'): string {
  const t = type.toLowerCase()
  if (!HASHES.has(t)) throw new AnsibleFilterError(`unsupported hash type ${type}`)
  const node = t.replace(/^sha3_/, 'sha3-').replace(/^blake2b$/, 'blake2b512').replace(/^blake2s$/, 'blake2s256').replace(/^sha512_(\d+)$/, 'sha512-$1')
  return createHash(node).update(Buffer.from(toText(data), 'utf8')).digest('hex')
}

export function comment(text: unknown, args: unknown[], kwargs: Kwargs): string {
  const style = pyStr(args[0] ?? kwargs.style ?? 'plain')
  const kw: Record<string, unknown> = { ...kwargs }
  delete kw.style
  const styles: Record<string, Record<string, string>> = {
    plain: { decoration: '# ' },
    erlang: { decoration: '% ' },
    c: { decoration: '// ' },
    cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
    xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
  }
  const sp = styles[style]
  if (!sp) throw new PyError('KeyError', `'${style}'`)
  const prepostfix = 'decoration' in kw ? pyStr(kw.decoration) : sp.decoration
  const p: Record<string, unknown> = {
    newline: '\n',
    beginning: '',
    prefix: prepostfix.trimEnd(),
    prefix_count: 1,
    decoration: '',
    postfix: prepostfix.trimEnd(),
    postfix_count: 1,
    end: '',
    ...sp,
    ...kw,
  }
  const nl = pyStr(p.newline)
  const dec = pyStr(p.decoration)
  const beginning = p.beginning ? `${pyStr(p.beginning)}${nl}` : ''
  let prefix = ''
  if (pyTruthy(p.prefix)) prefix = (p.prefix !== nl ? `${pyStr(p.prefix)}${nl}` : nl).repeat(toNumber(Number(p.prefix_count)))
  const body = (dec + toText(text).split(nl).join(nl + dec)).split(dec + nl).join(dec.trimEnd() + nl)
  const postfix = ['', ...Array(toNumber(Number(p.postfix_count))).fill(pyStr(p.postfix))].join(nl)
  const end = p.end ? `${nl}${pyStr(p.end)}` : ''
  return beginning + prefix + body + postfix + end
}

/** bytes.decode(encoding, 'surrogateescape') for UTF-8: invalid bytes become U+DC80..U+DCFF. */
function utf8Surrogateescape(b: Buffer): string {
  let out = ''
  for (let i = 0; i < b.length; ) {
    const c = b[i]
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0
    const seq = len ? b.subarray(i, i + len) : null
    let ok = !!seq && seq.length === len && [...seq.subarray(1)].every((x) => (x & 0xc0) === 0x80)
    if (ok && len > 1) {
      const s = seq!.toString('utf8')
      ok = s.length > 0 && !s.includes('\ufffd')
      if (ok) {
        out += s
        i += len
        continue
      }
    }
    if (ok) {
      out += String.fromCharCode(c)
      i++
      continue
    }
    out += String.fromCharCode(0xdc00 + c)
    i++
  }
  return out
}

/** base64.b64decode (non-strict: other characters dropped) then decode(encoding). */
export function b64decode(s: string, encoding: string): string {
  const clean = s.replace(/[^A-Za-z0-9+/=]/g, '')
  const data = clean.replace(/=+$/, '')
  if (data.length % 4 === 1) throw new PyError('Error', `Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`)
  const pad = clean.length - data.length
  if (data.length % 4 !== 0 && pad < 4 - (data.length % 4)) throw new PyError('Error', 'Incorrect padding')
  const bytes = Buffer.from(data, 'base64')
  const enc = encoding.toLowerCase().replace(/_/g, '-')
  if (enc === 'utf-8' || enc === 'utf8') return utf8Surrogateescape(bytes)
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1'].includes(enc)) return bytes.toString('latin1')
  if (enc === 'ascii') return bytes.toString('latin1')
  if (enc === 'utf-16-le' || enc === 'utf-16le') return bytes.toString('utf16le')
  throw new PyError('LookupError', `unknown encoding: ${encoding}`)
}

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
