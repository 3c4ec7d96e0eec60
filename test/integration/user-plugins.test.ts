/**
 * Users' filter and test plugins loaded from beside the playbook (JavaScript here; the
 * same path loads TypeScript through tsx): see user-plugins/playbook.yml for what it pins.
 * Not an oracle-checked target: ansible-playbook loads Python plugins, not these.
 */
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runPlaybookDir } from '../helpers/run-playbook-dir.js'

it("users' filters and tests work, are not reused across tasks, and change only copies", () => {
  const r = runPlaybookDir(join(__dirname, 'user-plugins'))
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0)
  expect(r.stdout).toContain('ok=5')
  expect(r.stdout).toContain('failed=0')
})
