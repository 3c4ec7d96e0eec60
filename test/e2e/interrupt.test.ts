/**
 * Ctrl-C: tsible-playbook stops before the next task, says so as ansible-playbook does
 * ("[ERROR]: User interrupted execution", exit code 99) and leaves no half-written file.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')

it('stops on SIGINT before the next task, with exit code 99', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-intr-'))
  writeFileSync(join(dir, 'inventory'), 'h1 ansible_connection=local\nh2 ansible_connection=local\n')
  writeFileSync(join(dir, 'ansible.cfg'), '')
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: all
  gather_facts: false
  tasks:
    - copy: { content: "first", dest: "${dir}/{{ inventory_hostname }}-1" }
    - shell: "touch ${dir}/{{ inventory_hostname }}-started; sleep 2"
    - copy: { content: "never", dest: "${dir}/{{ inventory_hostname }}-3" }
`,
  )
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), '-i', 'inventory', 'site.yml'], {
    cwd: dir,
    env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1' },
  })
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)))
  const deadline = Date.now() + 30_000
  while (!(existsSync(join(dir, 'h1-started')) && existsSync(join(dir, 'h2-started'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  child.kill('SIGINT')
  expect(await done).toBe(99)
  expect(stderr).toContain('[ERROR]: User interrupted execution')
  expect(readdirSync(dir).sort()).toEqual(['ansible.cfg', 'h1-1', 'h1-started', 'h2-1', 'h2-started', 'inventory', 'site.yml'])
}, 60_000)
