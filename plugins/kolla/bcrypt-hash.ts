/**
 * kolla's `bcrypt_hash` filter (kolla_ansible/filters.py, 2026.1 onwards): a bcrypt hash
 * of a password, cost 12. With a salt string the hash is deterministic: the bcrypt salt is
 * the first 16 bytes of the string's SHA-256, in bcrypt's base64 alphabet. Python returns
 * bytes; here the hash is its text, which is what a template renders either way.
 */
import { createHash } from 'node:crypto'
import bcrypt from 'bcryptjs'
import { PyError, pyTruthy, pyTypeName } from '../../src/plugin-kit.js'

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const BCRYPT64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function encodeArg(v: unknown): string {
  if (typeof v !== 'string') throw new PyError('AttributeError', `'${pyTypeName(v)}' object has no attribute 'encode'`)
  return v
}

export function bcryptHash(password: unknown, salt: unknown = null): string {
  if (pyTruthy(salt)) {
    const digest = createHash('sha256').update(encodeArg(salt), 'utf8').digest().subarray(0, 16)
    const encoded = [...digest.toString('base64')].map((c) => (BASE64.includes(c) ? BCRYPT64[BASE64.indexOf(c)] : c)).join('')
    return bcrypt.hashSync(encodeArg(password), `$2b$12$${encoded.slice(0, 22)}`)
  }
  return bcrypt.hashSync(encodeArg(password), bcrypt.genSaltSync(12))
}
