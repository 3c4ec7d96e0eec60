/**
 * password_hash's schemes as passlib computes them (what Ansible 2.14 uses when passlib is
 * installed): sha512_crypt / sha256_crypt (Drepper's SHA-crypt, passlib's default rounds
 * 656000 / 535000, `rounds=` written unless 5000) and md5_crypt.
 */
import { createHash } from 'node:crypto'
import { bindArgs, defined, pyStr, toNumber, type FilterFn } from '../../src/plugin-kit.js'
import { AnsibleFilterError } from './errors.js'

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function b64From24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0
  let out = ''
  for (let i = 0; i < n; i++) {
    out += ITOA64[w & 0x3f]
    w >>= 6
  }
  return out
}

function repeatTo(buf: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len)
  for (let i = 0; i < len; i++) out[i] = buf[i % buf.length]
  return out
}

const ORDER512 = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
  [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
]
const ORDER256 = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29],
]

function shaCrypt(alg: 'sha256' | 'sha512', password: string, salt: string, rounds: number): string {
  const H = (...parts: Buffer[]) => {
    const h = createHash(alg)
    for (const p of parts) h.update(p)
    return h.digest()
  }
  const pw = Buffer.from(password, 'utf8')
  const s = Buffer.from(salt.slice(0, 16), 'utf8')
  const B = H(pw, s, pw)
  const aParts = [pw, s, repeatTo(B, pw.length)]
  for (let n = pw.length; n > 0; n >>= 1) aParts.push(n & 1 ? B : pw)
  let C = H(...aParts)
  const P = repeatTo(H(...Array(pw.length).fill(pw)), pw.length)
  const S = repeatTo(H(...Array(16 + C[0]).fill(s)), s.length)
  for (let i = 0; i < rounds; i++) {
    const h = createHash(alg)
    h.update(i & 1 ? P : C)
    if (i % 3) h.update(S)
    if (i % 7) h.update(P)
    h.update(i & 1 ? C : P)
    C = h.digest()
  }
  let out = ''
  if (alg === 'sha512') {
    for (const [a, b, c] of ORDER512) out += b64From24(C[a], C[b], C[c], 4)
    out += b64From24(0, 0, C[63], 2)
  } else {
    for (const [a, b, c] of ORDER256) out += b64From24(C[a], C[b], C[c], 4)
    out += b64From24(0, C[31], C[30], 3)
  }
  const id = alg === 'sha512' ? '6' : '5'
  return `$${id}$${rounds === 5000 ? '' : `rounds=${rounds}$`}${salt.slice(0, 16)}$${out}`
}

function md5Crypt(password: string, salt: string): string {
  const H = (...parts: Buffer[]) => {
    const h = createHash('md5')
    for (const p of parts) h.update(p)
    return h.digest()
  }
  const pw = Buffer.from(password, 'utf8')
  const s = Buffer.from(salt.slice(0, 8), 'utf8')
  const magic = Buffer.from('$1$')
  const alt = H(pw, s, pw)
  const parts = [pw, magic, s, repeatTo(alt, pw.length)]
  for (let n = pw.length; n > 0; n >>= 1) parts.push(n & 1 ? Buffer.from([0]) : pw.subarray(0, 1))
  let f = H(...parts)
  for (let i = 0; i < 1000; i++) {
    const h = createHash('md5')
    h.update(i & 1 ? pw : f)
    if (i % 3) h.update(s)
    if (i % 7) h.update(pw)
    h.update(i & 1 ? f : pw)
    f = h.digest()
  }
  let out = ''
  for (const [a, b, c] of [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]]) out += b64From24(f[a], f[b], f[c], 4)
  out += b64From24(0, 0, f[11], 2)
  return `$1$${salt.slice(0, 8)}$${out}`
}

const SCHEMES: Record<string, { alg: 'sha256' | 'sha512' | 'md5'; rounds: number; saltSize: number }> = {
  sha512_crypt: { alg: 'sha512', rounds: 656000, saltSize: 16 },
  sha256_crypt: { alg: 'sha256', rounds: 535000, saltSize: 16 },
  md5_crypt: { alg: 'md5', rounds: 0, saltSize: 8 },
}
const ALIASES: Record<string, string> = { md5: 'md5_crypt', sha256: 'sha256_crypt', sha512: 'sha512_crypt' }

function randomSalt(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += ITOA64[Math.floor(Math.random() * 64)]
  return s
}

export const passwordHash: FilterFn = (input, args, kwargs) => {
  const { hashtype, salt, salt_size, rounds } = bindArgs('password_hash', args, kwargs, ['hashtype', 'salt', 'salt_size', 'rounds', 'ident'], {
    hashtype: 'sha512',
    salt: null,
    salt_size: null,
    rounds: null,
  })
  const name = ALIASES[pyStr(hashtype)] ?? pyStr(hashtype)
  const scheme = SCHEMES[name]
  // Ansible's AnsibleError(..., orig_exc=e) repeats its message once more.
  const fail = (m: string): never => {
    throw new AnsibleFilterError(`${m}. ${m}`)
  }
  if (!scheme) fail(`passlib does not support '${name}' algorithm`)
  const password = pyStr(defined(input))
  const s = salt === null ? randomSalt(salt_size === null ? scheme.saltSize : toNumber(salt_size)) : pyStr(salt)
  if (!/^[./0-9A-Za-z]*$/.test(s)) fail(`Could not hash the secret.. invalid characters in ${name} salt`)
  if (s.length > scheme.saltSize) fail(`Could not hash the secret.. salt too large (${name} requires <= ${scheme.saltSize} chars)`)
  if (scheme.alg === 'md5') return md5Crypt(password, s)
  return shaCrypt(scheme.alg, password, s, rounds === null ? scheme.rounds : toNumber(rounds))
}
