/** Python's base64.b64decode and the UTF-8 codec's surrogateescape, as the b64decode filter uses them. */
import { PyError } from './errors.js'

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
