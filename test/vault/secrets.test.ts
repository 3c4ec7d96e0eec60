/**
 * The registry of decrypted values and its masking, and what registers into it: every
 * string of an encrypted vars file and every inline value as it is decrypted.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SECRET_MASK, SecretRegistry } from '../../src/vault/secrets.js'
import { Vault } from '../../src/vault/vault.js'
import { loadYamlFile } from '../../src/yaml/load.js'
import type { VaultText } from '../../src/yaml/tagged.js'

describe('SecretRegistry', () => {
  it('masks secrets inside longer text, keeping the rest of the line', () => {
    const r = new SecretRegistry()
    r.add('s3cr3t-pass')
    expect(r.maskText('connection = mysql+pymysql://nova:s3cr3t-pass@db/nova')).toBe(`connection = mysql+pymysql://nova:${SECRET_MASK}@db/nova`)
    expect(r.reveals('nothing here')).toBe(false)
    expect(r.reveals('x s3cr3t-pass')).toBe(true)
  })

  it('masks a secret of megabytes (a whole decrypted file) and its escaped forms without a pattern of that size', () => {
    const r = new SecretRegistry()
    const big = Array.from({ length: 40_000 }, (_, i) => `line ${i} "quoted"`).join('\n')
    r.add(big)
    r.add('short-secret')
    expect(r.maskText(`before ${big} after short-secret`)).toBe(`before ${SECRET_MASK} after ${SECRET_MASK}`)
    expect(r.maskText(JSON.stringify({ v: big }))).toBe(`{"v":"${SECRET_MASK}"}`)
    expect(r.reveals(`x${big}x`)).toBe(true)
    expect(r.reveals('nothing')).toBe(false)
  })

  it('masks the longest secret first, so one inside another leaves nothing behind', () => {
    const r = new SecretRegistry()
    r.add('abcd')
    r.add('abcdefgh')
    expect(r.maskText('[abcdefgh] [abcd]')).toBe(`[${SECRET_MASK}] [${SECRET_MASK}]`)
  })

  it('masks short secrets only where a whole string equals them', () => {
    const r = new SecretRegistry()
    r.add('42')
    expect(r.maskText('42')).toBe(SECRET_MASK)
    expect(r.maskText('port 4242')).toBe('port 4242')
  })

  it('masks data deeply without touching keys, and returns untouched parts as they are', () => {
    const r = new SecretRegistry()
    r.addAll({ a: 'pa55word', nested: [{ b: 'tok3n-value' }], n: 5, t: true, none: null })
    const clean = { k: 'v' }
    const data = { pa55word: 'the pa55word', list: ['tok3n-value', 1], clean }
    const masked = r.mask(data)
    expect(masked).toEqual({ pa55word: `the ${SECRET_MASK}`, list: [SECRET_MASK, 1], clean: { k: 'v' } })
    expect(masked.clean).toBe(clean)
    expect(data.list[0]).toBe('tok3n-value')
    expect(r.size).toBe(2)
  })

  it('is a no-op while empty', () => {
    const r = new SecretRegistry()
    const v = { a: 'b' }
    expect(r.mask(v)).toBe(v)
    expect(r.maskText('text')).toBe('text')
  })
})

describe('what registers as secret', () => {
  const pw = { id: 'default', password: Buffer.from('hunter2') }

  it('every string value of an encrypted vars file, and nothing from a plain one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-secrets-'))
    const vault = new Vault([pw])
    writeFileSync(join(dir, 'enc.yml'), vault.encrypt('db_pass: kolla-db-pass\nkeys: {private: PRIVATE-KEY}\nport: 3306\n', pw))
    writeFileSync(join(dir, 'plain.yml'), 'visible: plain-value\n')
    expect(loadYamlFile(join(dir, 'enc.yml'), { vault })).toEqual({ db_pass: 'kolla-db-pass', keys: { private: 'PRIVATE-KEY' }, port: 3306 })
    loadYamlFile(join(dir, 'plain.yml'), { vault })
    expect(vault.revealed.has('kolla-db-pass')).toBe(true)
    expect(vault.revealed.has('PRIVATE-KEY')).toBe(true)
    expect(vault.revealed.has('plain-value')).toBe(false)
    expect(vault.revealed.has('db_pass')).toBe(false)
  })

  it('an inline value once it is decrypted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-secrets-'))
    const vault = new Vault([pw])
    const ct = vault.encrypt('inline-pass', pw).trimEnd().split('\n').map((l) => `  ${l}`).join('\n')
    writeFileSync(join(dir, 'v.yml'), `x: !vault |\n${ct}\n`)
    const data = loadYamlFile(join(dir, 'v.yml'), { vault }) as { x: VaultText }
    expect(vault.revealed.size).toBe(0)
    expect(data.x.text).toBe('inline-pass')
    expect(vault.revealed.has('inline-pass')).toBe(true)
  })

  it('the content of an encrypted file read whole (copy source, file lookup)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-secrets-'))
    const vault = new Vault([pw])
    writeFileSync(join(dir, 'f'), vault.encrypt('whole file secret\n', pw))
    expect(vault.readFile(join(dir, 'f'), { asFile: true }).toString()).toBe('whole file secret\n')
    expect(vault.revealed.maskText('it is whole file secret')).toBe(`it is ${SECRET_MASK}`)
  })
})
