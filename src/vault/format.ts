/**
 * The Ansible Vault format, 1.1 and 1.2 with the AES256 cipher (ansible-core 2.14's
 * lib/ansible/parsing/vault): the envelope (`$ANSIBLE_VAULT;1.1;AES256[;vault-id]` then
 * hex in 80-column lines) and the payload (hex of `hex(salt)\nhex(hmac)\nhex(ciphertext)`),
 * PBKDF2-SHA256 (10000 rounds) giving the AES-256-CTR key, the HMAC-SHA256 key and the
 * initial counter, PKCS7 padding, encrypt-then-MAC. Errors carry Ansible's wording.
 */
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'
import { VaultError, VaultFormatError, VaultUsageError } from './errors.js'

export const VAULT_HEADER = '$ANSIBLE_VAULT'
const HEADER_BYTES = Buffer.from(VAULT_HEADER, 'ascii')
/** The only cipher ansible-core 2.14 reads and writes. */
export const CIPHER = 'AES256'

/** Ansible's is_encrypted: pure ASCII data that starts with `$ANSIBLE_VAULT`. */
export function isEncrypted(data: string | Buffer): boolean {
  const buf = typeof data === 'string' ? null : data
  if (buf) {
    if (buf.length < HEADER_BYTES.length || !buf.subarray(0, HEADER_BYTES.length).equals(HEADER_BYTES)) return false
    for (const b of buf) if (b > 0x7f) return false
    return true
  }
  const text = data as string
  // eslint-disable-next-line no-control-regex
  return text.startsWith(VAULT_HEADER) && /^[\x00-\x7f]*$/.test(text)
}

export interface Envelope {
  /** The hex body, its lines joined. */
  body: string
  version: string
  cipher: string
  /** The vault id of a 1.2 header, else undefined (the default id applies). */
  vaultId?: string
}

/** Python's bytes.splitlines(): \n, \r\n and \r end lines. */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/)
  if (lines.length && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** _parse_vaulttext_envelope: the header's fields and the hex body (its lines are not stripped, as in Ansible). */
export function parseEnvelope(text: string, filename?: string): Envelope {
  const lines = splitLines(text)
  const header = (lines[0] ?? '').trim().split(';')
  if (header.length < 3) {
    throw new VaultFormatError(`Vault envelope format error${filename ? ` in ${filename}` : ''}: list index out of range`)
  }
  return {
    body: lines.slice(1).join(''),
    version: header[1]!.trim(),
    cipher: header[2]!.trim(),
    vaultId: header.length >= 4 ? header[3]!.trim() : undefined,
  }
}

/** format_vaulttext_envelope: version 1.2 with the id when one other than `default` is given. */
export function formatEnvelope(hexBody: string, vaultId?: string): string {
  const header = vaultId && vaultId !== 'default' ? `${VAULT_HEADER};1.2;${CIPHER};${vaultId}` : `${VAULT_HEADER};1.1;${CIPHER}`
  const lines = [header]
  for (let i = 0; i < hexBody.length; i += 80) lines.push(hexBody.slice(i, i + 80))
  return lines.join('\n') + '\n'
}

/** binascii.unhexlify, with its two error messages. */
function unhexlify(hex: string): Buffer {
  if (hex.length % 2) throw new VaultFormatError('Vault format unhexlify error: Odd-length string')
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new VaultFormatError('Vault format unhexlify error: Non-hexadecimal digit found')
  return Buffer.from(hex, 'hex')
}

interface Payload {
  salt: Buffer
  hmacHex: string
  ciphertext: Buffer
}

/** parse_vaulttext: the body is hex of "hex(salt)\nhex(hmac)\nhex(ciphertext)". */
function parsePayload(body: string): Payload {
  const inner = unhexlify(body).toString('latin1')
  const parts: string[] = []
  let rest = inner
  for (let i = 0; i < 2; i++) {
    const nl = rest.indexOf('\n')
    if (nl < 0) break
    parts.push(rest.slice(0, nl))
    rest = rest.slice(nl + 1)
  }
  parts.push(rest)
  if (parts.length < 3) throw new VaultFormatError(`Vault vaulttext format error: not enough values to unpack (expected 3, got ${parts.length})`)
  return { salt: unhexlify(parts[0]!), hmacHex: parts[1]!, ciphertext: unhexlify(parts[2]!) }
}

function deriveKeys(password: Buffer, salt: Buffer): { key: Buffer; hmacKey: Buffer; iv: Buffer } {
  const dk = pbkdf2Sync(password, salt, 10000, 80, 'sha256')
  return { key: dk.subarray(0, 32), hmacKey: dk.subarray(32, 64), iv: dk.subarray(64, 80) }
}

/**
 * VaultAES256.encrypt: the hex body for a plaintext. `salt` is used as given (its bytes,
 * as the `vault` filter's `salt` argument is), else 32 random bytes.
 */
export function encryptBody(plaintext: Buffer, password: Buffer, salt?: Buffer): string {
  if (salt !== undefined && salt.length === 0) throw new VaultError('Empty or invalid salt passed to encrypt()')
  const s = salt ?? randomBytes(32)
  const { key, hmacKey, iv } = deriveKeys(password, s)
  const pad = 16 - (plaintext.length % 16)
  const cipher = createCipheriv('aes-256-ctr', key, iv)
  const ciphertext = Buffer.concat([cipher.update(Buffer.concat([plaintext, Buffer.alloc(pad, pad)])), cipher.final()])
  const mac = createHmac('sha256', hmacKey).update(ciphertext).digest()
  const inner = `${s.toString('hex')}\n${mac.toString('hex')}\n${ciphertext.toString('hex')}`
  return Buffer.from(inner, 'latin1').toString('hex')
}

/**
 * VaultAES256.decrypt of a hex body with one password: a malformed body raises
 * VaultFormatError, a wrong password VaultError('HMAC verification failed: ...').
 */
export function decryptBody(body: string, password: Buffer): Buffer {
  const { salt, hmacHex, ciphertext } = parsePayload(body)
  const { key, hmacKey, iv } = deriveKeys(password, salt)
  const expected = unhexlify(hmacHex)
  const mac = createHmac('sha256', hmacKey).update(ciphertext).digest()
  if (expected.length !== mac.length || !timingSafeEqual(mac, expected)) {
    throw new VaultError('HMAC verification failed: Signature did not match digest.')
  }
  const decipher = createDecipheriv('aes-256-ctr', key, iv)
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  const pad = padded.length ? padded[padded.length - 1]! : 0
  if (pad < 1 || pad > 16 || pad > padded.length || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw new VaultUsageError('Invalid padding bytes.', 'ValueError')
  }
  return padded.subarray(0, padded.length - pad)
}

/** The cipher named in an envelope must be one 2.14 knows. */
export function checkCipher(cipher: string): void {
  if (cipher !== CIPHER) throw new VaultUsageError(`${cipher} cipher could not be found`)
}
