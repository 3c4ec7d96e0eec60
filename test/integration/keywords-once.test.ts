/**
 * A task's keywords are templated once per host (see keywords-once/playbook.yml), with a
 * user's filter counting each templating. Not an oracle-checked target: ansible-playbook
 * loads Python plugins, not these.
 */
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runPlaybookDir } from '../helpers/run-playbook-dir.js'

it("a task's keywords are templated once per host, whoever reads them", () => {
  const r = runPlaybookDir(join(__dirname, 'keywords-once'))
  const out = `${r.stdout}\n${r.stderr}`
  expect(r.status, out).toBe(0)
  expect(r.stdout, out).toMatch(/h1 +: ok=4 +changed=2 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
  expect(r.stdout, out).toMatch(/h2 +: ok=2 +changed=2 +unreachable=0 +failed=0 +skipped=0 +rescued=0 +ignored=1/)
})
