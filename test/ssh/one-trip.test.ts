/**
 * One round trip per task over SSH: copy, template and file (directory with missing
 * parents, file, link, absent, touch) with become each send their stats, checksum,
 * changes and the result's stat as one request, whether they change something, change
 * nothing, or run in check mode. Counted by tsible-playbook itself (TSIBLE_STATS=1); the
 * host is this machine, so the files are checked with Node's fs.
 */
import { spawn } from 'node:child_process'
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runPlaybook } from '../helpers/run-playbook.js'
import { knownHostsLine } from '../helpers/sshd.js'
import { useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
let dir: string
let out: string

const PLAYBOOK = `- hosts: all
  gather_facts: false
  become: true
  vars:
    v: 1
  tasks:
    - file: { path: "{{ out }}/a/b/c", state: directory, mode: "0750", owner: tsible-test }
    - copy: { content: "copy {{ v }}\\n", dest: "{{ out }}/a/copy", mode: "0640", owner: tsible-test }
    - template: { src: t.j2, dest: "{{ out }}/a/tpl", mode: "0600" }
    - file: { path: "{{ out }}/a/tpl", state: file, owner: tsible-test }
    - file: { path: "{{ out }}/a/link", src: copy, state: link }
    - file: { path: "{{ out }}/a/gone", state: absent }
    - file: { path: "{{ out }}/a/touched", state: touch, mode: "0604" }
`
const TASKS = 7

beforeAll(() => {
  const l = lab()
  dir = mkdtempSync(join(l.dir, 'one-trip-'))
  out = mkdtempSync('/tmp/tsible-one-trip-')
  const user = l.users.noPassword.name
  writeFileSync(join(dir, 'inventory'), `h1 ansible_host=127.0.0.1 ansible_port=${l.hosts[0].port} ansible_user=${user} ansible_ssh_private_key_file=${l.clientKeyFile}\n`)
  writeFileSync(join(dir, 'site.yml'), PLAYBOOK)
  mkdirSync(join(dir, 'templates'))
  writeFileSync(join(dir, 'templates/t.j2'), 'template {{ v }} on {{ inventory_hostname }}\n')
  writeFileSync(join(dir, 'ansible.cfg'), '')
  mkdirSync(join(dir, 'home/.ssh'), { recursive: true })
  writeFileSync(join(dir, 'home/.ssh/known_hosts'), `${knownHostsLine(l.hosts[0])}\n`)
})
afterAll(() => {
  // The files are root's: leave the removal to a root process.
  spawn('rm', ['-rf', out])
})

interface Run {
  rc: number
  stats: Record<string, number>
  changed: string[]
  roundTrips: number
  stderr: string
}

async function run(args: string[] = []): Promise<Run> {
  const r = await runPlaybook(dir, ['-e', `out=${out}`, ...args], { env: { TSIBLE_STATS: '1' } })
  try {
    const j = JSON.parse(r.stdout) as { plays: { tasks: { task: { name: string }; hosts: Record<string, { changed?: boolean }> }[] }[]; stats: Record<string, Record<string, number>> }
    const changed = j.plays[0].tasks.flatMap((t, i) => (t.hosts.h1?.changed ? [`${i + 1} ${t.task.name}`] : []))
    const trips = /(\d+) ssh round trips/.exec(r.stderr)
    return { rc: r.rc, stats: j.stats.h1, changed, roundTrips: trips ? Number(trips[1]) : NaN, stderr: r.stderr }
  } catch {
    throw new Error(`no json output (rc ${r.rc}):\n${r.stderr}\n${r.stdout}`)
  }
}

const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0')
const owner = (p: string): number => statSync(p).uid

describe('one round trip per task', () => {
  it('makes everything in one request per task, changes nothing the second time, and writes nothing in check mode', async () => {
    const testUid = Number(readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${lab().users.withPassword.name}:`))!.split(':')[2])
    const first = await run()
    expect(first.rc, first.stderr).toBe(0)
    expect(first.changed).toEqual(['1 file', '2 copy', '3 template', '4 file', '5 file', '7 file'])
    expect(first.roundTrips).toBe(TASKS)
    // Missing parents are made with the attributes, as Ansible does.
    for (const p of ['a', 'a/b', 'a/b/c']) expect([mode(join(out, p)), owner(join(out, p))]).toEqual(['0750', testUid])
    expect(readFileSync(join(out, 'a/copy'), 'utf8')).toBe('copy 1\n')
    expect([mode(join(out, 'a/copy')), owner(join(out, 'a/copy'))]).toEqual(['0640', testUid])
    expect(readFileSync(join(out, 'a/tpl'), 'utf8')).toBe('template 1 on h1\n')
    expect([mode(join(out, 'a/tpl')), owner(join(out, 'a/tpl'))]).toEqual(['0600', testUid])
    expect(readlinkSync(join(out, 'a/link'))).toBe('copy')
    expect(lstatSync(join(out, 'a/touched')).isFile()).toBe(true)
    expect(mode(join(out, 'a/touched'))).toBe('0604')

    const second = await run()
    expect(second.rc, second.stderr).toBe(0)
    // touch always changes (its times); nothing else does.
    expect(second.changed).toEqual(['7 file'])
    expect(second.roundTrips).toBe(TASKS)

    const check = await run(['--check', '-e', 'v=2'])
    expect(check.rc, check.stderr).toBe(0)
    expect(check.changed).toEqual(['2 copy', '3 template', '7 file'])
    expect(check.roundTrips).toBe(TASKS)
    expect(readFileSync(join(out, 'a/copy'), 'utf8')).toBe('copy 1\n')
    expect(readFileSync(join(out, 'a/tpl'), 'utf8')).toBe('template 1 on h1\n')

    const third = await run(['-e', 'v=2'])
    expect(third.rc, third.stderr).toBe(0)
    expect(third.changed).toEqual(['2 copy', '3 template', '7 file'])
    expect(third.roundTrips).toBe(TASKS)
    expect(readFileSync(join(out, 'a/copy'), 'utf8')).toBe('copy 2\n')
    expect(readFileSync(join(out, 'a/tpl'), 'utf8')).toBe('template 2 on h1\n')
    // The rewritten files kept what the tasks ask for.
    expect([mode(join(out, 'a/copy')), owner(join(out, 'a/copy'))]).toEqual(['0640', testUid])
    expect([mode(join(out, 'a/tpl')), owner(join(out, 'a/tpl'))]).toEqual(['0600', testUid])
  }, 300_000)
})
