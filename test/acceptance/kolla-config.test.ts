/**
 * The main acceptance test: kolla-ansible 2023.1's site.yml, unchanged, with
 * kolla_action=config on 9 local-connection hosts, must write the tree ansible-core 2.14
 * wrote (331 files, byte for byte, same modes) and report the same task statuses, then
 * be idempotent, and `--check --diff` must report exactly what a changed global changes.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, diffTrees, golden, goldenTree, normalizeStatuses, prepareFixture, readTree, runTsible } from './kolla-fixture.js'

describe('kolla-config fixture', () => {
  let dir: string

  beforeAll(() => {
    dir = prepareFixture()
  })

  it('run 1 writes the golden tree and reports the golden statuses', () => {
    const r = runTsible(dir)
    expect(r.rc, r.stderr.slice(-3000)).toBe(0)
    expect(normalizeStatuses(r.stdout)).toEqual(golden('statuses-run1.json'))
    const diffs = diffTrees(goldenTree(), readTree(join(dir, 'node-config')))
    expect(diffs).toEqual([])
  })

  it('run 2 on the same directory changes nothing', () => {
    const r = runTsible(dir)
    expect(r.rc, r.stderr.slice(-3000)).toBe(0)
    expect(normalizeStatuses(r.stdout)).toEqual(golden('statuses-run2.json'))
  })

  it('--check --diff after changing a global reports exactly the files a real run changes, and writes nothing', () => {
    const before = readTree(join(dir, 'node-config'))
    // What a real run with the changed global changes, on a copy of the fixture.
    const copy = copyFixture(dir)
    const real = runTsible(copy, ['-e', 'openstack_logging_debug=True'])
    expect(real.rc, real.stderr.slice(-3000)).toBe(0)
    const after = readTree(join(copy, 'node-config'))
    const changedFiles = [...after.keys()].filter((p) => before.get(p)?.content !== after.get(p)?.content).map((p) => join(dir, 'node-config', p))
    expect(changedFiles.length).toBeGreaterThan(0)

    const check = runTsible(dir, ['--check', '--diff', '-e', 'openstack_logging_debug=True'])
    expect(check.rc, check.stderr.slice(-3000)).toBe(0)
    expect(diffTrees(before, readTree(join(dir, 'node-config')))).toEqual([])
    const reported = changedDests(check.stdout)
    expect(reported.map((r) => r.dest).sort()).toEqual(changedFiles.sort())
    for (const r of reported) expect(r.hasDiff, r.dest).toBe(true)

    const shown = runTsible(dir, ['--check', '--diff', '-e', 'openstack_logging_debug=True'], 'default')
    expect(shown.stdout).toMatch(/^-debug = False$/m)
    expect(shown.stdout).toMatch(/^\+debug = True$/m)
  })
})

/** The dest of every changed file result (loop items included) in a json-callback output. */
function changedDests(jsonOutput: string): { dest: string; hasDiff: boolean }[] {
  const run = JSON.parse(jsonOutput) as { plays: { tasks: { hosts: Record<string, Record<string, unknown>> }[] }[] }
  const out: { dest: string; hasDiff: boolean }[] = []
  const visit = (r: Record<string, unknown>) => {
    if (Array.isArray(r.results)) for (const i of r.results as Record<string, unknown>[]) visit(i)
    else if (r.changed === true) {
      // In check mode a file result is {changed, diff}: the diff's before header is the dest.
      const diffs = (Array.isArray(r.diff) ? r.diff : [r.diff]).filter(Boolean) as { before?: unknown; after?: unknown; before_header?: string }[]
      const dest = typeof r.dest === 'string' ? r.dest : diffs.find((d) => typeof d.before_header === 'string')?.before_header
      if (dest) out.push({ dest, hasDiff: diffs.some((d) => d.before !== d.after) })
    }
  }
  for (const p of run.plays) for (const t of p.tasks) for (const r of Object.values(t.hosts)) visit(r)
  return out
}
