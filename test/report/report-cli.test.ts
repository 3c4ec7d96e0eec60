/**
 * `--report`, `--secret-vars` and `--detailed-exitcode` through tsible-playbook on a small
 * playbook (local connection, real files): what is masked where (values of a vars file
 * marked secret, vault values and what no_log tasks set, in the report and on the
 * terminal, with the rest of each line kept), the exit codes CI reads, and the errors.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'

const BIN = resolve(__dirname, '../../bin/tsible-playbook.js')
const DB_PASSWORD = 'db-Pa55word-4711'
const TOKEN = 'tok-9f8e7d6c5b4a'

let dir: string

function run(args: string[], env: Record<string, string> = {}): { rc: number; out: string } {
  const r = spawnSync(process.execPath, [BIN, '-i', 'inv', ...args, 'site.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ...env },
  })
  return { rc: r.status ?? -1, out: r.stdout + r.stderr }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsible-report-'))
  writeFileSync(join(dir, 'inv'), 'web1 ansible_connection=local\nweb2 ansible_connection=local\n')
  writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nretry_files_enabled = False\n')
  writeFileSync(join(dir, 'secrets.yml'), `db_password: ${DB_PASSWORD}\n`)
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: all
  gather_facts: false
  vars_files: [secrets.yml]
  tasks:
    - name: A token, set without being shown
      set_fact:
        api_token: "${TOKEN}"
      no_log: true
    - name: Write the service config
      copy:
        dest: "${dir}/{{ inventory_hostname }}.conf"
        content: |
          connection = mysql://app:{{ db_password }}@10.0.0.5/app
          token = {{ api_token }}
          debug = {{ debug | default(false) }}
      notify: Restart app
    - name: Fail on one host
      fail:
        msg: "cannot reach mysql://app:{{ db_password }}@10.0.0.5"
      when: fail_on is defined and inventory_hostname == fail_on
  handlers:
    - name: Restart app
      debug:
        msg: restarting
`,
  )
})

describe('--report and --secret-vars', () => {
  it('masks the marked values and what no_log set, in the report and on the terminal, keeping the rest of the line', () => {
    expect(run([]).rc).toBe(0)
    const r = run(['--check', '-e', 'debug=true', '--report', 'plan.md', '--secret-vars', '@secrets.yml'])
    expect(r.rc, r.out).toBe(0)
    const md = readFileSync(join(dir, 'plan.md'), 'utf8')
    for (const text of [md, r.out]) {
      expect(text).not.toContain(DB_PASSWORD)
      expect(text).not.toContain(TOKEN)
      expect(text).toContain(' connection = mysql://app:********@10.0.0.5/app\n token = ********\n-debug = False\n+debug = true\n')
    }
    expect(md).toContain('### `' + join(dir, 'web1.conf') + '`')
    expect(md).toContain('- `Restart app`: ok on 2 hosts (web1, web2), notified by `Write the service config`')
    // Unmarked, the vars file's value is shown as Ansible shows it (what the marking hides).
    const plain = run(['--check', '--diff', '-e', 'debug=true'])
    expect(plain.out).toContain(`connection = mysql://app:${DB_PASSWORD}@10.0.0.5/app`)
  })

  it('takes the secret vars from TSIBLE_SECRET_VARS, and records a real run', () => {
    const r = run(['-e', 'fail_on=web2', '--report', 'run.json'], { TSIBLE_SECRET_VARS: join(dir, 'secrets.yml') })
    expect(r.rc, r.out).toBe(2)
    expect(r.out).not.toContain(DB_PASSWORD)
    const report = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))
    expect(report.mode).toBe('run')
    expect(report.failures).toEqual([
      { task: 'Fail on one host', path: `${join(dir, 'site.yml')}:17`, msg: 'cannot reach mysql://app:********@10.0.0.5', ignored: false, unreachable: false, hosts: ['web2'] },
    ])
    expect(report.files.map((f: { path: string; hosts: string[] }) => [f.path, f.hosts])).toEqual([
      [join(dir, 'web1.conf'), ['web1']],
      [join(dir, 'web2.conf'), ['web2']],
    ])
    expect(report.handlers).toEqual([
      { name: 'Restart app', status: 'notified', notified_by: ['Write the service config'], hosts: ['web2'] },
      { name: 'Restart app', status: 'ok', notified_by: ['Write the service config'], hosts: ['web1'] },
    ])
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).not.toContain(DB_PASSWORD)
  })

  it('masks vault values on a dry run terminal', () => {
    writeFileSync(join(dir, 'pass'), 'vault secret\n')
    const enc = spawnSync(process.execPath, [resolve(__dirname, '../../bin/tsible-vault.js'), 'encrypt', '--vault-password-file', 'pass', 'secrets.yml'], { cwd: dir, encoding: 'utf8' })
    expect(enc.status, enc.stderr).toBe(0)
    const r = run(['--check', '--diff', '--vault-password-file', 'pass'])
    expect(r.rc, r.out).toBe(0)
    expect(r.out).not.toContain(DB_PASSWORD)
    expect(r.out).toContain('+connection = mysql://app:********@10.0.0.5/app')
  })

  it('refuses a report file of another format before running, and a missing secret vars file', () => {
    const bad = run(['--report', 'plan.txt'])
    expect(bad.rc).toBe(5)
    expect(bad.out).toContain("ERROR! --report plan.txt: the report's format comes from its extension: .json, .md or .markdown (got '.txt')")
    expect(existsSync(join(dir, 'web1.conf'))).toBe(false)
    const missing = run(['--secret-vars', '@nope.yml'])
    expect(missing.rc).toBe(5)
    expect(missing.out).toContain('ERROR! the secret vars file nope.yml could not be found')
  })
})

describe('--detailed-exitcode', () => {
  it('is 2 for changes, 0 for none, 1 for a failed host and for a usage error', () => {
    expect(run(['--check', '--detailed-exitcode']).rc).toBe(2)
    expect(run(['--detailed-exitcode']).rc).toBe(2)
    expect(run(['--check', '--detailed-exitcode']).rc).toBe(0)
    expect(run(['--check', '--detailed-exitcode', '-e', 'fail_on=web1']).rc).toBe(1)
    expect(run(['--check', '-e', 'fail_on=web1']).rc).toBe(2)
    const usage = spawnSync(process.execPath, [BIN, '--detailed-exitcode', '--no-such-option'], { cwd: dir, encoding: 'utf8' })
    expect(usage.status).toBe(1)
  })
})
