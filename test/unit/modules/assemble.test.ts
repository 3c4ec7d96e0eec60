/**
 * assemble through the real runtime; expected results recorded from ansible-core 2.14
 * (`ansible localhost -m assemble`, json callback) on the same fragments.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import assemble from '../../../modules/assemble.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, uid: _u, gid: _g, owner: _o, group: _gr, ...rest } = r
  return rest
}
function fragments(): string {
  const d = mkdtempSync(join(tmpdir(), 'tsible-asm-'))
  const frag = join(d, 'frag')
  mkdirSync(join(frag, 'sub'), { recursive: true })
  writeFileSync(join(frag, '01'), 'one')
  writeFileSync(join(frag, '02'), 'two\n')
  writeFileSync(join(frag, '.h'), 'hid\n')
  return d
}

describe('assemble', () => {
  it('assembles host fragments with a delimiter: the assemble module\'s keys', async () => {
    const d = fragments()
    const src = join(d, 'frag')
    const dest = join(d, 'out1')
    const r = await runModule(assemble, { src, dest, delimiter: '--' }, env({ diff: true }))
    expect(strip(r)).toEqual({
      changed: true,
      checksum: '9001974376ea690ca70d2633975ed38cc85776ea',
      dest,
      md5sum: '02a1b86c47736542e6a358353277cea7',
      mode: '0644',
      msg: 'OK',
      size: 18,
      src,
      state: 'file',
    })
    expect(readFileSync(dest, 'utf8')).toBe('hid\n--\none\n--\ntwo\n')
    expect(await runModule(assemble, { src, dest, delimiter: '--' }, env())).toMatchObject({ changed: false, msg: 'OK', checksum: '9001974376ea690ca70d2633975ed38cc85776ea' })
    const m = await runModule(assemble, { src, dest, mode: '0600' }, env())
    expect(strip(m)).toEqual({
      changed: true,
      checksum: '6f6b5465df819c12d213a6281fd2668a97455475',
      dest,
      md5sum: 'a3ccf92a172a9ca5cabed0c671b6eb5b',
      mode: '0600',
      msg: 'OK',
      size: 12,
      src,
      state: 'file',
    })
    expect(statSync(dest).mode & 0o777).toBe(0o600)
  })

  it('is skipped in check mode, writing nothing', async () => {
    const d = fragments()
    const r = await runModule(assemble, { src: join(d, 'frag'), dest: join(d, 'out2') }, env({ check: true }))
    expect(strip(r)).toEqual({ changed: false, skipped: true, msg: 'check mode is not supported for this task.' })
    expect(existsSync(join(d, 'out2'))).toBe(false)
  })

  it('assembles controller fragments (regexp, ignore_hidden) through copy, with its diff', async () => {
    const d = fragments()
    const src = join(d, 'frag')
    const dest = join(d, 'out3')
    const e = env({ diff: true })
    const ce = { ...e, controller: { ...e.controller, findFile: (n: string) => (existsSync(n) ? n : null) } }
    const r = await runModule(assemble, { src, dest, remote_src: false, ignore_hidden: true, regexp: '^0' }, ce)
    expect(r).toMatchObject({
      changed: true,
      checksum: 'c708d7ef841f7e1748436b8ef5670d0b2de1a227',
      dest,
      md5sum: '2094b601daac3d68f5aed51d3c20f7cd',
      mode: '0644',
      size: 8,
      state: 'file',
      diff: { before: '', after: 'one\ntwo\n' },
    })
    expect(readFileSync(dest, 'utf8')).toBe('one\ntwo\n')
    expect(await runModule(assemble, { src, dest, remote_src: 'no', ignore_hidden: true, regexp: '^0' }, ce)).toMatchObject({ changed: false })
    expect((await runModule(assemble, { src: join(d, 'nope'), dest, remote_src: false }, ce)).msg).toBe(
      `Could not find or access '${join(d, 'nope')}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`,
    )
  })

  it('fails on a missing or non-directory source', async () => {
    const d = fragments()
    expect(strip(await runModule(assemble, { src: join(d, 'nonex'), dest: join(d, 'o') }, env()))).toEqual({ changed: false, failed: true, msg: `Source (${join(d, 'nonex')}) does not exist` })
    expect(strip(await runModule(assemble, { src: join(d, 'frag', '01'), dest: join(d, 'o') }, env()))).toEqual({ changed: false, failed: true, msg: `Source (${join(d, 'frag', '01')}) is not a directory` })
  })

  it('decodes escapes in the delimiter', async () => {
    const d = fragments()
    chmodSync(join(d, 'frag'), 0o755)
    await runModule(assemble, { src: join(d, 'frag'), dest: join(d, 'o'), delimiter: '#\\t\\x41\\n', ignore_hidden: true }, env())
    expect(readFileSync(join(d, 'o'), 'utf8')).toBe('one\n#\tA\ntwo\n')
  })

  it('validates the assembled file when it would change', async () => {
    const d = fragments()
    const src = join(d, 'frag')
    const dest = join(d, 'out9')
    expect(strip(await runModule(assemble, { src, dest, validate: 'grep -q zzz %s' }, env()))).toEqual({ changed: false, failed: true, msg: 'failed to validate: rc:1 error:' })
    expect(existsSync(dest)).toBe(false)
    const ok = await runModule(assemble, { src, dest, validate: 'grep -q two %s' }, env())
    expect(strip(ok)).toMatchObject({ changed: true, checksum: '6f6b5465df819c12d213a6281fd2668a97455475', msg: 'OK', validation: { rc: 0, stdout: '', stderr: '' } })
    const same = await runModule(assemble, { src, dest, validate: 'grep -q zzz %s' }, env())
    expect(same).toMatchObject({ changed: false, msg: 'OK' })
    expect(same.validation).toBeUndefined()
  })
})
