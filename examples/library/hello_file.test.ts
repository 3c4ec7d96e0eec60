/**
 * The example module as users run it: the example playbook (examples/site.yml) finds
 * `hello_file` in `library/` beside it; a second run changes nothing; `--check --diff`
 * reports the change it would make without making it.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const EXAMPLES = join(ROOT, 'examples')

function play(outDir: string, ...extra: string[]): Record<string, { changed?: boolean; diff?: unknown }> {
  const cfg = join(outDir, 'ansible.cfg')
  writeFileSync(cfg, '')
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/tsible-playbook.js'), '-i', 'inventory.ini', 'site.yml', '-e', `out_dir=${outDir}`, ...extra], {
    cwd: EXAMPLES,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: cfg, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' },
  })
  expect(r.status, r.stderr).toBe(0)
  const doc = JSON.parse(r.stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, { changed?: boolean; diff?: unknown }> }[] }[] }
  const task = doc.plays[0].tasks.find((t) => t.task.name === 'Greet with the custom TypeScript module in library/')
  return task!.hosts
}

it('runs the example module from library/, idempotent and check-mode safe', () => {
  const out = mkdtempSync(join(tmpdir(), 'tsible-example-'))
  const first = play(out)
  expect(first.web1.changed).toBe(true)
  expect(readFileSync(join(out, 'web1/hello.txt'), 'utf8')).toBe('Hello, web1!\n')
  expect(readFileSync(join(out, 'web2/hello.txt'), 'utf8')).toBe('Hello, web2!\n')
  expect(play(out).web1.changed).toBe(false)

  writeFileSync(join(out, 'web1/hello.txt'), 'old\n')
  const checked = play(out, '--check', '--diff')
  expect(checked.web1.changed).toBe(true)
  expect(checked.web1.diff).toEqual({ before: 'old\n', after: 'Hello, web1!\n' })
  expect(readFileSync(join(out, 'web1/hello.txt'), 'utf8')).toBe('old\n')
})
