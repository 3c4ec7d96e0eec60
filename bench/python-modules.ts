/**
 * Benchmark: Ansible's Python modules on SSH hosts (sshd instances on loopback ports),
 * tsible against ansible-playbook measured in the same run, both with pipelining on and
 * forks >= hosts (Ansible also with ControlMaster/ControlPersist). 20 tasks, every one a
 * module tsible does not implement (community.general.ini_file, replace, and a new-style
 * module of the playbook's own in library/), after one native task that makes the
 * directories; run 2 must change nothing.
 *
 *   npx tsx bench/python-modules.ts          (BENCH_HOSTS=10; BENCH_SKIP_ANSIBLE=1)
 *
 * Prints wall/CPU/peak memory, the ratios, and tsible's SSH round trips per host x task and
 * payloads built (once per module per run). Needs root (it starts sshd) and ansible-core.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startSshdLab, stopSshdLab, type SshdLab } from '../test/helpers/sshd.js'
import { hasCommand, type Measure } from './lib/measure.js'
import { compareWithAnsible, row, runTwice } from './lib/idempotent-runs.js'

const ROOT = resolve(import.meta.dirname, '..')
const HOSTS = Number(process.env.BENCH_HOSTS ?? 10)
const TASKS = 20

const MODULE = `#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text


def main():
    module = AnsibleModule(argument_spec=dict(path=dict(type='path', required=True), text=dict(type='str', required=True)), supports_check_mode=True)
    path, text = module.params['path'], to_text(module.params['text'])
    try:
        with open(path) as f:
            current = f.read()
    except IOError:
        current = None
    changed = current != text
    if changed and not module.check_mode:
        with open(path, 'w') as f:
            f.write(text)
    module.exit_json(changed=changed, path=path)


main()
`

function playbook(): string {
  const tasks: string[] = []
  for (let i = 0; i < TASKS; i++) {
    const kind = i % 3
    if (kind === 0) tasks.push(`    - name: ini_file ${i}\n      community.general.ini_file: {path: "{{ dir }}/conf.ini", section: "s${i}", option: o, value: "v {{ inventory_hostname }}"}`)
    else if (kind === 1) tasks.push(`    - name: replace ${i}\n      replace: {path: "{{ dir }}/conf.ini", regexp: "^o = x${i}$", replace: "o = y${i}"}`)
    else tasks.push(`    - name: library module ${i}\n      put_text: {path: "{{ dir }}/text${i}", text: "text ${i} of {{ inventory_hostname }}\\n"}`)
  }
  return `- hosts: all\n  gather_facts: false\n  vars:\n    dir: "{{ out }}/{{ inventory_hostname }}"\n  tasks:\n    - name: out dir\n      file: {path: "{{ dir }}", state: directory}\n${tasks.join('\n')}\n`
}

function layout(lab: SshdLab, n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `tsible-bench-pymod-${n}-`))
  const hosts = lab.hosts.slice(0, n).map((h, i) => `h${i + 1} ansible_host=127.0.0.1 ansible_port=${h.port} ansible_user=root ansible_ssh_private_key_file=${lab.clientKeyFile} ansible_python_interpreter=auto_silent`)
  writeFileSync(join(dir, 'inventory'), `[bench]\n${hosts.join('\n')}\n`)
  writeFileSync(join(dir, 'site.yml'), playbook())
  mkdirSync(join(dir, 'library'))
  writeFileSync(join(dir, 'library/put_text.py'), MODULE)
  writeFileSync(
    join(dir, 'ansible.cfg'),
    `[defaults]\nforks = ${Math.max(n, 5)}\nhost_key_checking = False\nretry_files_enabled = False\n\n[ssh_connection]\npipelining = True\nssh_args = -o ControlMaster=auto -o ControlPersist=60s\n`,
  )
  mkdirSync(join(dir, 'out'))
  return dir
}

function stat(m: Measure, re: RegExp): number {
  const match = re.exec(m.stderr)
  return match ? Number(match[1]) : NaN
}

const lab = await startSshdLab({ count: HOSTS })
try {
  const withAnsible = process.env.BENCH_SKIP_ANSIBLE !== '1' && hasCommand('ansible-playbook')
  const dir = layout(lab, HOSTS)
  const perTask = HOSTS * (TASKS + 1)
  console.log(`\n== ${HOSTS} host(s) x ${TASKS} Python-module tasks (+1 native) over SSH, pipelining on ==`)
  const [t1, t2] = runTwice(process.execPath, [join(ROOT, 'bin/tsible-playbook.js')], dir, 'tsible')
  console.log(row('tsible run 1', t1))
  console.log(row('tsible run 2 (idempotent)', t2))
  for (const [name, m] of [['run 1', t1], ['run 2', t2]] as const) {
    console.log(`  tsible ${name}: ${(stat(m, /(\d+) ssh round trips/) / perTask).toFixed(2)} round trips per host x task, ${stat(m, /(\d+) module payloads built/)} module payloads built`)
  }
  if (withAnsible) compareWithAnsible(dir, t1, t2)
  rmSync(dir, { recursive: true, force: true })
} finally {
  await stopSshdLab(lab)
}
