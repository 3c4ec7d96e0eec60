/**
 * The `password` lookup: a random password kept in a file on the controller (created on
 * first use, mode 0600, its directory 0700), optionally with a salt kept beside it and
 * returned encrypted; `path k=v...` terms as Ansible parses them, a lock file while the
 * file is written.
 */
import { randomInt, createHash } from 'node:crypto'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import { parseKv, PyRandom, pyStr, type LookupFn } from '../../src/plugin-kit.js'
import { passwordHash } from '../filter/crypt.js'
import { AnsibleLookupError } from './errors.js'
import { pyInt } from './options.js'

const VALID = new Set(['length', 'encrypt', 'chars', 'ident', 'seed'])
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
/** Python's `string` module constants, which `chars` may name. */
const STRING_CONSTANTS: Record<string, string> = {
  ascii_letters: LETTERS,
  ascii_lowercase: LETTERS.slice(0, 26),
  ascii_uppercase: LETTERS.slice(26),
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  whitespace: ' \t\n\r\x0b\x0c',
}
STRING_CONSTANTS.printable = STRING_CONSTANTS.digits + LETTERS + STRING_CONSTANTS.punctuation + STRING_CONSTANTS.whitespace
const DEFAULT_CHARS = ['ascii_letters', 'digits', '.,:-_']
/** BaseHash.algorithms: salt sizes and implicit idents. */
const ALGORITHMS: Record<string, { saltSize: number; ident: string | null }> = {
  md5_crypt: { saltSize: 8, ident: null },
  bcrypt: { saltSize: 22, ident: '2b' },
  sha256_crypt: { saltSize: 16, ident: null },
  sha512_crypt: { saltSize: 16, ident: null },
}

interface Params {
  length: number
  encrypt: string | null
  ident: string | null
  seed: unknown
  chars: unknown
}

function parseParameters(term: string, kwargs: Record<string, unknown>): { relpath: string; params: Params } {
  const space = term.indexOf(' ')
  let relpath = term
  let raw: Record<string, unknown> = {}
  if (space >= 0) {
    relpath = term.slice(0, space)
    raw = parseKv(term.slice(space + 1))
    if ('_raw_params' in raw) {
      relpath = `${relpath} ${pyStr(raw._raw_params)}`
      delete raw._raw_params
      if (!term.startsWith(relpath)) throw new AnsibleLookupError('Unrecognized value after key=value parameters given to password lookup')
    }
  }
  const invalid = Object.keys(raw).filter((k) => !VALID.has(k))
  if (invalid.length) throw new AnsibleLookupError(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`)
  const opt = (k: string, d: unknown) => raw[k] ?? kwargs[k] ?? d
  let chars = opt('chars', DEFAULT_CHARS)
  if (typeof chars === 'string' && chars) {
    const list: string[] = chars.includes(',,') ? [','] : []
    list.push(...chars.replace(/,,/g, ',').split(',').filter(Boolean))
    chars = list
  }
  const nullable = (v: unknown) => (v === null || v === undefined ? null : pyStr(v))
  return {
    relpath,
    params: { length: pyInt(opt('length', 20)), encrypt: nullable(opt('encrypt', null)), ident: nullable(opt('ident', null)), seed: opt('seed', null), chars },
  }
}

function candidateChars(chars: unknown): string {
  const specs = Array.isArray(chars) ? chars : [chars]
  return specs.map((s) => STRING_CONSTANTS[pyStr(s)] ?? pyStr(s)).join('').replace(/["']/g, '')
}

/** utils.encrypt.random_password: SystemRandom, or random.Random(seed) when seeded. */
function randomPassword(length: number, chars: string, seed: unknown): string {
  const list = Array.from(chars)
  const rng = seed === null || seed === undefined ? null : new PyRandom(seed)
  let out = ''
  for (let i = 0; i < length; i++) out += rng ? rng.choice(list) : list[randomInt(list.length)]
  return out
}

function randomSalt(length = 8): string {
  return randomPassword(length, `${LETTERS}0123456789./`, null)
}

/** _parse_content: `password[ salt=S[ ident=I]]`. */
function parseContent(content: string): { password: string; salt: string | null; ident: string | null } {
  let password = content
  let salt: string | null = null
  let ident: string | null = null
  let rem = ''
  const sep = content.lastIndexOf(' salt=')
  if (sep >= 0) {
    rem = content.slice(sep + 6)
    password = content.slice(0, sep)
  }
  if (rem) {
    const i = rem.lastIndexOf(' ident=')
    if (i < 0) salt = rem
    else {
      ident = rem.slice(i + 7)
      salt = rem.slice(0, i)
    }
  }
  return { password, salt, ident }
}

function formatContent(password: string, salt: string | null, encrypt: string | null, ident: string | null): string {
  if (!encrypt && !salt) return password
  if (!salt) throw new AnsibleLookupError('_format_content was called with encryption requested but no salt value', 'AnsibleAssertionError')
  return ident ? `${password} salt=${salt} ident=${ident}` : `${password} salt=${salt}`
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** _get_lock: one process writes the file; the others wait for the lock to go (7 s at most). */
function getLock(path: string): { first: boolean; lockfile: string } {
  const dir = dirname(path)
  const lockfile = join(dir, `${createHash('sha1').update(path).digest('hex')}.ansible_lockfile`)
  let first = false
  if (!existsSync(lockfile) && path !== '/dev/null') {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    try {
      closeSync(openSync(lockfile, 'wx'))
      first = true
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  for (let counter = 0; existsSync(lockfile) && !first; counter++) {
    sleep(1000 * 2 ** counter)
    if (counter >= 2) {
      throw new AnsibleLookupError(`Password lookup cannot get the lock in 7 seconds, abort...This may caused by un-removed lockfileyou can manually remove it from controller machine at ${lockfile} and try again`)
    }
  }
  return { first, lockfile }
}

function writePasswordFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${content}\n`, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

const password: LookupFn = (terms, kwargs, ctx) => {
  const ret: string[] = []
  const basedir = pyStr(ctx.lookup('playbook_dir'))
  for (const term of terms) {
    const { relpath, params } = parseParameters(pyStr(term), kwargs)
    const path = isAbsolute(relpath) ? relpath : join(basedir, relpath)
    const chars = candidateChars(params.chars)
    let plaintext: string
    let salt: string | null = null
    let ident: string | null = null
    let encrypt = params.encrypt
    const { first, lockfile } = getLock(path)
    try {
      const content = existsSync(path) ? readFileSync(path, 'utf8').replace(/[\s\u001c-\u001f\u0085]+$/u, '') : null
      let changed = false
      if (content === null || path === '/dev/null') {
        plaintext = randomPassword(params.length, chars, params.seed)
        changed = true
      } else ({ password: plaintext, salt, ident } = parseContent(content))
      const algo = encrypt ? ALGORITHMS[encrypt] : undefined
      if (encrypt && !salt) {
        changed = true
        salt = algo ? randomSalt(algo.saltSize) : randomSalt()
      }
      ident = params.ident
      if (encrypt && !ident) {
        changed = true
        ident = algo?.ident ?? null
        encrypt = params.encrypt
        if (!ident) ident = params.ident
      }
      if (changed && path !== '/dev/null') writePasswordFile(path, formatContent(plaintext, salt, encrypt, ident))
    } finally {
      if (first && existsSync(lockfile)) unlinkSync(lockfile)
    }
    if (encrypt) ret.push(pyStr(passwordHash(plaintext, [encrypt], { salt }, ctx)))
    else ret.push(plaintext)
  }
  return ret
}

export const passwordLookups: Record<string, LookupFn> = { password }
