/**
 * tsible-playbook over real SSH (sshd instances on loopback ports started by the test):
 * one connection per host for the whole run, key auth, sudo become with and without a
 * password, unreachable hosts (refused, wrong host key) reported as Ansible does with exit
 * code 4 while the other hosts go on, a host whose session dies mid-task, and the rolling
 * semantics of serial batches, max_fail_percentage and any_errors_fatal.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { killSessions, knownHostsLine, sshdCounts, type SshdLab } from '../helpers/sshd.js'
import { useSshdLab } from '../helpers/sshd-fixture.js'
import { runPlaybook } from '../helpers/run-playbook.js'

const lab = useSshdLab(3)

interface Run {
  rc: number
  stdout: string
  stderr: string
}

interface HostLine {
  name: string
  host: number
  user?: string
  vars?: string
}

/** A project directory: inventory, playbook, and a HOME whose known_hosts knows the lab. */
function project(l: SshdLab, hosts: HostLine[], playbook: string, knownHosts?: string[]): string {
  const dir = mkdtempSync(join(l.dir, 'project-'))
  const lines = hosts.map(
    (h) =>
      `${h.name} ansible_host=127.0.0.1 ansible_port=${l.hosts[h.host].port} ansible_user=${h.user ?? 'root'} ansible_ssh_private_key_file=${l.clientKeyFile}${h.vars ? ` ${h.vars}` : ''}`,
  )
  writeFileSync(join(dir, 'inventory'), `[targets]\n${lines.join('\n')}\n`)
  writeFileSync(join(dir, 'site.yml'), playbook)
  writeFileSync(join(dir, 'ansible.cfg'), '')
  mkdirSync(join(dir, 'home/.ssh'), { recursive: true })
  writeFileSync(join(dir, 'home/.ssh/known_hosts'), `${(knownHosts ?? l.hosts.map((h) => knownHostsLine(h))).join('\n')}\n`)
  return dir
}

/** Runs tsible-playbook (sources through tsx) in `dir`, optionally doing something while it runs. */
function run(dir: string, args: string[] = [], during?: (child: { stdout: () => string }) => Promise<void>): Promise<Run> {
  return runPlaybook(dir, args, { during })
}

interface JsonRun {
  plays: { play: { name: string }; tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[] }[]
  stats: Record<string, Record<string, number>>
}

function parse(r: Run): JsonRun {
  try {
    return JSON.parse(r.stdout) as JsonRun
  } catch {
    throw new Error(`no json output (rc ${r.rc}):\n${r.stderr}\n${r.stdout}`)
  }
}

