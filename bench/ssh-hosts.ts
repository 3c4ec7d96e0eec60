/**
 * Benchmark: N hosts x M tasks over real SSH (sshd instances on loopback ports), tsible
 * against ansible-playbook measured in the same run. Ansible gets its fast settings:
 * pipelining on, ControlMaster/ControlPersist, forks >= N. The playbook mixes trivial
 * commands, copy and template tasks; run 2 must change nothing.
 *
 *   npx tsx bench/ssh-hosts.ts            (BENCH_HOSTS=1,10,50; BENCH_SKIP_ANSIBLE=1)
 *
 * Prints wall/CPU/peak memory and ratios per N, tsible's controller CPU per host x task,
 * and its SSH round trips (commands sent) per host x task. Needs root (it starts sshd).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startSshdLab, stopSshdLab, type SshdLab } from '../test/helpers/sshd.js'
import { hasCommand, type Measure } from './lib/measure.js'
import { compareWithAnsible, row, runTwice } from './lib/idempotent-runs.js'

const ROOT = resolve(import.meta.dirname, '..')
const SIZES = (process.env.BENCH_HOSTS ?? '1,10,50').split(',').map(Number)
const COMMANDS = 4
const COPIES = 3
const TEMPLATES = 3
const TASKS = COMMANDS + COPIES + TEMPLATES

function playbook(): string {
  const tasks: string[] = []
  for (let i = 0; i < COMMANDS; i++) tasks.push(`    - name: command ${i}\n      command: "true"\n      changed_when: false`)
  for (let i = 0; i < COPIES; i++) tasks.push(`    - name: copy ${i}\n      copy:\n        content: "file {{ inventory_hostname }} ${i}\\n"\n        dest: "{{ out }}/{{ inventory_hostname }}/copy${i}"\n        mode: "0644"`)
  for (let i = 0; i < TEMPLATES; i++) tasks.push(`    - name: template ${i}\n      template:\n        src: t.j2\n        dest: "{{ out }}/{{ inventory_hostname }}/template${i}"\n        mode: "0640"`)
  return `- hosts: all\n  gather_facts: false\n  tasks:\n    - name: out dir\n      file:\n        path: "{{ out }}/{{ inventory_hostname }}"\n        state: directory\n${tasks.join('\n')}\n`
}

function layout(lab: SshdLab, n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `tsible-bench-ssh-${n}-`))
  const hosts = Array.from({ length: n }, (_, i) => {
    const h = lab.hosts[i]
    return `h${i + 1} ansible_host=127.0.0.1 ansible_port=${h.port} ansible_user=root ansible_ssh_private_key_file=${lab.clientKeyFile}`
  })
  writeFileSync(join(dir, 'inventory'), `[bench]\n${hosts.join('\n')}\n`)
  writeFileSync(join(dir, 'site.yml'), playbook())
  mkdirSync(join(dir, 'templates'))
  writeFileSync(join(dir, 'templates/t.j2'), '{% for i in range(5) %}\nline {{ i }} of {{ inventory_hostname }} on port {{ ansible_port }}\n{% endfor %}\n')
  writeFileSync(
    join(dir, 'ansible.cfg'),
    `[defaults]\nforks = ${Math.max(n, 5)}\nhost_key_checking = False\nretry_files_enabled = False\n\n[ssh_connection]\npipelining = True\nssh_args = -o ControlMaster=auto -o ControlPersist=60s\n`,
  )
  mkdirSync(join(dir, 'out'))
  return dir
}

/** Round trips: commands sent over the connections (TSIBLE_STATS). */
function roundTrips(m: Measure): number {
  const match = /(\d+) ssh round trips/.exec(m.stderr)
  return match ? Number(match[1]) : NaN
}

const lab = await startSshdLab({ count: Math.max(...SIZES) })
try {
  const withAnsible = process.env.BENCH_SKIP_ANSIBLE !== '1' && hasCommand('ansible-playbook')
  for (const n of SIZES) {
    const dir = layout(lab, n)
    const perTask = n * (TASKS + 1)
    console.log(`\n== ${n} host(s) x ${TASKS + 1} tasks over SSH ==`)
    const [t1, t2] = runTwice(process.execPath, [join(ROOT, 'bin/tsible-playbook.js')], dir, 'tsible')
    console.log(row('tsible run 1', t1))
    console.log(row('tsible run 2 (idempotent)', t2))
    for (const [name, m] of [['run 1', t1], ['run 2', t2]] as const) {
      console.log(`  tsible ${name}: controller CPU ${((m.cpuSeconds * 1000) / perTask).toFixed(2)} ms per host x task, ${(roundTrips(m) / perTask).toFixed(2)} round trips per host x task`)
    }
    if (withAnsible) compareWithAnsible(dir, t1, t2)
    rmSync(dir, { recursive: true, force: true })
  }
} finally {
  await stopSshdLab(lab)
}
