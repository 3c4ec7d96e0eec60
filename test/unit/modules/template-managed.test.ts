/**
 * The ansible_managed setting as ansible-playbook 2.14 renders it in the template module
 * and the template lookup: the default, an ansible.cfg value with {file}, {uid}, {host},
 * str.format's escapes and specs and time.strftime's conversions (of the template's mtime,
 * in local time), and Python's exception when the value does not format. Recorded by
 * template-managed.py; tsible-playbook runs the same playbook the same way here.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../../..')

interface Case {
  name: string
  ansible_managed: string | null
  rc: number
  msgs: Record<string, string | null>
  written: string | null
}

const recorded = JSON.parse(readFileSync(join(__dirname, 'template-managed.json'), 'utf8')) as { template: string; playbook: string; mtime: number; cases: Case[] }

it.each(recorded.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-managed-'))
  mkdirSync(join(dir, 'templates'))
  const template = join(dir, 'templates', 'm.j2')
  writeFileSync(template, recorded.template)
  utimesSync(template, recorded.mtime, recorded.mtime)
  writeFileSync(join(dir, 'playbook.yml'), recorded.playbook)
  writeFileSync(join(dir, 'ansible.cfg'), `[defaults]\n${c.ansible_managed === null ? '' : `ansible_managed = ${c.ansible_managed}\n`}`)
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), 'playbook.yml'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1' },
  })
  expect(r.status, r.stderr).toBe(c.rc)
  const { username } = userInfo()
  const norm = (s: string | null | undefined) =>
    s === null || s === undefined
      ? null
      : s.split(dir).join('@DIR@').split(`on ${hostname()}]`).join('on @HOST@]').split(`by ${username} `).join('by @UID@ ').split(`uid=${username} `).join('uid=@UID@ ')
  const doc = JSON.parse(r.stdout) as { plays: { tasks: { task: { name: string }; hosts: { localhost: { msg?: string } } }[] }[] }
  const msgs = Object.fromEntries(doc.plays[0].tasks.map((t) => [t.task.name, norm(t.hosts.localhost.msg)]))
  expect(msgs).toEqual(c.msgs)
  const out = join(dir, 'out.txt')
  expect(norm(existsSync(out) ? readFileSync(out, 'utf8') : null)).toBe(c.written)
})
