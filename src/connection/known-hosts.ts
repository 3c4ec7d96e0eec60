/**
 * OpenSSH's known_hosts files: plain and hashed (`|1|salt|hash`) host entries, the
 * `[host]:port` form for ports other than 22, wildcard and negated patterns, and the
 * `@revoked` marker. Used to check a server's host key the way `ssh` does with
 * `StrictHostKeyChecking`, and to record new keys when host key checking is off (as
 * `ssh -o StrictHostKeyChecking=no`, which Ansible runs then, does).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { matchHostPatternList } from './ssh-config.js'

export interface KnownHostEntry {
  file: string
  /** 1-based line number, as ssh reports it. */
  line: number
  marker?: 'revoked' | 'cert-authority'
  /** Key type as written, e.g. `ssh-ed25519`. */
  keyType: string
  /** The key blob in base64, as written. */
  key: string
}

export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'mismatch'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'unknown' }

/** The name ssh looks up: `host`, or `[host]:port` when the port is not 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|')
  // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false
  const salt = Buffer.from(parts[2], 'base64')
  const want = createHmac('sha1', salt).update(name).digest('base64')
  return want === parts[3]
}

function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name)
  return matchHostPatternList(name.toLowerCase(), field.toLowerCase().split(',')) === true
}

/** Every entry of one file that names the host (missing files have none). */
export function readKnownHosts(file: string, name: string): KnownHostEntry[] {
  if (!existsSync(file)) return []
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  const entries: KnownHostEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) return
    const fields = line.split(/\s+/)
    let marker: KnownHostEntry['marker']
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority'
      fields.shift()
    }
    if (fields.length < 3 || !hostFieldMatches(fields[0], name)) return
    entries.push({ file, line: i + 1, marker, keyType: fields[1], key: fields[2] })
  })
  return entries
}

/** The algorithm name at the start of an SSH public key blob (`ssh-ed25519`, ...). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return ''
  const len = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + len).toString('latin1')
}

/** Host key types as ssh names them in messages: `ED25519`, `ECDSA`, `RSA`. */
function keyTypeLabel(keyType: string): string {
  if (keyType.includes('ed25519')) return 'ED25519'
  if (keyType.startsWith('ecdsa')) return 'ECDSA'
  if (keyType.includes('rsa')) return 'RSA'
  if (keyType.includes('dss')) return 'DSA'
  return keyType.toUpperCase()
}

/** `SHA256:<base64 without padding>`, as ssh prints fingerprints. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/**
 * Checks a server's key against the files, as ssh does: a revoked key fails, a
 * matching key passes, a different key of the same type is a mismatch, and a host
 * known only by keys of other types counts as unknown.
 */
export function verifyHostKey(files: readonly string[], name: string, blob: Buffer): HostKeyVerdict {
  const key = blob.toString('base64')
  const type = keyTypeOfBlob(blob)
  const entries = files.flatMap((f) => readKnownHosts(f, name))
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key === key)
  if (revoked) return { status: 'revoked', entry: revoked }
  const plain = entries.filter((e) => e.marker === undefined)
  const match = plain.find((e) => e.key === key)
  if (match) return { status: 'match', entry: match }
  const other = plain.find((e) => e.keyType === type)
  if (other) return { status: 'mismatch', entry: other }
  return { status: 'unknown' }
}

/** Key types the files already hold for the host: ssh offers these algorithms first. */
export function knownKeyTypes(files: readonly string[], name: string): string[] {
  const types = files.flatMap((f) => readKnownHosts(f, name)).filter((e) => e.marker === undefined).map((e) => e.keyType)
  return [...new Set(types)]
}

/** Appends the host's key, hashed when `hash` is set (`HashKnownHosts yes`). */
export function addKnownHost(file: string, name: string, blob: Buffer, hash: boolean): void {
  let field = name
  if (hash) {
    const salt = randomBytes(20)
    field = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  appendFileSync(file, `${field} ${keyTypeOfBlob(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 })
}

/** ssh's text for a changed host key with strict checking, line for line. */
export function hostKeyChangedMessage(name: string, blob: Buffer, entry: KnownHostEntry): string {
  const label = keyTypeLabel(keyTypeOfBlob(blob))
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
    'It is also possible that a host key has just been changed.',
    // ssh ends this one line with a bare \n; the others end with \r\n.
    `The fingerprint for the ${label} key sent by the remote host is\n${fingerprint(blob)}.`,
    'Please contact your system administrator.',
    `Add correct host key in ${entry.file} to get rid of this message.`,
    `Offending ${keyTypeLabel(entry.keyType)} key in ${entry.file}:${entry.line}`,
    '  remove with:',
    `  ssh-keygen -f "${entry.file}" -R "${name}"`,
    `Host key for ${name} has changed and you have requested strict checking.`,
    'Host key verification failed.',
  ].join('\r\n')
}

/** ssh's text for a revoked key. */
export function hostKeyRevokedMessage(name: string, blob: Buffer, entry: KnownHostEntry): string {
  const label = keyTypeLabel(keyTypeOfBlob(blob))
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@       WARNING: REVOKED HOST KEY DETECTED!               @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `The ${label} host key for ${name} is marked as revoked.`,
    'This could mean that a stolen key is being used to',
    'impersonate this host.',
    `${label} host key for ${name} was revoked in ${entry.file}:${entry.line}`,
    'Host key verification failed.',
  ].join('\r\n')
}
