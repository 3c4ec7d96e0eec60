/**
 * Vault in runs of tsible-playbook and tsible-inventory: `--ask-vault-pass` on a real
 * terminal (no echo), ANSIBLE_VAULT_PASSWORD_FILE, decrypted values hidden from the
 * echoed module arguments (-vvv) and from diffs while modules still get the real value,
 * group_vars decryption errors with ansible-playbook's exit code, and encrypted inventory
 * vars for tsible-inventory.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/vault/vault.js'

const ROOT = resolve(__dirname, '../..')
const SECRET = { id: 'default', password: Buffer.from('hunter2') }
const cfgDir = mkdtempSync(join(tmpdir(), 'tsible-vault-pb-cfg-'))
writeFileSync(join(cfgDir, 'ansible.cfg'), '')
const ENV = { ...process.env, ANSIBLE_CONFIG: join(cfgDir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' }

/** A scratch dir with pw (hunter2), enc.yml (encrypted vars) and a local inventory. */
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsible-vault-pb-'))
  writeFileSync(join(d, 'pw'), 'hunter2\n')
  writeFileSync(join(d, 'enc.yml'), new Vault().encrypt('db_pass: Kolla-DB-s3cret\n', SECRET))
  writeFileSync(join(d, 'inventory'), 'localhost ansible_connection=local\n')
  return d
}

function run(bin: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', bin), ...args], { cwd, encoding: 'utf8', env: { ...ENV, ...env } })
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

describe('tsible-playbook with vault', () => {
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0

  it.skipIf(!hasScript)('--ask-vault-pass prompts on the terminal and does not echo the password', async () => {
    const d = scratch()
    writeFileSync(join(d, 'pb.yml'), '- hosts: localhost\n  gather_facts: false\n  vars_files: [enc.yml]\n  tasks:\n    - assert: {that: "db_pass == \'Kolla-DB-s3cret\'"}\n')
    const cmd = `${process.execPath} ${join(ROOT, 'bin/tsible-playbook.js')} -i inventory --ask-vault-pass pb.yml`
    // `script` runs the command on a new pseudo-terminal; its stdin is what is typed.
    const p = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: d, env: ENV })
    let out = ''
    let typed = false
    p.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (!typed && out.includes('Vault password: ')) {
        typed = true
        p.stdin.write('hunter2\r')
      }
    })
    const code = await new Promise<number | null>((done) => p.on('exit', done))
    expect(code, out).toBe(0)
    expect(out).toMatch(/^Vault password: \r\n/)
    expect(out).toContain('ok=1')
    expect(out).not.toContain('hunter2')
  })

  it('ANSIBLE_VAULT_PASSWORD_FILE gives the secret', () => {
    const d = scratch()
    writeFileSync(join(d, 'pb.yml'), '- hosts: localhost\n  gather_facts: false\n  vars_files: [enc.yml]\n  tasks:\n    - assert: {that: "db_pass == \'Kolla-DB-s3cret\'"}\n')
    const r = run('tsible-playbook.js', ['-i', 'inventory', 'pb.yml'], d, { ANSIBLE_VAULT_PASSWORD_FILE: join(d, 'pw') })
    expect(r.rc, r.stdout + r.stderr).toBe(0)
  })

  it('decrypted values are masked in -vvv module arguments and in diffs; the module gets the real value', () => {
    const d = scratch()
    const out = join(d, 'out.conf')
    writeFileSync(
      join(d, 'pb.yml'),
      `- hosts: localhost\n  gather_facts: false\n  vars_files: [enc.yml]\n  tasks:\n    - copy: {content: "connection = mysql://nova:{{ db_pass }}@db/nova\\n", dest: ${out}}\n`,
    )
    const r = run('tsible-playbook.js', ['-i', 'inventory', '--vault-password-file', 'pw', '-D', '-vvv', 'pb.yml'], d)
    expect(r.rc, r.stdout + r.stderr).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe('connection = mysql://nova:Kolla-DB-s3cret@db/nova\n')
    expect(r.stdout).not.toContain('Kolla-DB-s3cret')
    // The diff and the echoed arguments are there, with the secret masked and the rest kept.
    expect(r.stdout).toContain('+connection = mysql://nova:********@db/nova')
    expect(r.stdout).toMatch(/"content": "connection = mysql:\/\/nova:\*{8}@db\/nova\\n"/)
  })

  it('an encrypted group_vars file that cannot be decrypted ends the run with exit code 4, as ansible-playbook', () => {
    const d = scratch()
    mkdirSync(join(d, 'group_vars'))
    writeFileSync(join(d, 'group_vars', 'all.yml'), readFileSync(join(d, 'enc.yml')))
    writeFileSync(join(d, 'wrong'), 'not-it\n')
    writeFileSync(join(d, 'pb.yml'), '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug: {msg: "{{ db_pass }}"}\n')
    const wrong = run('tsible-playbook.js', ['-i', 'inventory', '--vault-password-file', 'wrong', 'pb.yml'], d)
    expect([wrong.rc, wrong.stderr]).toEqual([4, `ERROR! Decryption failed (no vault secrets were found that could decrypt) on ${join(d, 'group_vars/all.yml')}\n`])
    const none = run('tsible-playbook.js', ['-i', 'inventory', 'pb.yml'], d)
    expect([none.rc, none.stderr]).toEqual([4, 'ERROR! Attempting to decrypt but no vault secrets found\n'])
    expect(run('tsible-playbook.js', ['-i', 'inventory', '--vault-password-file', 'pw', 'pb.yml'], d).stdout).toContain('"msg": "Kolla-DB-s3cret"')
  })

  it('tsible-inventory takes the vault options for encrypted inventory vars', () => {
    const d = scratch()
    mkdirSync(join(d, 'host_vars'))
    writeFileSync(join(d, 'host_vars', 'localhost.yml'), readFileSync(join(d, 'enc.yml')))
    const r = run('tsible-inventory.js', ['-i', 'inventory', '--vault-password-file', 'pw', '--host', 'localhost'], d)
    expect(r.rc, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ ansible_connection: 'local', db_pass: 'Kolla-DB-s3cret' })
    expect(existsSync(join(d, 'host_vars', 'localhost.yml'))).toBe(true)
  })
})