/** task name → host → status, batch by batch (a task run in several batches appears once per batch). */
function statuses(j: JsonRun): [string, Record<string, string>][] {
  const status = (r: Record<string, unknown>) =>
    r.unreachable ? 'unreachable' : r.skipped ? 'skipped' : r.failed ? 'failed' : r.changed ? 'changed' : 'ok'
  return j.plays.flatMap((p) => p.tasks.map((t) => [t.task.name, Object.fromEntries(Object.entries(t.hosts).map(([h, r]) => [h, status(r)]))] as [string, Record<string, string>]))
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('tsible-playbook over SSH', () => {
  it('runs every task of a host over one connection, with key auth', async () => {
    const l = lab()
    const before = l.hosts.map((h) => sshdCounts(h).connections)
    const dir = project(
      l,
      [0, 1, 2].map((i) => ({ name: `h${i}`, host: i })),
      `- hosts: all
  gather_facts: false
  tasks:
    - command: hostname
    - copy: { content: "{{ inventory_hostname }}\\n", dest: "/tmp/tsible-ssh-{{ inventory_hostname }}-${Date.now()}" }
    - shell: echo "$((1 + 2))"
      register: sum
    - assert: { that: [ "sum.stdout == '3'" ] }
    - file: { path: "/tmp", state: directory }
`,
    )
    const r = await run(dir)
    expect(r.rc, r.stderr).toBe(0)
    const j = parse(r)
    expect(Object.keys(j.stats).sort()).toEqual(['h0', 'h1', 'h2'])
    for (const s of Object.values(j.stats)) expect(s).toMatchObject({ failures: 0, unreachable: 0, changed: 3 })
    expect(l.hosts.map((h, i) => sshdCounts(h).connections - before[i])).toEqual([1, 1, 1])
  })

  it('becomes root with sudo: NOPASSWD, and with ansible_become_password; a missing password fails as Ansible says', async () => {
    const l = lab()
    const dir = project(
      l,
      [
        { name: 'nopw', host: 0, user: l.users.noPassword.name },
        { name: 'pw', host: 1, user: l.users.withPassword.name },
        { name: 'missing', host: 2, user: l.users.withPassword.name },
      ],
      `- hosts: all
  gather_facts: false
  tasks:
    - command: id -un
      become: true
      register: who
    - assert: { that: [ "who.stdout == 'root'" ] }
`,
    )
    // The password (quote, $ and space included) comes from host_vars, as YAML keeps it exact.
    mkdirSync(join(dir, 'host_vars'))
    writeFileSync(join(dir, 'host_vars/pw.yml'), `ansible_become_password: ${JSON.stringify(l.users.withPassword.password)}\n`)
    const r = await run(dir)
    expect(r.rc).toBe(2)
    const j = parse(r)
    const first = j.plays[0].tasks[0].hosts
    expect(first.nopw).toMatchObject({ stdout: 'root' })
    expect(first.pw).toMatchObject({ stdout: 'root' })
    expect(first.missing).toMatchObject({ failed: true, msg: 'Missing sudo password' })
    expect(j.stats.nopw.failures).toBe(0)
    expect(j.stats.missing.failures).toBe(1)
  })

  it('reports a refused connection and a changed host key as UNREACHABLE (exit 4) while the other host goes on', async () => {
    const l = lab()
    const wrongKey = `[127.0.0.1]:${l.hosts[1].port} ${l.hosts[0].hostPublicKey}`
    const dir = project(
      l,
      [
        { name: 'good', host: 0 },
        { name: 'badkey', host: 1 },
        { name: 'refused', host: 2, vars: 'ansible_port=1' },
      ],
      `- hosts: all
  gather_facts: false
  tasks:
    - command: "true"
    - command: "true"
`,
      [knownHostsLine(l.hosts[0]), wrongKey],
    )
    const r = await run(dir)
    expect(r.rc).toBe(4)
    const j = parse(r)
    const t = j.plays[0].tasks
    expect(t[0].hosts.refused).toMatchObject({ unreachable: true, msg: 'Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused' })
    expect(t[0].hosts.badkey.unreachable).toBe(true)
    expect(String(t[0].hosts.badkey.msg)).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED')
    expect(Object.keys(t[1].hosts)).toEqual(['good'])
    expect(j.stats.good).toMatchObject({ ok: 2, unreachable: 0 })
    expect(j.stats.refused.unreachable).toBe(1)
  })

  it('a host whose session dies mid-task is unreachable for that task, and the others finish', async () => {
    const l = lab()
    const marker = mkdtempSync(join(l.dir, 'marker-'))
    const dir = project(
      l,
      [
        { name: 'steady', host: 0 },
        { name: 'dies', host: 1 },
      ],
      `- hosts: all
  gather_facts: false
  tasks:
    - shell: "touch ${marker}/{{ inventory_hostname }}; sleep 4"
    - command: "true"
`,
    )
    const r = await run(dir, [], async () => {
      const deadline = Date.now() + 30_000
      while (!existsSync(join(marker, 'dies')) && Date.now() < deadline) await sleep(20)
      expect(killSessions(l.hosts[1])).toBeGreaterThan(0)
    })
    expect(r.rc).toBe(4)
    const j = parse(r)
    expect(j.plays[0].tasks[0].hosts.dies.unreachable).toBe(true)
    expect(statuses(j)[1]).toEqual(['command', { steady: 'changed' }])
    expect(readdirSync(marker).sort()).toEqual(['dies', 'steady'])
  })

  it('serial [1, 2, "100%"] runs batches in order; max_fail_percentage 0 ends the play after a failing batch', async () => {
    const l = lab()
    const hosts = ['a', 'b', 'c', 'd', 'e'].map((name, i) => ({ name, host: i % 3 }))
    const dir = project(
      l,
      hosts,
      `- hosts: all
  gather_facts: false
  serial: [1, 2, "100%"]
  max_fail_percentage: 0
  tasks:
    - name: step
      command: "true"
      changed_when: false
    - name: fail on c
      fail: { msg: boom }
      when: inventory_hostname == 'c'
`,
    )
    const r = await run(dir)
    expect(r.rc).toBe(2)
    const s = statuses(parse(r))
    expect(s).toEqual([
      ['step', { a: 'ok' }],
      ['fail on c', { a: 'skipped' }],
      ['step', { b: 'ok', c: 'ok' }],
      ['fail on c', { b: 'skipped', c: 'failed' }],
    ])
  })

  it('serial "30%" makes batches of int(30% of the hosts), at least 1; any_errors_fatal stops every host of the batch', async () => {
    const l = lab()
    const hosts = ['a', 'b', 'c', 'd', 'e', 'f'].map((name, i) => ({ name, host: i % 3 }))
    const dir = project(
      l,
      hosts,
      `- hosts: all
  gather_facts: false
  serial: "30%"
  tasks:
    - name: step
      command: "true"
      changed_when: false
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: fail on b
      fail: { msg: boom }
      when: inventory_hostname == 'b'
    - name: never
      command: "true"
`,
    )
    const r = await run(dir)
    expect(r.rc).toBe(2)
    const s = statuses(parse(r))
    expect(s.slice(0, 3)).toEqual([
      ['step', { a: 'ok' }],
      ['step', { b: 'ok' }],
      ['step', { c: 'ok' }],
    ])
    expect(s.length).toBe(7)
    expect(s[6][0]).toBe('fail on b')
    expect(s[6][1].b).toBe('failed')
  })
  it("serial: the next batch's hosts connect while the current batch runs, and the output is as without", async () => {
    const l = lab()
    const dir = project(
      l,
      [0, 1].map((i) => ({ name: `h${i}`, host: i })),
      `- hosts: all
  gather_facts: false
  serial: 1
  tasks:
    - name: work
      shell: "sleep 2; touch {{ playbook_dir }}/{{ inventory_hostname }}-done"
`,
    )
    const before = sshdCounts(l.hosts[1]).connections
    let connectedDuringFirstBatch: boolean | undefined
    const r = await run(dir, [], async () => {
      // Until h1's sshd accepts a login: had h0's task (the first batch) not ended yet?
      // (The lab's hosts are sshd instances on this machine: h0's file is visible here.)
      for (let i = 0; i < 400 && connectedDuringFirstBatch === undefined; i++) {
        if (sshdCounts(l.hosts[1]).connections > before) connectedDuringFirstBatch = !existsSync(join(dir, 'h0-done'))
        else await sleep(25)
      }
    })
    expect(r.rc, r.stderr).toBe(0)
    expect(connectedDuringFirstBatch).toBe(true)
    expect(statuses(parse(r))).toEqual([
      ['work', { h0: 'changed' }],
      ['work', { h1: 'changed' }],
    ])
    // One login for h1: the task used the connection opened ahead.
    expect(sshdCounts(l.hosts[1]).connections - before).toBe(1)
  })
})
