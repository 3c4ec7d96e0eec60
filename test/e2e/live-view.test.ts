/**
 * The live view: on a terminal (a real pseudo-terminal, made by util-linux's script(1)),
 * a status line with the current task and its hosts done and running is kept under the
 * output and erased each time; what remains is the same text as when stdout is a pipe,
 * and a pipe gets no status line at all.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { shellJoin } from '../../src/connection/types.js'

const ROOT = resolve(__dirname, '../..')
const hasScript = spawnSync('sh', ['-c', 'command -v script']).status === 0

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-live-'))
  writeFileSync(join(dir, 'inventory'), 'h1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n')
  writeFileSync(join(dir, 'ansible.cfg'), '')
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: all
  gather_facts: false
  tasks:
    - name: slow
      command: "sleep {{ 2.5 if inventory_hostname == 'h3' else 0 }}"
    - name: broken
      fail: { msg: no }
      when: inventory_hostname == 'h2'
    - name: after
      command: sleep 0.5
`,
  )
  return dir
}

const argv = (dir: string): string[] => [process.execPath, join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), '-i', join(dir, 'inventory'), join(dir, 'site.yml')]
const env = (dir: string): NodeJS.ProcessEnv => ({ ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', COLUMNS: '100' })

it.skipIf(!hasScript)('shows a status line on a terminal, and leaves the same text as a pipe gets', () => {
  const dir = project()
  const piped = spawnSync(argv(dir)[0], argv(dir).slice(1), { cwd: dir, env: env(dir), encoding: 'utf8' })
  expect(piped.status).toBe(2)
  expect(piped.stdout).not.toContain('\x1b')
  expect(piped.stdout).not.toContain('[live')
  // script -e: its exit status is the command's; -f: no buffering; the typescript goes nowhere.
  const tty = spawnSync('script', ['-qfec', shellJoin(argv(dir)), '/dev/null'], { cwd: dir, env: env(dir), encoding: 'utf8' })
  expect(tty.status).toBe(2)
  const out = tty.stdout.replace(/\r\n/g, '\n')
  // The slow host keeps the first task running past the one-second tick.
  expect(out).toMatch(/\[live [12]s\] TASK \[slow\] 2\/3 done, 1 running\r\x1b\[K/)
  expect(out).toMatch(/\| 1 hosts failed or unreachable\r\x1b\[K/)
  // Every status line is erased: without them, the text is the piped one.
  expect(out.replace(/\[live [^\r\n]*\r\x1b\[K/g, '')).toBe(piped.stdout)
}, 60_000)
