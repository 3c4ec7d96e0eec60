/**
 * tsible-playbook running Ansible's modules on the local connection, as a user would:
 * what is left on the host (nothing with pipelining; the module kept with
 * keep_remote_files), a library setting that is not a directory, a module whose action
 * plugin is Python, a collection beside the playbook, the collections keyword in a role's
 * meta. Needs ansible-core on this machine (its modules and module_utils).
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { controllerAnsible } from '../../src/python-modules/controller-ansible.js'

const ROOT = resolve(__dirname, '../..')
const hasAnsible = controllerAnsible() !== null

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-pymod-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  writeFileSync(join(dir, 'ansible.cfg'), '')
  return dir
}

function run(dir: string, env: Record<string, string> = {}, playbook = 'site.yml') {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), '-i', 'h1,', '-c', 'local', playbook], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', ...env },
    timeout: 170_000,
  })
  const doc = r.stdout.includes('{') ? JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) : null
  const results = doc ? doc.plays.flatMap((p: { tasks: { hosts: { h1: Record<string, unknown> } }[] }) => p.tasks.map((t) => t.hosts.h1)) : []
  return { rc: r.status, stderr: r.stderr, results: results as Record<string, unknown>[] }
}

const GREET = `#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec=dict(name=dict()), supports_check_mode=True)
m.exit_json(changed=False, greeting='hi %s' % m.params['name'], tmpdir=m._tmpdir)
`

describe.skipIf(!hasAnsible)('Python modules on the local connection', () => {
  it('leaves nothing on the host with pipelining, and its temporary directory only while the module runs without', () => {
    const dir = project({ 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - greet: {name: a}\n    - greet: {name: b}\n', 'library/greet.py': GREET })
    const tmp = join(dir, 'remote-tmp')
    const piped = run(dir, { ANSIBLE_PIPELINING: '1', ANSIBLE_REMOTE_TMP: tmp })
    expect(piped.results.map((r) => [r.greeting, r.tmpdir])).toEqual([['hi a', null], ['hi b', null]])
    expect(existsSync(tmp)).toBe(false)
    const files = run(dir, { ANSIBLE_PIPELINING: '0', ANSIBLE_REMOTE_TMP: tmp })
    expect(files.results.map((r) => r.greeting)).toEqual(['hi a', 'hi b'])
    expect(String(files.results[0]!.tmpdir)).toMatch(new RegExp(`^${tmp}/ansible-tmp-[0-9.]+-[0-9]+-[0-9]+$`))
    expect(readdirSync(tmp)).toEqual([])
  }, 180_000)

  it('keeps the module on the host with keep_remote_files', () => {
    const dir = project({ 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - greet: {name: a}\n', 'library/greet.py': GREET })
    const tmp = join(dir, 'remote-tmp')
    const r = run(dir, { ANSIBLE_KEEP_REMOTE_FILES: '1', ANSIBLE_PIPELINING: '1', ANSIBLE_REMOTE_TMP: tmp })
    expect(r.results[0]!.greeting).toBe('hi a')
    const [kept] = readdirSync(tmp)
    expect(readdirSync(join(tmp, kept!))).toEqual(['AnsiballZ_greet.py'])
    const again = spawnSync('/usr/bin/python3', [join(tmp, kept!, 'AnsiballZ_greet.py')], { encoding: 'utf8' })
    expect(JSON.parse(again.stdout).greeting).toBe('hi a')
  }, 180_000)

  it('runs Ansible\'s module instead of the native one for names in TSIBLE_PYTHON_MODULES (by name or FQCN)', () => {
    const dir = project({
      'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.posix.sysctl: {name: vm.swappiness, value: '10', sysctl_file: "{{ playbook_dir }}/s.conf", sysctl_set: false, reload: false}\n`,
    })
    const tmp = join(dir, 'remote-tmp')
    for (const names of ['sysctl', 'ansible.posix.sysctl']) {
      const r = run(dir, { TSIBLE_PYTHON_MODULES: names, ANSIBLE_KEEP_REMOTE_FILES: '1', ANSIBLE_REMOTE_TMP: join(tmp, names) })
      expect(r.rc).toBe(0)
      expect(readdirSync(join(tmp, names)).flatMap((d) => readdirSync(join(tmp, names, d)))).toEqual(['AnsiballZ_sysctl.py'])
    }
    expect(run(dir, { ANSIBLE_KEEP_REMOTE_FILES: '1', ANSIBLE_REMOTE_TMP: join(tmp, 'native') }).rc).toBe(0)
    expect(existsSync(join(tmp, 'native'))).toBe(false)
  }, 180_000)

  it('skips a library path that is not a directory (ANSIBLE_LIBRARY=/dev/null)', () => {
    const dir = project({ 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - tempfile: {path: "{{ playbook_dir }}"}\n      register: t\n    - file: {path: "{{ t.path }}", state: absent}\n' })
    const r = run(dir, { ANSIBLE_LIBRARY: '/dev/null' })
    expect(r.stderr).not.toContain('ENOTDIR')
    expect(r.rc).toBe(0)
    expect(r.results[0]!.state).toBe('file')
  }, 180_000)

  it('runs a module of a collection beside the playbook, and refuses one whose action plugin is Python, naming both', () => {
    const coll = 'collections/ansible_collections/my/coll/plugins'
    const dir = project({
      'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - my.coll.greet: {name: c}\n    - my.coll.act: {}\n      ignore_errors: true\n',
      [`${coll}/modules/greet.py`]: GREET,
      [`${coll}/modules/act.py`]: GREET,
      [`${coll}/action/act.py`]: 'from ansible.plugins.action import ActionBase\n',
    })
    const r = run(dir)
    expect(r.results[0]!.greeting).toBe('hi c')
    expect(r.results[1]!.failed).toBe(true)
    expect(r.results[1]!.msg).toBe(
      `'my.coll.act' runs the Python action plugin my.coll.act (${join(dir, coll, 'action/act.py')}) on the controller, with the module my.coll.act (${join(dir, coll, 'modules/act.py')}); tsible runs no Python on the controller, so it cannot run this action (see docs/python-modules.md for the actions tsible implements)`,
    )
  }, 180_000)

  it('resolves short names through a role\'s meta collections, which roles do not inherit from the play', () => {
    const task = '- greet: {name: r}\n'
    const dir = project({
      'site.yml': '- hosts: all\n  gather_facts: false\n  collections: [my.coll]\n  roles: [with_meta]\n  tasks:\n    - greet: {name: play}\n',
      'other.yml': '- hosts: all\n  gather_facts: false\n  collections: [my.coll]\n  roles: [without_meta]\n',
      'roles/with_meta/meta/main.yml': 'collections: [my.coll]\n',
      'roles/with_meta/tasks/main.yml': task,
      'roles/without_meta/tasks/main.yml': task,
      'collections/ansible_collections/my/coll/plugins/modules/greet.py': GREET,
    })
    expect(run(dir).results.map((r) => r.greeting)).toEqual(['hi r', 'hi play'])
    const bad = run(dir, {}, 'other.yml')
    expect(bad.rc).toBe(4)
    expect(bad.stderr).toContain("ERROR! couldn't resolve module/action 'greet'.")
  }, 180_000)
})

describe.skipIf(!hasAnsible)('the wrapper script', () => {
  it('writes the payload to a file only when the module asks for its path (respawn), and removes it at exit', () => {
    const dir = project({
      'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - where: {}\n',
      'library/where.py': `#!/usr/bin/python
import os, sys, zipfile
from ansible.module_utils.basic import AnsibleModule
m = AnsibleModule(argument_spec={})
main = sys.modules['__main__']
path = '{0}'.format(main._modlib_path)
m.exit_json(changed=False, is_zip=zipfile.is_zipfile(path), names=sorted(n for n in zipfile.ZipFile(path).namelist() if 'where' in n), fqn=main._module_fqn, path=path)
`,
    })
    chmodSync(join(dir, 'library/where.py'), 0o755)
    const r = run(dir, { ANSIBLE_PIPELINING: '1' })
    expect(r.results[0]).toMatchObject({ is_zip: true, names: ['ansible/modules/where.py'], fqn: 'ansible.modules.where' })
    expect(existsSync(String(r.results[0]!.path))).toBe(false)
  }, 180_000)
})
