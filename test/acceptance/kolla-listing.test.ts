/**
 * `--syntax-check` and `--list-tasks` on kolla's site.yml, unchanged: the task list equals
 * what ansible-playbook 2.14 listed (recorded in kolla-list-tasks.golden.txt; a play's
 * TAGS are a Python set there, so their order is normalised on both sides).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CORPUS, prepareFixture, runTsible } from './kolla-fixture.js'

const sortPlayTags = (text: string) =>
  text.replace(/^( {2}play #\d+ .*\tTAGS: \[)([^\]]*)\]$/gm, (_all, head: string, tags: string) => `${head}${tags.split(',').filter(Boolean).sort().join(',')}]`)

describe('kolla site.yml listing', () => {
  let dir: string
  beforeAll(() => {
    dir = prepareFixture()
  })

  it('--syntax-check succeeds', () => {
    const r = runTsible(dir, ['--syntax-check'], 'default')
    expect(r.rc, r.stderr).toBe(0)
    expect(r.stdout).toBe(`\nplaybook: ${join(CORPUS, 'ansible/site.yml')}\n`)
  })

  it('--list-tasks lists what ansible-playbook 2.14 lists', () => {
    const r = runTsible(dir, ['--list-tasks'], 'default')
    expect(r.rc, r.stderr).toBe(0)
    const golden = readFileSync(join(__dirname, 'kolla-list-tasks.golden.txt'), 'utf8').split('@CORPUS@').join(CORPUS)
    expect(sortPlayTags(r.stdout)).toBe(golden)
  })
})
