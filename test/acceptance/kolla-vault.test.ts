/**
 * The kolla-config fixture with its passwords.yml encrypted by tsible-vault (as operators
 * keep it, run with --vault-password-file): the same 331 files, byte for byte and with the
 * same modes, and the same task statuses as the plain run ansible-core 2.14 recorded.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { diffTrees, golden, goldenTree, normalizeStatuses, prepareFixture, readTree, runTsible } from './kolla-fixture.js'

const ROOT = resolve(__dirname, '../..')

describe('kolla-config fixture with an encrypted passwords.yml', () => {
  it('run 1 writes the golden tree and reports the golden statuses', () => {
    const dir = prepareFixture()
    const plain = readFileSync(join(dir, 'passwords.yml'), 'utf8')
    const pw = join(dir, 'vault-pass')
    writeFileSync(pw, 'kolla vault pass\n')
    const enc = spawnSync(process.execPath, [join(ROOT, 'bin/tsible-vault.js'), 'encrypt', '--vault-password-file', pw, 'passwords.yml'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg') },
    })
    expect(enc.status, enc.stderr).toBe(0)
    const encrypted = readFileSync(join(dir, 'passwords.yml'), 'utf8')
    expect(encrypted.startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).toBe(true)
    // Not one password is left in clear.
    const values = [...plain.matchAll(/^\w+: (\S{8,})$/gm)].map((m) => m[1]!)
    expect(values.length).toBeGreaterThan(50)
    for (const v of values) expect(encrypted).not.toContain(v)

    const r = runTsible(dir, ['--vault-password-file', pw])
    expect(r.rc, r.stderr.slice(-3000)).toBe(0)
    expect(normalizeStatuses(r.stdout)).toEqual(golden('statuses-run1.json'))
    expect(diffTrees(goldenTree(), readTree(join(dir, 'node-config')))).toEqual([])

    // Without the secret the run stops at once, as ansible-playbook does.
    const none = runTsible(dir)
    expect(none.rc).toBe(1)
    expect(none.stderr).toContain('ERROR! Attempting to decrypt but no vault secrets found')
  })
})
