/**
 * Users' filter and test plugins loaded from beside the playbook (JavaScript here; the
 * same path loads TypeScript through tsx): see user-plugins/playbook.yml for what it pins.
 * Not an oracle-checked target: ansible-playbook loads Python plugins, not these.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

it("users' filters and tests work, are not reused across tasks, and change only copies", () => {
  const cfg = join(mkdtempSync(join(tmpdir(), 'tsible-up-')), 'ansible.cfg')
  writeFileSync(cfg, '')
  const dir = join(__dirname, 'user-plugins')
  const r = spawnSync(process.execPath, [resolve(__dirname, '../../bin/tsible-playbook.js'), '-i', 'inventory', 'playbook.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' },
  })
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
  expect(r.stdout).toContain('ok=5')
  expect(r.stdout).toContain('failed=0')
})
