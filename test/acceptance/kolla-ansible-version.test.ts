/**
 * kolla master's prechecks require ansible-core 2.19 or later: with tsible's own version
 * (2.14) the check fails as it does under ansible-core 2.14; a site that declares the
 * version its tree expects (`[tsible] ansible_version` or TSIBLE_ANSIBLE_VERSION) passes it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const PRECHECKS = resolve(import.meta.dirname, '../../../shared/corpus/kolla-ansible-master/ansible/roles/prechecks')

function run(cfgText: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kolla-version-'))
  writeFileSync(join(dir, 'ansible.cfg'), cfgText)
  writeFileSync(join(dir, 'inventory'), 'localhost ansible_connection=local\n[baremetal]\n')
  writeFileSync(
    join(dir, 'playbook.yml'),
    `- hosts: localhost\n  gather_facts: false\n  vars_files: [${PRECHECKS}/vars/main.yml]\n  tasks:\n    - include_tasks: ${PRECHECKS}/tasks/package_checks.yml\n`,
  )
  return spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/tsible-playbook.js'), '-i', 'inventory', 'playbook.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default', ...env },
  })
}

describe("kolla master's Ansible version precheck", () => {
  it('fails with the version tsible is compatible with', () => {
    const r = run('')
    expect(r.status).toBe(2)
    expect(r.stdout).toContain('Ansible version should be between 2.19 and 2.20. Current version is 2.14.18 which is not supported.')
  }, 120_000)

  it('passes with the version the site declares, in ansible.cfg or the environment', () => {
    const r = run('[tsible]\nansible_version = 2.19.2\n')
    expect(r.stdout).toContain('ok: [localhost] => {\n    "changed": false,\n    "msg": "All assertions passed"\n}')
    expect(r.status).toBe(0)
    expect(run('', { TSIBLE_ANSIBLE_VERSION: '2.20.0' }).status).toBe(0)
    expect(run('', { TSIBLE_ANSIBLE_VERSION: '2.21.0' }).status).toBe(2)
  }, 240_000)
})
