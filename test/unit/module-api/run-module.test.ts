/**
 * The module runtime over the real local connection: Ansible's argument errors (texts
 * recorded from ansible-core 2.14's file/stat/wait_for modules), check mode that never
 * touches the disk, and copy's write path (keys as `ansible -m copy` returns them).
 */
import { mkdtempSync, readFileSync, existsSync, statSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalConnection } from '../../../src/connection/local.js'
import { writeFileLikeCopy } from '../../../src/module-api/copy-content.js'
import { runModule } from '../../../src/module-api/run-module.js'
import { defineModule } from '../../../src/module-api/types.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}): ModuleRunEnv => moduleEnv(over)

const fileLike = defineModule<{ path: string; state?: string; force?: boolean; timeout?: number; mode?: string }>({
  name: 'file',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
      force: { type: 'boolean', default: false },
      timeout: { type: 'integer' },
      mode: {},
    },
    required: ['path'],
  },
  aliases: { path: ['dest', 'name'] },
  supports: { check: 'full' },
  run: async (args) => ({ changed: false, args }),
})

const writeContent = defineModule<{ dest: string; content: string; mode?: string }>({
  name: 'copy',
  args: { type: 'object', properties: { dest: { type: 'string' }, content: { type: 'string' }, mode: {} }, required: ['dest', 'content'] },
  supports: { check: 'full', diff: true },
  run: (args, ctx) => writeFileLikeCopy(ctx, args),
})

describe('argument validation', () => {
  it('names unsupported parameters as Ansible does', async () => {
    const r = await runModule(fileLike, { path: '/tmp', foo: 1, bar: 2 }, env())
    expect(r.failed).toBe(true)
    expect(r.msg).toBe('Unsupported parameters for (file) module: bar, foo. Supported parameters include: force, mode, path, state, timeout (dest, name).')
  })
  it('checks choices', async () => {
    const r = await runModule(fileLike, { path: '/tmp', state: 'bogus' }, env())
    expect(r.msg).toBe('value of state must be one of: absent, directory, file, hard, link, touch, got: bogus')
  })
  it('checks required arguments', async () => {
    expect((await runModule(fileLike, { state: 'file' }, env())).msg).toBe('missing required arguments: path')
  })
  it("converts Ansible's booleans and ints, and refuses what it cannot convert", async () => {
    const ok = await runModule(fileLike, { dest: '/x', force: 'yes', timeout: '30' }, env())
    expect(ok.args).toEqual({ path: '/x', force: true, timeout: 30 })
    const bad = await runModule(fileLike, { path: '/x', timeout: 'abc' }, env())
    expect(bad.msg).toBe("argument 'timeout' is of type <class 'str'> and we were unable to convert to int: <class 'str'> cannot be converted to an int")
    const badBool = await runModule(fileLike, { path: '/x', force: 'maybe' }, env())
    expect(String(badBool.msg)).toMatch(/^argument 'force' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean\./)
  })
})

describe('copy write path', () => {
  it('creates, is idempotent, fixes the mode, and reports copy\'s keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-copy-'))
    const dest = join(dir, 'x')
    const first = await runModule(writeContent, { dest, content: 'hi', mode: '0640' }, env())
    expect(first).toMatchObject({ changed: true, checksum: 'c22b5f9178342609428d6f51b2c5af4c0bde6a42', md5sum: '49f68a5c8493ec2c0bf489821c21fc3b', dest, mode: '0640', size: 2, state: 'file' })
    expect(readFileSync(dest, 'utf8')).toBe('hi')
    expect(statSync(dest).mode & 0o777).toBe(0o640)
    const second = await runModule(writeContent, { dest, content: 'hi', mode: '0640' }, env())
    expect(second).toMatchObject({ changed: false, path: dest, mode: '0640' })
    expect(second.md5sum).toBeUndefined()
    const third = await runModule(writeContent, { dest, content: 'hi', mode: '0600' }, env({ diff: true }))
    expect(third).toMatchObject({ changed: true, mode: '0600', diff: { before: { path: dest, mode: '0640' }, after: { path: dest, mode: '0600' } } })
    expect(statSync(dest).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['x'])
  })
  it('check mode reports the change and its diff without writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-copy-'))
    const dest = join(dir, 'x')
    writeFileSync(dest, 'hi')
    const r = await runModule(writeContent, { dest, content: 'ho' }, env({ check: true, diff: true }))
    expect(r.changed).toBe(true)
    expect(r.diff).toMatchObject({ before: 'hi', after: 'ho', before_header: dest })
    expect(readFileSync(dest, 'utf8')).toBe('hi')
    const missing = await runModule(writeContent, { dest: join(dir, 'new'), content: 'x' }, env({ check: true }))
    expect(missing).toMatchObject({ changed: true })
    expect(existsSync(join(dir, 'new'))).toBe(false)
  })
  it('drops the diff when --diff is off and masks no_log values', async () => {
    const secretModule = defineModule<{ password: string }>({
      name: 'secret',
      args: { type: 'object', properties: { password: { type: 'string' } } },
      noLog: ['password'],
      supports: { check: 'full' },
      run: async (args) => ({ changed: false, msg: `the password is ${args.password}`, diff: { before: 'a', after: 'b' } }),
    })
    const r = await runModule(secretModule, { password: 's3cret' }, env())
    expect(r.msg).toBe('the password is ********')
    expect(r.diff).toBeUndefined()
    expect(r.invocation).toEqual({ module_args: { password: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' } })
  })
})

describe('local connection', () => {
  it('runs commands with stdin, env and cwd, and reports the exit status', async () => {
    const c = new LocalConnection()
    const r = await c.exec('cat; echo "$FOO"; pwd; exit 3', { stdin: 'in\n', env: { FOO: 'bar baz' }, cwd: '/tmp' })
    expect(r).toEqual({ rc: 3, stdout: 'in\nbar baz\n/tmp\n', stderr: '' })
  })
  it('writes atomically, keeping an existing file mode', async () => {
    const c = new LocalConnection()
    const dir = mkdtempSync(join(tmpdir(), 'tsible-lc-'))
    const p = join(dir, 'f')
    await c.writeFile(p, 'a', { mode: 0o600 })
    await c.writeFile(p, 'b')
    expect(statSync(p).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['f'])
    const st = await c.stat(p, { checksum: true })
    expect(st).toMatchObject({ type: 'file', size: 1, checksum: 'e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98' })
    expect(await c.stat(join(dir, 'nope'))).toBeNull()
  })
})
