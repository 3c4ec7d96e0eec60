/**
 * core.py's text helpers: to_uuid (uuid5 in Ansible's namespace), hash and comment, with
 * Python's results and error texts (b64decode, urlsplit and quote are Python's: src/py).
 */
import { createHash } from 'node:crypto'
import { defined, PyError, pyStr, pyTruthy, toNumber, type Kwargs } from '../../src/plugin-kit.js'
import { AnsibleFilterError } from './errors.js'

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
