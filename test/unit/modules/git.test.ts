/**
 * git through the real runtime against local repositories (git CLI on this machine);
 * expected results recorded from ansible-core 2.14 (`python3 -m ansible.modules.git`)
 * on a repository of the same shape: commits one (tag v1), two on main, three on other.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import git from '../../../modules/git.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
const g = (cwd: string, ...a: string[]) => execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=n', ...a], { cwd, encoding: 'utf8' }).trim()

function source() {
  const d = mkdtempSync(join(tmpdir(), 'tsible-git-'))
  const src = join(d, 'src')
  execFileSync('git', ['init', '-q', '-b', 'main', src])
  writeFileSync(join(src, 'f'), 'one\n')
  g(src, 'add', 'f')
  g(src, 'commit', '-q', '-m', 'one')
  g(src, 'tag', 'v1')
  const one = g(src, 'rev-parse', 'HEAD')
  g(src, 'commit', '-q', '--allow-empty', '-m', 'two')
  const two = g(src, 'rev-parse', 'HEAD')
  g(src, 'checkout', '-q', '-b', 'other')
  writeFileSync(join(src, 'f'), 'three\n')
  g(src, 'commit', '-q', '-am', 'three')
  const three = g(src, 'rev-parse', 'HEAD')
  g(src, 'checkout', '-q', 'main')
  return { d, src, dest: join(d, 'dest'), one, two, three }
}

describe('git', () => {
  it('clones (predicted in check mode without touching the disk), then is idempotent', async () => {
    const { src, dest, two } = source()
    const check = await runModule(git, { repo: src, dest }, env({ check: true, diff: true }))
    expect(strip(check)).toEqual({ after: two, before: null, changed: true, diff: { prepared: `>> Newly checked out ${two}` }, warnings: [] })
    expect(existsSync(dest)).toBe(false)
    const clone = await runModule(git, { repo: src, dest }, env({ diff: true }))
    expect(strip(clone)).toEqual({ after: two, before: null, changed: true, diff: { prepared: `>> Newly checked out ${two}` }, warnings: [] })
    expect(g(dest, 'rev-parse', 'HEAD')).toBe(two)
    expect(strip(await runModule(git, { repo: src, dest }, env({ diff: true })))).toEqual({ after: two, before: two, changed: false, remote_url_changed: false, warnings: [] })
  })

  it('switches to a tag and to a branch, with the diff', async () => {
    const { src, dest, one, two, three } = source()
    await runModule(git, { repo: src, dest }, env())
    const check = await runModule(git, { repo: src, dest, version: 'v1' }, env({ check: true, diff: true }))
    expect(strip(check)).toEqual({ after: one, before: two, changed: true, diff: { prepared: `>> No visual differences between ${two} and ${one}` }, remote_url_changed: false, warnings: [] })
    expect(g(dest, 'rev-parse', 'HEAD')).toBe(two)
    const tag = await runModule(git, { repo: src, dest, version: 'v1' }, env({ diff: true }))
    expect(strip(tag)).toEqual({ after: one, before: two, changed: true, diff: { prepared: `>> No visual differences between ${two} and ${one}` }, remote_url_changed: false, warnings: [] })
    const branch = await runModule(git, { repo: src, dest, version: 'other' }, env({ diff: true }))
    expect(strip(branch)).toMatchObject({ after: three, before: one, changed: true, remote_url_changed: false, warnings: [] })
    expect((branch.diff as { prepared: string }).prepared).toContain('-one\n+three\n')
    expect(readFileSync(join(dest, 'f'), 'utf8')).toBe('three\n')
    expect(g(dest, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('other')
  })

  it('refuses local modifications unless force, follows new commits', async () => {
    const { src, dest, two } = source()
    await runModule(git, { repo: src, dest }, env())
    writeFileSync(join(dest, 'f'), 'local\n')
    const r = await runModule(git, { repo: src, dest }, env())
    expect(strip(r)).toEqual({ before: two, changed: false, failed: true, msg: `Local modifications exist in the destination: ${dest} (force=no).`, warnings: [] })
    g(src, 'commit', '-q', '--allow-empty', '-m', 'four')
    const four = g(src, 'rev-parse', 'HEAD')
    const forced = await runModule(git, { repo: src, dest, force: true }, env())
    expect(strip(forced)).toEqual({ after: four, before: two, changed: true, msg: `Local modifications exist in the destination: ${dest}`, remote_url_changed: false, warnings: [] })
    expect(readFileSync(join(dest, 'f'), 'utf8')).toBe('one\n')
  })

  it('update=no and clone=no change nothing', async () => {
    const { src, dest, two } = source()
    expect(strip(await runModule(git, { repo: src, dest, clone: false }, env()))).toEqual({ after: two, before: null, changed: true, warnings: [] })
    expect(existsSync(dest)).toBe(false)
    await runModule(git, { repo: src, dest }, env())
    expect(strip(await runModule(git, { repo: src, dest, update: false, version: 'v1' }, env()))).toEqual({ after: two, before: two, changed: false, warnings: [] })
    expect(strip(await runModule(git, { repo: src }, env()))).toMatchObject({ failed: true, msg: 'the destination directory must be specified unless clone=no' })
  })
})
