/**
 * blockinfile through the real runtime; expected results recorded from ansible-core 2.14
 * (`python3 -m ansible.modules.blockinfile`, same arguments, same file contents).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import blockinfile from '../../../modules/blockinfile.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'tsible-bif-')), 'f')
  writeFileSync(p, text)
  chmodSync(p, 0o644)
  return p
}
const content = (p: string, before: string, after: string) => ({ before, after, before_header: `${p} (content)`, after_header: `${p} (content)` })
const attrs = (p: string) => ({ before_header: `${p} (file attributes)`, after_header: `${p} (file attributes)` })
const B = '# BEGIN ANSIBLE MANAGED BLOCK\n'
const E = '# END ANSIBLE MANAGED BLOCK\n'

describe('blockinfile', () => {
  it('inserts after a match in check mode without writing', async () => {
    const p = file('a\nb\nc')
    const r = await runModule(blockinfile, { path: p, block: 'x\ny', insertafter: '^b' }, env({ check: true, diff: true }))
    expect(strip(r)).toEqual({ changed: true, msg: 'Block inserted', diff: [content(p, 'a\nb\nc', `a\nb\n${B}x\ny\n${E}c`), attrs(p)] })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\nc')
  })

  it('appends, adds a second marked block, is idempotent, removes', async () => {
    const p = file('a\nb\nc')
    const r1 = await runModule(blockinfile, { path: p, block: 'x\ny' }, env({ diff: true }))
    const s1 = `a\nb\nc\n${B}x\ny\n${E}`
    expect(strip(r1)).toEqual({ changed: true, msg: 'Block inserted', diff: [content(p, 'a\nb\nc', s1), attrs(p)] })
    expect(readFileSync(p, 'utf8')).toBe(s1)
    const r2 = await runModule(blockinfile, { path: p, block: 'z', marker: '## {mark} M' }, env({ diff: true }))
    const s2 = `${s1}## BEGIN M\nz\n## END M\n`
    expect(strip(r2)).toEqual({ changed: true, msg: 'Block inserted', diff: [content(p, s1, s2), attrs(p)] })
    const r3 = await runModule(blockinfile, { path: p, block: 'x\ny' }, env({ diff: true }))
    expect(strip(r3)).toEqual({ changed: false, msg: '', diff: [content(p, s2, s2), attrs(p)] })
    const r4 = await runModule(blockinfile, { path: p, state: 'absent' }, env({ diff: true }))
    expect(strip(r4)).toEqual({ changed: true, msg: 'Block removed', diff: [content(p, s2, 'a\nb\nc\n## BEGIN M\nz\n## END M\n'), attrs(p)] })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\nc\n## BEGIN M\nz\n## END M\n')
  })

  it('replaces a block in place and inserts before BOF', async () => {
    const p = file(`top\n${B}old\n${E}tail\n`)
    await runModule(blockinfile, { path: p, block: 'new1\nnew2' }, env())
    expect(readFileSync(p, 'utf8')).toBe(`top\n${B}new1\nnew2\n${E}tail\n`)
    await runModule(blockinfile, { path: p, block: 'h', marker: '# {mark} H', insertbefore: 'BOF' }, env())
    expect(readFileSync(p, 'utf8')).toBe(`# BEGIN H\nh\n# END H\ntop\n${B}new1\nnew2\n${E}tail\n`)
  })

  it('creates a file only when asked, never in check mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-bif-'))
    const p = join(dir, 'sub', 'new')
    expect(strip(await runModule(blockinfile, { path: p, block: 'q' }, env()))).toEqual({ changed: false, failed: true, msg: `Path ${p} does not exist !`, rc: 257 })
    expect(strip(await runModule(blockinfile, { path: p, state: 'absent' }, env()))).toEqual({ changed: false, failed: true, msg: `Path ${p} does not exist !`, rc: 257 })
    const c = await runModule(blockinfile, { path: p, block: 'q', create: true }, env({ check: true, diff: true }))
    expect(strip(c)).toEqual({ changed: true, msg: 'File created', diff: content(p, '', `${B}q\n${E}`) })
    expect(existsSync(join(dir, 'sub'))).toBe(false)
    expect(await runModule(blockinfile, { path: p, block: 'q', create: true }, env())).toMatchObject({ changed: true, msg: 'File created' })
    expect(readFileSync(p, 'utf8')).toBe(`${B}q\n${E}`)
    expect(strip(await runModule(blockinfile, { path: dir, block: 'q' }, env()))).toMatchObject({ failed: true, msg: `Path ${dir} is a directory !`, rc: 256 })
  })
})
