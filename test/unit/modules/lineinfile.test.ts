/**
 * lineinfile through the real runtime on temp files; expected results recorded from
 * ansible-core 2.14 (`python3 -m ansible.modules.lineinfile` with the same arguments).
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync, statSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import blockinfile from '../../../modules/blockinfile.js'
import lineinfile from '../../../modules/lineinfile.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'tsible-lif-')), 'f')
  writeFileSync(p, text)
  chmodSync(p, 0o644)
  return p
}
const headers = (p: string) => ({ before_header: `${p} (content)`, after_header: `${p} (content)` })
const attrHeaders = (p: string) => ({ before_header: `${p} (file attributes)`, after_header: `${p} (file attributes)` })

describe('lineinfile', () => {
  it('inserts after a match; check mode leaves the file alone', async () => {
    const p = file('a\nb\nc\n')
    const r = await runModule(lineinfile, { path: p, line: 'x', insertafter: '^b' }, env({ check: true, diff: true }))
    expect(strip(r)).toEqual({
      backup: '',
      changed: true,
      msg: 'line added',
      diff: [{ before: 'a\nb\nc\n', after: 'a\nb\nx\nc\n', ...headers(p) }, attrHeaders(p)],
    })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\nc\n')
    const real = await runModule(lineinfile, { path: p, line: 'x', insertafter: '^b' }, env())
    expect(real).toMatchObject({ changed: true, msg: 'line added' })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\nx\nc\n')
    const again = await runModule(lineinfile, { path: p, line: 'x', insertafter: '^b' }, env())
    expect(again).toMatchObject({ changed: false, msg: '' })
  })

  it('inserts before a match, at BOF and at EOF (adding a missing newline)', async () => {
    const p = file('a\nb')
    await runModule(lineinfile, { path: p, line: 'x', insertbefore: '^b' }, env())
    expect(readFileSync(p, 'utf8')).toBe('a\nx\nb')
    await runModule(lineinfile, { path: p, line: 'top', insertbefore: 'BOF' }, env())
    await runModule(lineinfile, { path: p, line: 'end' }, env())
    expect(readFileSync(p, 'utf8')).toBe('top\na\nx\nb\nend\n')
  })

  it('fails on a missing file unless create, and never creates it in check mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-lif-'))
    const p = join(dir, 'sub', 'nofile')
    expect(strip(await runModule(lineinfile, { path: p, line: 'x' }, env()))).toEqual({ changed: false, failed: true, msg: `Destination ${p} does not exist !`, rc: 257 })
    const c = await runModule(lineinfile, { path: p, line: 'x', create: true }, env({ check: true, diff: true }))
    expect(strip(c)).toEqual({ backup: '', changed: true, msg: 'line added', diff: { before: '', after: 'x\n', ...headers(p) } })
    expect(existsSync(join(dir, 'sub'))).toBe(false)
    const r = await runModule(lineinfile, { path: p, line: 'x', create: true }, env())
    expect(r).toMatchObject({ changed: true, msg: 'line added' })
    expect(readFileSync(p, 'utf8')).toBe('x\n')
  })

  it('refuses a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-lif-'))
    expect(strip(await runModule(lineinfile, { path: dir, line: 'x' }, env()))).toEqual({ changed: false, failed: true, msg: `Path ${dir} is a directory !`, rc: 256 })
  })

  it('replaces with backrefs', async () => {
    const p = file('foo=1\nbar=2\n')
    const r = await runModule(lineinfile, { path: p, regexp: '^foo=(\\d)$', line: 'foo=\\1\\1', backrefs: true }, env({ diff: true }))
    expect(strip(r)).toEqual({
      backup: '',
      changed: true,
      msg: 'line replaced',
      diff: [{ before: 'foo=1\nbar=2\n', after: 'foo=11\nbar=2\n', ...headers(p) }, attrHeaders(p)],
    })
    // No match with backrefs: nothing is added.
    expect(await runModule(lineinfile, { path: p, regexp: '^nomatch', line: 'z', backrefs: 'yes' }, env())).toMatchObject({ changed: false })
    expect(readFileSync(p, 'utf8')).toBe('foo=11\nbar=2\n')
  })

  it('replaces the last match, or the first with firstmatch', async () => {
    const p = file('k=1\nk=2\n')
    await runModule(lineinfile, { path: p, regexp: '^k=', line: 'k=9' }, env())
    expect(readFileSync(p, 'utf8')).toBe('k=1\nk=9\n')
    await runModule(lineinfile, { path: p, regexp: '^k=', line: 'k=0', firstmatch: true }, env())
    expect(readFileSync(p, 'utf8')).toBe('k=0\nk=9\n')
    await runModule(lineinfile, { path: p, search_string: 'k=9', line: 'k=8' }, env())
    expect(readFileSync(p, 'utf8')).toBe('k=0\nk=8\n')
  })

  it('reports mode changes as Ansible does', async () => {
    const p = file('a\nb\nc\n')
    const r = await runModule(lineinfile, { path: p, line: 'q', mode: '0600' }, env({ check: true, diff: true }))
    expect(strip(r)).toEqual({
      backup: '',
      changed: true,
      msg: 'line added and ownership, perms or SE linux context changed',
      diff: [{ before: 'a\nb\nc\n', after: 'a\nb\nc\nq\n', ...headers(p) }, { before: { mode: '0644' }, after: { mode: '0600' }, ...attrHeaders(p) }],
    })
    expect(statSync(p).mode & 0o777).toBe(0o644)
    const m = await runModule(lineinfile, { path: p, line: 'b', mode: '0600' }, env())
    expect(m).toMatchObject({ changed: true, msg: 'ownership, perms or SE linux context changed' })
    expect(statSync(p).mode & 0o777).toBe(0o600)
  })

  it('removes lines (state=absent)', async () => {
    const p = file('a\nb\nc\n')
    const r = await runModule(lineinfile, { path: p, regexp: '^[ab]', state: 'absent' }, env({ check: true, diff: true }))
    expect(strip(r)).toEqual({
      backup: '',
      changed: true,
      found: 2,
      msg: '2 line(s) removed',
      diff: [{ before: 'a\nb\nc\n', after: 'c\n', ...headers(p) }, attrHeaders(p)],
    })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\nc\n')
    await runModule(lineinfile, { path: p, line: 'c', state: 'absent' }, env())
    expect(readFileSync(p, 'utf8')).toBe('a\nb\n')
    expect(strip(await runModule(lineinfile, { path: p + '.none', regexp: 'x', state: 'absent' }, env()))).toEqual({ changed: false, msg: 'file not present' })
    expect((await runModule(lineinfile, { path: p, state: 'absent' }, env())).msg).toBe('one of line, search_string, or regexp is required with state=absent')
  })

  it('warns about an empty search string', async () => {
    const p = file('a\n')
    const r = await runModule(lineinfile, { path: p, search_string: '', line: 'x' }, env())
    expect(r.warnings).toEqual(['The search string is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.'])
    expect(r.msg).toBe('line replaced')
    expect((await runModule(lineinfile, { path: p, regexp: 'a', search_string: 'a', line: 'x' }, env())).msg).toBe('parameters are mutually exclusive: regexp|search_string')
  })

  it('keeps a backup', async () => {
    const p = file('a\n')
    const r = await runModule(lineinfile, { path: p, line: 'b', backup: true }, env())
    expect(String(r.backup)).toMatch(/\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~$/)
    expect(readFileSync(String(r.backup), 'utf8')).toBe('a\n')
  })

  it('validates the new content before writing (lineinfile and blockinfile)', async () => {
    const p = file('a\n')
    expect(strip(await runModule(lineinfile, { path: p, line: 'b', validate: 'grep -q zzz %s' }, env()))).toEqual({ changed: false, failed: true, msg: 'failed to validate: rc:1 error:' })
    expect(strip(await runModule(lineinfile, { path: p, line: 'b', validate: 'true' }, env()))).toEqual({ changed: false, failed: true, msg: 'validate must contain %s: true' })
    expect(readFileSync(p, 'utf8')).toBe('a\n')
    expect(await runModule(lineinfile, { path: p, line: 'b', validate: 'grep -q b %s' }, env())).toMatchObject({ changed: true, msg: 'line added' })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\n')
    const r = await runModule(blockinfile, { path: p, block: 'b', validate: 'sh -c "echo bad >&2; exit 3" %s' }, env())
    expect(strip(r)).toEqual({ changed: false, failed: true, msg: 'failed to validate: rc:3 error:bad\n' })
    expect(readFileSync(p, 'utf8')).toBe('a\nb\n')
  })
})
