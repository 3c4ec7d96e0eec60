/**
 * Runs tsible-playbook on `playbook.yml` with `-i inventory` in a directory, with an empty
 * ansible.cfg and the default callback without colour (for tests that read its output).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export function runPlaybookDir(dir: string): SpawnSyncReturns<string> {
  const cfg = join(mkdtempSync(join(tmpdir(), 'tsible-pb-')), 'ansible.cfg')
  writeFileSync(cfg, '')
  return spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/tsible-playbook.js'), '-i', 'inventory', 'playbook.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default' },
  })
}
