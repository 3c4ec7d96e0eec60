/**
 * slurp, ping, raw, getent and script through the real runtime and the local connection;
 * expected results recorded from ansible-core 2.14 (modules run with `python3 -m
 * ansible.modules.X`; the raw and script actions with `ansible localhost -m X` and the
 * json callback), volatile keys left out.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import getent from '../../../modules/getent.js'
import ping from '../../../modules/ping.js'
import raw from '../../../modules/raw.js'
import script from '../../../modules/script.js'
import slurp from '../../../modules/slurp.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
const tmp = () => mkdtempSync(join(tmpdir(), 'tsible-mods-'))

describe('slurp', () => {
  it('returns base64 content, and fails as Ansible does', async () => {
    const d = tmp()
    writeFileSync(join(d, 'f'), 'a\nb\n')
    expect(strip(await runModule(slurp, { src: join(d, 'f') }, env()))).toEqual({ changed: false, content: 'YQpiCg==', encoding: 'base64', source: join(d, 'f') })
    expect(strip(await runModule(slurp, { path: join(d, 'f') }, env({ check: true })))).toMatchObject({ content: 'YQpiCg==' })
    expect(strip(await runModule(slurp, { src: join(d, 'nonex') }, env()))).toEqual({ changed: false, failed: true, msg: `file not found: ${join(d, 'nonex')}` })
    expect(strip(await runModule(slurp, { src: d }, env()))).toEqual({ changed: false, failed: true, msg: `source is a directory and must be a file: ${d}` })
  })
})

describe('ping', () => {
  it('pongs, echoes data, and crashes on data=crash', async () => {
    expect(strip(await runModule(ping, {}, env()))).toEqual({ changed: false, ping: 'pong' })
    expect(strip(await runModule(ping, { data: 'hello' }, env()))).toEqual({ changed: false, ping: 'hello' })
    const crash = await runModule(ping, { data: 'crash' }, env())
    expect(crash).toMatchObject({ failed: true, changed: false, msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error', rc: 1, module_stdout: '' })
    expect(String(crash.module_stderr)).toMatch(/Exception: boom\n$/)
  })
})

describe('raw', () => {
  it('runs the line as is: rc/stdout/stderr and their lines, always changed', async () => {
    const r = await runModule(raw, { _raw_params: 'echo hi; echo err >&2; exit 3' }, env())
    expect(strip(r)).toEqual({ changed: true, failed: true, msg: 'non-zero return code', rc: 3, stdout: 'hi\n', stdout_lines: ['hi'], stderr: 'err\n', stderr_lines: ['err'] })
    expect(strip(await runModule(raw, { _raw_params: 'echo $0', executable: '/bin/bash' }, env()))).toMatchObject({ changed: true, rc: 0, stdout_lines: ['/bin/bash'] })
  })
  it('is skipped in check mode and runs nothing', async () => {
    const d = tmp()
    const r = await runModule(raw, { _raw_params: `touch ${join(d, 'x')}` }, env({ check: true }))
    expect(strip(r)).toEqual({ changed: false, skipped: true })
    expect(existsSync(join(d, 'x'))).toBe(false)
  })
})

describe('getent', () => {
  it('reads passwd by key', async () => {
    const r = await runModule(getent, { database: 'passwd', key: 'root' }, env({ check: true }))
    expect(strip(r)).toMatchObject({ changed: false, ansible_facts: { getent_passwd: { root: ['x', '0', '0', 'root', '/root', expect.any(String)] } } })
  })
  it('splits group with an empty member list, hosts on whitespace', async () => {
    expect((await runModule(getent, { database: 'group', key: 'root', split: ':' }, env())).ansible_facts).toEqual({ getent_group: { root: ['x', '0', ''] } })
    const hosts = (await runModule(getent, { database: 'hosts', key: 'localhost' }, env())).ansible_facts as { getent_hosts: Record<string, string[]> }
    expect(Object.values(hosts.getent_hosts)).toContainEqual(['localhost'])
  })
  it('reports missing keys and unknown databases', async () => {
    expect(strip(await runModule(getent, { database: 'passwd', key: 'nosuchuser' }, env()))).toEqual({ changed: false, failed: true, msg: 'One or more supplied key could not be found in the database.' })
    expect(strip(await runModule(getent, { database: 'passwd', key: 'nosuchuser', fail_key: 'no' }, env()))).toEqual({
      changed: false,
      ansible_facts: { getent_passwd: { nosuchuser: null } },
      msg: 'One or more supplied key could not be found in the database.',
    })
    expect(strip(await runModule(getent, { database: 'nodb' }, env()))).toEqual({ changed: false, failed: true, msg: 'Missing arguments, or database unknown.' })
  })
})

describe('script', () => {
  const scriptEnv = (dir: string, over: Partial<ModuleRunEnv> = {}) => {
    const e = env(over)
    return { ...e, controller: { ...e.controller, findFile: (n: string) => (existsSync(join(dir, n)) ? join(dir, n) : null) } }
  }
  const setup = () => {
    const d = tmp()
    writeFileSync(join(d, 's.sh'), '#!/bin/sh\necho "args: $@"; echo "pwd: $(pwd)"; echo e >&2\n')
    writeFileSync(join(d, 'n.sh'), 'echo noshebang; exit 4\n')
    writeFileSync(join(d, 'w.sh'), `#!/bin/sh\ntouch ${join(d, 'ran')}\n`)
    return d
  }
  it('runs the script with its arguments in chdir, and leaves no temp files', async () => {
    const d = setup()
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('ansible-tmp-')).length
    const r = await runModule(script, { _raw_params: "s.sh 'a b' c", chdir: '/tmp' }, scriptEnv(d))
    expect(strip(r)).toEqual({ changed: true, rc: 0, stderr: 'e\n', stderr_lines: ['e'], stdout: 'args: a b c\npwd: /tmp\n', stdout_lines: ['args: a b c', 'pwd: /tmp'] })
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('ansible-tmp-')).length).toBe(before)
  })
  it('fails on a non-zero rc, with or without executable', async () => {
    const d = setup()
    const expected = { changed: true, failed: true, msg: 'non-zero return code', rc: 4, stderr: '', stderr_lines: [], stdout: 'noshebang\n', stdout_lines: ['noshebang'] }
    expect(strip(await runModule(script, { _raw_params: 'n.sh' }, scriptEnv(d)))).toEqual(expected)
    expect(strip(await runModule(script, { _raw_params: 'n.sh', executable: '/bin/bash' }, scriptEnv(d)))).toEqual(expected)
  })
  it('creates/removes, chdir and missing scripts', async () => {
    const d = setup()
    expect(strip(await runModule(script, { _raw_params: 's.sh', creates: '/tmp' }, scriptEnv(d)))).toEqual({ changed: false, skipped: true, msg: '/tmp exists, matching creates option' })
    expect(strip(await runModule(script, { _raw_params: 's.sh', removes: '/nonexist' }, scriptEnv(d)))).toEqual({ changed: false, skipped: true, msg: '/nonexist does not exist, matching removes option' })
    expect(strip(await runModule(script, { _raw_params: 's.sh', chdir: 'tmp' }, scriptEnv(d)))).toEqual({ changed: false, failed: true, msg: 'chdir tmp must be an absolute path for a Unix-aware remote node' })
    expect(strip(await runModule(script, { _raw_params: 'nope.sh' }, scriptEnv(d)))).toEqual({
      changed: false,
      failed: true,
      msg: "Could not find or access 'nope.sh' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option",
    })
  })
  it('check mode runs nothing: skipped, or changed when creates/removes allow a prediction', async () => {
    const d = setup()
    expect(strip(await runModule(script, { _raw_params: 'w.sh' }, scriptEnv(d, { check: true })))).toEqual({ changed: false, skipped: true, msg: 'Check mode is not supported for this task.' })
    expect(strip(await runModule(script, { _raw_params: 'w.sh', creates: '/nonexist' }, scriptEnv(d, { check: true })))).toEqual({ changed: true })
    expect(existsSync(join(d, 'ran'))).toBe(false)
    await runModule(script, { _raw_params: 'w.sh' }, scriptEnv(d))
    expect(existsSync(join(d, 'ran'))).toBe(true)
  })
})
