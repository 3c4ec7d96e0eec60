/**
 * The vault format against files made by ansible-vault 2.14 (vectors/, recorded by
 * vectors/record-ansible.sh): decryption of 1.1 and 1.2 files and encrypt_string output,
 * byte-identical encryption for a given salt, and Ansible's errors for every way a
 * secret or a file can be wrong.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VaultError, VaultFormatError, VaultUsageError } from '../../src/vault/errors.js'
import { decryptBody, encryptBody, formatEnvelope, isEncrypted, parseEnvelope } from '../../src/vault/format.js'
import { Vault, type VaultSecret } from '../../src/vault/vault.js'
import { loadYaml } from '../../src/yaml/load.js'
import { VaultText } from '../../src/yaml/tagged.js'

const V = join(__dirname, 'vectors')
const read = (f: string) => readFileSync(join(V, f))
const password = (f: string) => Buffer.from(read(f).toString('utf8').trim())
const secret = (id: string, file: string): VaultSecret => ({ id, password: password(file) })
const DEFAULT = secret('default', 'pw-default')
const PROD = secret('prod', 'pw-prod')
const DEV = secret('dev', 'pw-dev')

describe('files made by ansible-vault 2.14', () => {
  const cases: [string, VaultSecret, string | undefined][] = [
    ['ansible-1.1', DEFAULT, undefined],
    ['ansible-1.1-utf8', DEFAULT, undefined],
    ['ansible-1.1-empty', DEFAULT, undefined],
    ['ansible-1.2-prod', PROD, 'prod'],
    ['ansible-1.2-dev-binary', DEV, 'dev'],
  ]
  for (const [name, s, id] of cases) {
    it(`${name}.vault decrypts to ${name}.plain`, () => {
      const data = read(`${name}.vault`)
      expect(isEncrypted(data)).toBe(true)
      expect(parseEnvelope(data.toString()).vaultId).toBe(id)
      const out = new Vault([s]).decrypt(data, name)
      expect(out.plaintext.equals(read(`${name}.plain`))).toBe(true)
      expect(out.vaultId).toBe(s.id)
    })
  }

  it('the test vector of the conformance notes decrypts', () => {
    const text = [
      '$ANSIBLE_VAULT;1.1;AES256',
      '31373537666435373330306137386665353039393131336231663938393061663161333838336665',
      '3435323631393038363135643336613561626137623765300a316535393533363937353966373966',
      '34646534303535376261353037396164363032663264396138643362656464353137363430343137',
      '6261653938636236380a623335346366663961343330393866333166666264633038666638393931',
      '63616137363936353434623838326339353038343136663336383865633031373035',
    ].join('\n')
    expect(new Vault([{ id: 'default', password: Buffer.from('hunter2') }]).decrypt(text).plaintext.toString()).toBe('secret_key: s3cr3t\nother: 42\n')
  })

  it('encrypt_string output loads as !vault values that decrypt lazily, with the vault they were loaded with', () => {
    const vault = new Vault([DEFAULT, PROD])
    const one = loadYaml(read('ansible-inline-1.1.yml').toString(), 'x', { vault }) as Record<string, unknown>
    const two = loadYaml(read('ansible-inline-1.2-prod.yml').toString(), 'x', { vault }) as Record<string, unknown>
    expect(one.inline_default).toBeInstanceOf(VaultText)
    expect((one.inline_default as VaultText).text).toBe('inline s3cret')
    expect((two.inline_prod as VaultText).text).toBe('inline pr0d')
    expect(vault.revealed.has('inline pr0d')).toBe(true)
  })

  it('with a fixed salt, encryption is byte-identical to ansible-core\'s VaultLib', () => {
    const lib = new Vault()
    const pw = { id: 'default', password: Buffer.from('hunter2') }
    expect(lib.encrypt('secret_key: s3cr3t\nother: 42\n', pw, undefined, Buffer.from('fixed salt 0123456789abcdef0123'))).toBe(read('ansible-fixed-salt-1.1.vault').toString())
    expect(lib.encrypt('x'.repeat(100) + '\n', pw, 'prod', Buffer.from('7'))).toBe(read('ansible-fixed-salt-1.2-prod.vault').toString())
  })
})

describe('encryption', () => {
  it('writes 1.1 without a vault id (or with "default"), 1.2 with one, in 80-column lines ending with a newline', () => {
    const lib = new Vault()
    const a = lib.encrypt('x'.repeat(200), DEFAULT, 'default')
    const b = lib.encrypt('x', PROD, 'prod')
    expect(a.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.1;AES256')
    expect(b.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod')
    for (const t of [a, b]) {
      expect(t.endsWith('\n')).toBe(true)
      const lines = t.trimEnd().split('\n').slice(1)
      for (const l of lines.slice(0, -1)) expect(l).toHaveLength(80)
      expect(lines[lines.length - 1]!.length).toBeLessThanOrEqual(80)
    }
    expect(new Vault([DEFAULT]).decrypt(a).plaintext.toString()).toBe('x'.repeat(200))
  })

  it('salts every encryption afresh', () => {
    const lib = new Vault()
    expect(lib.encrypt('same', DEFAULT)).not.toBe(lib.encrypt('same', DEFAULT))
  })

  it('refuses what is already encrypted', () => {
    expect(() => new Vault().encrypt(read('ansible-1.1.vault'), DEFAULT)).toThrow(new VaultUsageError('input is already encrypted'))
  })

  it('pads a whole block when the plaintext fills its last one (PKCS7)', () => {
    const body = encryptBody(Buffer.alloc(32, 0x61), Buffer.from('pw'))
    const inner = Buffer.from(body, 'hex').toString().split('\n')
    expect(Buffer.from(inner[2]!, 'hex')).toHaveLength(48)
    expect(decryptBody(body, Buffer.from('pw')).equals(Buffer.alloc(32, 0x61))).toBe(true)
  })
})

describe('which secrets are tried', () => {
  const prodFile = read('ansible-1.2-prod.vault')

  it('every secret, in the order given, unless vault_id_match', () => {
    expect(new Vault([DEV, PROD]).decrypt(prodFile).vaultId).toBe('prod')
    // A secret given under another label still opens it (the label is only a hint)...
    expect(new Vault([{ id: 'other', password: PROD.password }]).decrypt(prodFile).vaultId).toBe('other')
    // ...unless vault_id_match is set.
    expect(() => new Vault([{ id: 'other', password: PROD.password }], { idMatch: true }).decrypt(prodFile, 'f.yml')).toThrow(
      new VaultError('Decryption failed (no vault secrets were found that could decrypt) on f.yml'),
    )
  })

  it('1.1 data carries the default id (vault_identity)', () => {
    const v = new Vault([{ id: 'mine', password: DEFAULT.password }], { idMatch: true, defaultId: 'mine' })
    expect(v.decrypt(read('ansible-1.1.vault')).plaintext.equals(read('ansible-1.1.plain'))).toBe(true)
  })
})

describe("Ansible's errors", () => {
  const good = read('ansible-1.1.vault').toString()
  const lines = good.trimEnd().split('\n')
  const vault = new Vault([DEFAULT])

  it('no secret at all', () => {
    expect(() => new Vault().decrypt(good, 'f.yml')).toThrow(new VaultError('Attempting to decrypt but no vault secrets found'))
  })

  it('a wrong password', () => {
    expect(() => new Vault([PROD]).decrypt(good, 'f.yml')).toThrow(new VaultError('Decryption failed (no vault secrets were found that could decrypt) on f.yml'))
    expect(() => new Vault([PROD]).decrypt(good)).toThrow(new VaultError('Decryption failed (no vault secrets were found that could decrypt)'))
  })

  it('a changed HMAC is a failed decryption, not a format error', () => {
    const inner = Buffer.from(lines.slice(1).join(''), 'hex').toString().split('\n')
    inner[1] = (inner[1]![0] === '0' ? '1' : '0') + inner[1]!.slice(1)
    const tampered = formatEnvelope(Buffer.from(inner.join('\n')).toString('hex'))
    expect(() => vault.decrypt(tampered, 'f.yml')).toThrow(new VaultError('Decryption failed (no vault secrets were found that could decrypt) on f.yml'))
  })

  it('bad hex, odd length, a missing part, a short header, an unknown cipher', () => {
    const warnings: string[] = []
    const v = new Vault([DEFAULT], { warn: (m) => warnings.push(m) })
    const badHex = [lines[0], `Z${lines[1]!.slice(1)}`, ...lines.slice(2)].join('\n')
    expect(() => v.decrypt(badHex, 'f.yml')).toThrow(new VaultFormatError('Vault format unhexlify error: Non-hexadecimal digit found'))
    expect(warnings).toEqual(['There was a vault format error in f.yml: Vault format unhexlify error: Non-hexadecimal digit found'])
    expect(() => v.decrypt(good.trimEnd().slice(0, -1))).toThrow(new VaultFormatError('Vault format unhexlify error: Odd-length string'))
    expect(() => v.decrypt('$ANSIBLE_VAULT;1.1;AES256\n6162\n')).toThrow(new VaultFormatError('Vault vaulttext format error: not enough values to unpack (expected 3, got 1)'))
    expect(() => v.decrypt('$ANSIBLE_VAULT;1.1\nabcd\n', 'f.yml')).toThrow(new VaultFormatError('Vault envelope format error in f.yml: list index out of range'))
    expect(() => v.decrypt('$ANSIBLE_VAULT;1.1;AES\n6162\n')).toThrow(new VaultUsageError('AES cipher could not be found'))
  })

  it('data that is not vault data', () => {
    expect(() => vault.decrypt('plain: text\n', 'f.yml')).toThrow(new VaultUsageError('input is not vault encrypted data. f.yml is not a vault encrypted file'))
    // Detection needs pure ASCII after the header, as is_encrypted.
    expect(isEncrypted('$ANSIBLE_VAULT;1.1;AES256\ncafé')).toBe(false)
    expect(isEncrypted(Buffer.from('$ANSIBLE_VAULT'))).toBe(true)
    expect(isEncrypted(' $ANSIBLE_VAULT')).toBe(false)
  })

  it('a !vault value loaded without secrets fails only when used', () => {
    const data = loadYaml(read('ansible-inline-1.1.yml').toString()) as Record<string, VaultText>
    expect(data.inline_default).toBeInstanceOf(VaultText)
    expect(() => data.inline_default!.text).toThrow(new VaultError('Attempting to decrypt but no vault secrets found'))
  })
})

describe('a corrupted !vault value', () => {
  it('fails where it is used, pointing at its tag, as Ansible does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-vault-pos-'))
    const file = join(dir, 'vars.yml')
    writeFileSync(file, 'good: 1\nbad: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  3Z3\n')
    const warnings: string[] = []
    const data = loadYaml(readFileSync(file, 'utf8'), file, { vault: new Vault([DEFAULT], { warn: (m) => warnings.push(m) }) }) as Record<string, VaultText>
    const where = `\n\nThe error appears to be in '${file}': line 2, column 6, but may\nbe elsewhere in the file depending on the exact syntax problem.\n\nThe offending line appears to be:\n\ngood: 1\nbad: !vault |\n     ^ here\n`
    expect(() => data.bad!.text).toThrow(new VaultFormatError(`Vault format unhexlify error: Odd-length string${where}`))
    expect(warnings).toEqual([`There was a vault format error: Vault format unhexlify error: Odd-length string${where}`])
  })
})
