/**
 * Faults at scale, over real sshd: in one run of 56 hosts with become, 4 refuse the
 * connection, 4 never answer (a listener that accepts and stays silent), and 8 lose
 * their server in the middle of a large copy. Every other host finishes, the recap is
 * exactly that, the exit code is 4, and no host has a half-written file: no temp file
 * is left and no destination holds part of its content.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, knownHostsLine, stopSshd } from '../helpers/sshd.js'
import { useSshdLab } from '../helpers/sshd-fixture.js'
import { runPlaybook } from '../helpers/run-playbook.js'

const lab = useSshdLab(2)
const GROUPS = { ok: 40, drop: 8, refuse: 4, silent: 4 }
let silent: Server
const held: Socket[] = []
let dir: string
let out: string

const names = (group: keyof typeof GROUPS): string[] => Array.from({ length: GROUPS[group] }, (_, i) => `${group}${String(i + 1).padStart(2, '0')}`)

beforeAll(async () => {
  const l = lab()
  silent = createServer((s) => held.push(s.on('error', () => undefined)))
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
  const silentPort = (silent.address() as { port: number }).port
  const refusedPort = await freePort()
  dir = mkdtempSync(join(l.dir, 'faults-'))
  out = mkdtempSync('/tmp/tsible-faults-')
  const key = `ansible_user=${l.users.noPassword.name} ansible_ssh_private_key_file=${l.clientKeyFile}`
  const line = (name: string, port: number, extra = '') => `${name} ansible_host=127.0.0.1 ansible_port=${port} ${key}${extra}`
  const inventory = [
    ...names('ok').map((h) => line(h, l.hosts[0].port)),
    ...names('drop').map((h) => line(h, l.hosts[1].port)),
    ...names('refuse').map((h) => line(h, refusedPort)),
    ...names('silent').map((h) => line(h, silentPort, ' ansible_timeout=2')),
  ]
  writeFileSync(join(dir, 'inventory'), `[all]\n${inventory.join('\n')}\n`)
  writeFileSync(join(dir, 'ansible.cfg'), '[defaults]\nforks = 60\n')
  mkdirSync(join(dir, 'files'))
  writeFileSync(join(dir, 'files/small.bin'), 'small file\n'.repeat(1000))
  writeFileSync(join(dir, 'files/big.bin'), Buffer.alloc(32 * 1024 * 1024, 'big file '))
  writeFileSync(
    join(dir, 'site.yml'),
    `- hosts: all
  gather_facts: false
  become: true
  tasks:
    - name: first
      command: "true"
    - name: dir
      file: { path: "${out}/{{ inventory_hostname }}", state: directory, mode: "0777" }
    - name: payload
      copy: { src: "{{ 'big.bin' if inventory_hostname.startswith('drop') else 'small.bin' }}", dest: "${out}/{{ inventory_hostname }}/payload" }
    - name: last
      command: "touch ${out}/{{ inventory_hostname }}/last"
`,
  )
  mkdirSync(join(dir, 'home/.ssh'), { recursive: true })
  writeFileSync(join(dir, 'home/.ssh/known_hosts'), `${l.hosts.map((h) => knownHostsLine(h)).join('\n')}\n`)
})
afterAll(async () => {
  for (const s of held) s.destroy()
  await new Promise((r) => silent.close(r))
  spawn('rm', ['-rf', out])
})

const temps = (): string[] =>
  readdirSync(out).flatMap((h) => (existsSync(join(out, h)) && statSync(join(out, h)).isDirectory() ? readdirSync(join(out, h)).filter((f) => f.startsWith('.tsible-tmp')).map((f) => `${h}/${f}`) : []))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('faults at scale', () => {
  it('refusing, silent and dropped hosts are unreachable, every other host finishes, exit code 4, nothing half-written', async () => {
    // Kill the second server once a dropped host's copy has started to arrive.
    const run = runPlaybook(dir, [], {
      during: async () => {
        const deadline = Date.now() + 120_000
        const dropDirs = names('drop').map((h) => join(out, h))
        while (!dropDirs.some((d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith('.tsible-tmp') && statSync(join(d, f)).size > 0))) {
          if (Date.now() > deadline) throw new Error('no copy started on the dropped hosts')
          await sleep(2)
        }
        await stopSshd(lab().hosts[1])
      },
    })
    const { rc, stdout, stderr } = await run
    expect(rc, stderr).toBe(4)
    const j = JSON.parse(stdout) as { stats: Record<string, Record<string, number>>; plays: { tasks: { task: { name: string }; hosts: Record<string, { unreachable?: boolean; msg?: string }> }[] }[] }
    const recap = (h: string) => {
      const s = j.stats[h]
      return `ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failures}`
    }
    for (const h of names('ok')) expect(recap(h), h).toBe('ok=4 changed=4 unreachable=0 failed=0')
    for (const h of names('drop')) expect(recap(h), h).toBe('ok=2 changed=2 unreachable=1 failed=0')
    for (const h of [...names('refuse'), ...names('silent')]) expect(recap(h), h).toBe('ok=0 changed=0 unreachable=1 failed=0')
    const first = j.plays[0].tasks[0].hosts
    for (const h of names('refuse')) expect(first[h].msg).toMatch(/^Failed to connect to the host via ssh: ssh: connect to host 127\.0\.0\.1 port \d+: Connection refused$/)
    for (const h of names('silent')) expect(first[h].msg).toMatch(/^Failed to connect to the host via ssh: Connection timed out during banner exchange/)
    const payload = j.plays[0].tasks[2].hosts
    for (const h of names('drop')) expect(payload[h].unreachable, h).toBe(true)
    // Every healthy host has all its files, whole.
    const small = createHash('sha1').update(readFileSync(join(dir, 'files/small.bin'))).digest('hex')
    for (const h of names('ok')) {
      expect(createHash('sha1').update(readFileSync(join(out, h, 'payload'))).digest('hex'), h).toBe(small)
      expect(existsSync(join(out, h, 'last')), h).toBe(true)
    }
    // The dropped hosts' writes were cut off: no destination, and (once their shells have
    // seen the end of their input) no temp file.
    for (const h of names('drop')) expect(existsSync(join(out, h, 'payload')), h).toBe(false)
    const until = Date.now() + 15_000
    while (temps().length && Date.now() < until) await sleep(50)
    expect(temps()).toEqual([])
  }, 300_000)
})
