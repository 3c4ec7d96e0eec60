/**
 * A task's keywords are templated once per host (see keywords-once/playbook.yml), with a
 * user's filter counting each templating. Not an oracle-checked target: ansible-playbook
 * loads Python plugins, not these.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

it("a task's keywords are templated once per host, whoever reads them", () => {
  const cfg = join(mkdtempSync(join(tmpdir(), 'tsible-ko-')), 'ansible.cfg')
  writeFileSync(cfg, '')
  const dir = join(__dirname, 'keywords-once')
  const r = spawnSync(process.execPath, [resolve(__dirname, '../../bin/tsible-playbook.js'), '-i', 'inventory', 'playbook.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' },
  })
  const out = `${r.stdout}\n${r.stderr}`
  expect(r.status, out).toBe(0)
  expect(r.stdout, out).toMatch(/h1 +: ok=4 +changed=2 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
  expect(r.stdout, out).toMatch(/h2 +: ok=2 +changed=2 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
})
