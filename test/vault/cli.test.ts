/**
 * tsible-vault as a command, and files going both ways between it and ansible-vault 2.14:
 * the recorded check (vectors/tsible-check.txt, made by vectors/record-tsible.sh) holds
 * for machines without Ansible; where ansible-vault is installed, fresh files are checked
 * live too.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/vault/vault.js'

const ROOT = resolve(__dirname, '../..')
const V = join(__dirname, 'vectors')
const ANSIBLE_VAULT = '/usr/bin/ansible-vault'
const hasAnsible = existsSync(ANSIBLE_VAULT)
const cfgDir = mkdtempSync(join(tmpdir(), 'tsible-vault-cfg-'))
writeFileSync(join(cfgDir, 'ansible.cfg'), '')
const ENV = { ...process.env, ANSIBLE_CONFIG: join(cfgDir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', EDITOR: undefined }

interface Ran {
  rc: number
  stdout: string
  stderr: string
}

function tv(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string | undefined> } = {}): Ran {
  // A new session: no controlling terminal, so prompts read stdin (as getpass falls back to).
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/tsible-vault.js'), ...args], {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...ENV, ...options.env },
    detached: true,
  })
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

function av(args: string[], cwd: string): Ran {
  const r = spawnSync(ANSIBLE_VAULT, args, { cwd, encoding: 'utf8', env: ENV, input: '' })
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsible-vault-cli-'))
  writeFileSync(join(d, 'pw'), 'hunter2\n')
  writeFileSync(join(d, 'pw2'), 'other-pass\n')
  return d
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8)

describe('ansible-vault 2.14 reads what tsible-vault writes', () => {
  const lines = readFileSync(join(V, 'tsible-check.txt'), 'utf8').trim().split('\n')

  it('recorded: ansible-vault decrypted every file tsible-vault made to its plaintext', () => {
    expect(lines[0]).toMatch(/^ansible-vault \[core 2\.14\./)
    const checks = lines.slice(1).map((l) => l.split(' '))
    expect(checks.map((c) => c[0])).toEqual([
      'tsible-1.1.vault',
      'tsible-1.2-prod.vault',
      'tsible-1.2-dev-binary.vault',
      'tsible-1.1-utf8.vault',
      'tsible-1.1-empty.vault',
      'tsible-inline-1.2-prod.yml',
    ])
    for (const [file, rc, got, want] of checks) {
      expect(rc, file).toBe('0')
      expect(got, file).toBe(want)
    }
  })

  it('the recorded files are the ones checked: they decrypt to those plaintexts here too', () => {
    const secrets = ['pw-default', 'pw-prod', 'pw-dev'].map((f, i) => ({ id: ['default', 'prod', 'dev'][i]!, password: Buffer.from(readFileSync(join(V, f), 'utf8').trim()) }))
    for (const [file, , , want] of lines.slice(1).map((l) => l.split(' '))) {
      if (!file!.endsWith('.vault')) continue
      expect(sha(new Vault(secrets).decrypt(readFileSync(join(V, file!))).plaintext), file).toBe(want)
    }
    expect(readFileSync(join(V, 'tsible-1.2-prod.vault'), 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod')
  })

  it.skipIf(!hasAnsible)('live: ansible-vault decrypts fresh tsible-vault files and encrypt_string output', () => {
    const d = scratch()
    writeFileSync(join(d, 'plain.yml'), 'a: "é ✓"\nb: 2\n')
    expect(tv(['encrypt', '--vault-id', 'prod@pw', '--output', 'enc.yml', 'plain.yml'], { cwd: d }).rc).toBe(0)
    const r = av(['view', '--vault-id', 'prod@pw', 'enc.yml'], d)
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stdout).toBe('a: "é ✓"\nb: 2\n')
    const s = tv(['encrypt_string', '--vault-password-file', 'pw', 'inline value'], { cwd: d })
    writeFileSync(join(d, 'inline.vault'), s.stdout.replace(/^!vault \|\n/, '').replace(/^ {10}/gm, ''))
    expect(av(['view', '--vault-password-file', 'pw', 'inline.vault'], d).stdout).toBe('inline value\n')
  })

  it.skipIf(!hasAnsible)('live: tsible-vault reads fresh ansible-vault files', () => {
    const d = scratch()
    writeFileSync(join(d, 'f.yml'), 'x: 1\n')
    expect(av(['encrypt', '--vault-id', 'dev@pw2', 'f.yml'], d).rc).toBe(0)
    expect(tv(['view', '--vault-id', 'dev@pw2', 'f.yml'], { cwd: d }).stdout).toBe('x: 1\n')
  })
})

describe('tsible-vault', () => {
  it('encrypt and decrypt in place write mode 0600, as ansible-vault does; --output - prints', () => {
    const d = scratch()
    writeFileSync(join(d, 'f.yml'), 'k: v\n')
    chmodSync(join(d, 'f.yml'), 0o644)
    const e = tv(['encrypt', '--vault-password-file', 'pw', 'f.yml'], { cwd: d })
    expect(e.rc, e.stderr).toBe(0)
    expect(readFileSync(join(d, 'f.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n/)
    expect(mode(join(d, 'f.yml'))).toBe('600')
    expect(tv(['decrypt', '--vault-password-file', 'pw', '--output', '-', 'f.yml'], { cwd: d }).stdout).toBe('k: v\n')
    expect(tv(['decrypt', '--vault-password-file', 'pw', 'f.yml'], { cwd: d }).rc).toBe(0)
    expect(readFileSync(join(d, 'f.yml'), 'utf8')).toBe('k: v\n')
  })

  it('encrypt reads stdin and writes stdout with `-`', () => {
    const d = scratch()
    const r = tv(['encrypt', '--vault-password-file', 'pw', '--output', '-'], { cwd: d, input: 'from stdin\n' })
    expect(r.rc, r.stderr).toBe(0)
    expect(tv(['decrypt', '--vault-password-file', 'pw', '--output', '-'], { cwd: d, input: r.stdout }).stdout).toBe('from stdin\n')
  })

  it('rekey keeps mode, changes the secret and the vault id', () => {
    const d = scratch()
    writeFileSync(join(d, 'f.yml'), 'k: v\n')
    tv(['encrypt', '--vault-password-file', 'pw', 'f.yml'], { cwd: d })
    chmodSync(join(d, 'f.yml'), 0o640)
    const r = tv(['rekey', '--vault-password-file', 'pw', '--new-vault-id', 'new@pw2', 'f.yml'], { cwd: d })
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stderr).toBe('Rekey successful\n')
    expect(mode(join(d, 'f.yml'))).toBe('640')
    expect(readFileSync(join(d, 'f.yml'), 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;new')
    expect(tv(['view', '--vault-password-file', 'pw2', 'f.yml'], { cwd: d }).stdout).toBe('k: v\n')
    expect(tv(['view', '--vault-password-file', 'pw', 'f.yml'], { cwd: d }).rc).toBe(1)
  })

  it('edit: plaintext in a 0600 temporary file, removed afterwards; re-encrypted with the same id, mode kept; unchanged means untouched', () => {
    const d = scratch()
    writeFileSync(join(d, 'f.yml'), 'count: 1\n')
    tv(['encrypt', '--vault-id', 'lbl@pw', 'f.yml'], { cwd: d })
    chmodSync(join(d, 'f.yml'), 0o660)
    const log = join(d, 'editor.log')
    const editor = join(d, 'editor.sh')
    writeFileSync(editor, `#!/bin/sh\necho "$1 $(stat -c %a "$1") $(cat "$1")" > ${log}\nsed -i s/1/2/ "$1"\n`)
    chmodSync(editor, 0o755)
    const r = tv(['edit', '--vault-id', 'lbl@pw', 'f.yml'], { cwd: d, env: { EDITOR: editor } })
    expect(r.rc, r.stderr).toBe(0)
    const [tmp, tmpMode, ...content] = readFileSync(log, 'utf8').trim().split(' ')
    expect(tmpMode).toBe('600')
    expect(content.join(' ')).toBe('count: 1')
    expect(existsSync(tmp!)).toBe(false)
    expect(mode(join(d, 'f.yml'))).toBe('660')
    expect(readFileSync(join(d, 'f.yml'), 'utf8').split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;lbl')
    expect(tv(['view', '--vault-password-file', 'pw', 'f.yml'], { cwd: d }).stdout).toBe('count: 2\n')
    const before = readFileSync(join(d, 'f.yml'))
    expect(tv(['edit', '--vault-id', 'lbl@pw', 'f.yml'], { cwd: d, env: { EDITOR: 'true' } }).rc).toBe(0)
    expect(readFileSync(join(d, 'f.yml')).equals(before)).toBe(true)
  })

  it('create: a new file from the editor; an existing one is refused', () => {
    const d = scratch()
    const editor = join(d, 'editor.sh')
    writeFileSync(editor, '#!/bin/sh\necho "made: yes" > "$1"\n')
    chmodSync(editor, 0o755)
    const r = tv(['create', '--vault-password-file', 'pw', 'sub/new.yml'], { cwd: d, env: { EDITOR: editor } })
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stderr).toContain('[WARNING]: sub does not exist, creating...')
    expect(tv(['view', '--vault-password-file', 'pw', 'sub/new.yml'], { cwd: d }).stdout).toBe('made: yes\n')
    const again = tv(['create', '--vault-password-file', 'pw', 'sub/new.yml'], { cwd: d, env: { EDITOR: editor } })
    expect([again.rc, again.stderr]).toEqual([1, "ERROR! sub/new.yml exists, please use 'edit' instead\n"])
  })

  it('encrypt_string: names, stdin with --stdin-name, the delimiter comments, --output', () => {
    const d = scratch()
    const r = tv(['encrypt_string', '--vault-password-file', 'pw', '-n', 'a', '-n', 'b', 'one', 'two', 'three'], { cwd: d })
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stderr).toBe(
      'The number of --name options do not match the number of args.\nThe last named variable will be "b". The rest will not have names.\n' +
        '# The encrypted version of variable ("a", the string #1 from the command line args).\n' +
        '# The encrypted version of variable ("b", the string #2 from the command line args).\n' +
        '# The encrypted version of the string #3 from the command line args.)\n',
    )
    expect(r.stdout).toMatch(/^a: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n( {10}[0-9a-f]{1,80}\n)+b: !vault \|\n[\s\S]*\n!vault \|\n( {10}\S+\n)* {10}[0-9a-f]+$/)
    const s = tv(['encrypt_string', '--vault-password-file', 'pw', '--stdin-name', 'from_stdin', '--output', 'out.yml'], { cwd: d, input: 'piped' })
    expect(s.rc, s.stderr).toBe(0)
    expect(mode(join(d, 'out.yml'))).toBe('600')
    const playbook = join(d, 'pb.yml')
    writeFileSync(playbook, '- hosts: localhost\n  gather_facts: false\n  vars_files: [out.yml]\n  tasks:\n    - assert: {that: "from_stdin == \'piped\'"}\n')
    const p = spawnSync(process.execPath, [join(ROOT, 'bin/tsible-playbook.js'), '-i', 'localhost,', '-c', 'local', '--vault-password-file', 'pw', 'pb.yml'], { cwd: d, encoding: 'utf8', env: ENV })
    expect(p.status, p.stdout + p.stderr).toBe(0)
  })

  it('encrypt_string -p prompts for a name and a hidden string (an argument is encrypted too)', () => {
    const d = scratch()
    const r = tv(['encrypt_string', '--vault-password-file', 'pw', '-p', 'an-arg'], { cwd: d, input: 'myname\nhidden value\n' })
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stderr).toContain('Variable name (enter for no name): ')
    expect(r.stderr).toContain('String to encrypt (hidden): ')
    expect(r.stderr).toContain('# The encrypted version of variable ("myname", the string #1 from the interactive prompt).\n')
    expect(r.stdout).toMatch(/^myname: !vault \|/)
    const values = r.stdout.split(/^(?:myname: )?!vault \|\n/m).filter(Boolean).map((b) => new Vault([{ id: 'default', password: Buffer.from('hunter2') }]).decrypt(b.replace(/^ {10}/gm, '')).plaintext.toString())
    expect(values).toEqual(['hidden value', 'an-arg'])
  })

  it("ansible-vault's errors and exit codes", () => {
    const d = scratch()
    writeFileSync(join(d, 'plain'), 'x')
    const cases: [string[], number, string][] = [
      [['view', '--vault-password-file', 'pw', 'plain'], 1, 'ERROR! input is not vault encrypted data. plain is not a vault encrypted file for plain\n'],
      [['view', '--vault-password-file', 'pw', 'missing'], 1, "ERROR! Unable to read source file (missing): [Errno 2] No such file or directory: 'missing'\n"],
      [['encrypt_string', '--vault-password-file', 'pw', ''], 5, 'ERROR! The plaintext provided from the command line args was empty, not encrypting\n'],
      [['encrypt_string', '--vault-id', 'a;b@pw', 'x'], 5, "ERROR! 'a;b@pw' is not a valid vault id. The character ';' is not allowed in vault ids\n"],
      [['encrypt', '--vault-id', 'a@pw', '--vault-id', 'b@pw2', 'plain'], 5, 'ERROR! The vault-ids a,b are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id\n'],
      [['encrypt_string', '--vault-id', 'a@pw', '--vault-id', 'b@pw2', '--encrypt-vault-id', 'c', 'x'], 1, "ERROR! Did not find a match for --encrypt-vault-id=c in the known vault-ids ['a', 'b']\n"],
      [['decrypt', '--vault-password-file', 'pw', '--output', 'o', 'a', 'b'], 5, 'ERROR! At most one input file may be used with the --output option\n'],
      [['view', 'plain'], 1, 'Warning: Password input may be echoed.\nVault password: [WARNING]: Error in vault password prompt (default): EOFError (ctrl-d) on\nprompt for (default)\nERROR! EOFError (ctrl-d) on prompt for (default)\n'],
    ]
    for (const [args, rc, stderr] of cases) {
      const r = tv(args, { cwd: d })
      expect([r.rc, r.stderr], args.join(' ')).toEqual([rc, stderr])
    }
    const wrong = tv(['decrypt', '--vault-password-file', 'pw2', join(V, 'ansible-1.1.vault'), '--output', '-'], { cwd: d })
    expect(wrong.rc).toBe(1)
    expect(wrong.stderr).toBe(`ERROR! Decryption failed (no vault secrets were found that could decrypt) on ${join(V, 'ansible-1.1.vault')} for ${join(V, 'ansible-1.1.vault')}\n`)
  })
})
