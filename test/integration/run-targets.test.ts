/**
 * Integration targets: playbooks with `assert` tasks run by tsible-playbook on the local
 * connection. Every target was first checked with ansible-playbook 2.14 (the same
 * assertions pass there: scripts/check-integration-oracle.sh). A target may carry
 * `args` (extra command-line words, one per line) and `expect.yml` (exit code and
 * output fragments, for targets that must fail in a given way).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadYaml } from '../../src/yaml/load.js'

const ROOT = resolve(__dirname, '../..')
const TARGETS = join(__dirname, 'targets')
const emptyCfg = join(mkdtempSync(join(tmpdir(), 'tsible-it-')), 'ansible.cfg')
writeFileSync(emptyCfg, '')

interface Expect {
  rc?: number
  stdout_contains?: string[]
  stdout_excludes?: string[]
  stderr_contains?: string[]
}

describe('integration targets', () => {
  for (const name of readdirSync(TARGETS).sort()) {
    const dir = join(TARGETS, name)
    it(name, () => {
      const args = existsSync(join(dir, 'args')) ? readFileSync(join(dir, 'args'), 'utf8').split('\n').filter(Boolean) : []
      const exp = (existsSync(join(dir, 'expect.yml')) ? loadYaml(readFileSync(join(dir, 'expect.yml'), 'utf8')) : {}) as Expect
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/tsible-playbook.js'), '-i', 'inventory', ...args, 'playbook.yml'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_CONFIG: emptyCfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' },
      })
      const fill = (s: string) => s.replace(/@DIR@/g, dir)
      const context = `\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`
      expect(r.status, context).toBe(exp.rc ?? 0)
      for (const s of exp.stdout_contains ?? []) expect(r.stdout, context).toContain(fill(s))
      for (const s of exp.stdout_excludes ?? []) expect(r.stdout, context).not.toContain(fill(s))
      for (const s of exp.stderr_contains ?? []) expect(r.stderr, context).toContain(fill(s))
    })
  }
})
