/**
 * The acceptance tests of kolla releases other than 2023.1 (test/fixtures/kolla-releases):
 * the release's unchanged tree, `--syntax-check` and `--list-tasks` equal to
 * ansible-core 2.14's, and a `kolla_action=config` run on the kolla-config fixture's 9-host
 * layout whose files and statuses equal ansible-core's, then a second run that changes
 * nothing. The goldens come from scripts/record-kolla-release.sh.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { diffTrees, normalizeStatuses, readTree, runTsible, SHARED, type TreeEntry } from './kolla-fixture.js'

const RELEASES = resolve(__dirname, '../fixtures/kolla-releases')

/** A whole-tree load takes seconds alone and more on a busy machine; two config runs take minutes. */
const LISTING_MS = 600_000
const CONFIG_RUNS_MS = 3_600_000

export interface KollaRelease {
  /** The folder of test/fixtures/kolla-releases. */
  release: string
  /** The release's tree (its ansible/ and etc/kolla/, without the Python plugins). */
  corpus: string
  /** Images the tree's config run needs in the local engine (kolla_docker ensure_image). */
  images?: string[]
}

export const corpusOf = (name: string) => join(SHARED, 'corpus', name)

function golden(release: string, name: string): string {
  return readFileSync(join(RELEASES, release, 'golden', name), 'utf8')
}

/** The golden node-config tree of a release, extracted to a temp dir. */
function goldenTree(release: string): Map<string, TreeEntry> {
  const dir = mkdtempSync(join(tmpdir(), `tsible-kr-golden-${release}-`))
  execFileSync('tar', ['-xf', join(RELEASES, release, 'golden/node-config.tar'), '-C', dir, '--no-same-owner'])
  return readTree(dir)
}

function prepare(r: KollaRelease): string {
  const dir = mkdtempSync(join(tmpdir(), `tsible-kr-${r.release}-`))
  return execFileSync('sh', [join(RELEASES, 'prepare.sh'), r.release, join(r.corpus, 'ansible'), dir], { encoding: 'utf8' }).trim()
}

/** The local Docker engine, started when it is not running, with an empty image of each name. */
async function ensureImages(images: string[]): Promise<void> {
  if (!images.length) return
  if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status !== 0)
    throw new Error('the kolla config run needs a running Docker engine (`docker info` failed): start dockerd first')
  for (const image of images) {
    if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore' }).status === 0) continue
    execFileSync('sh', ['-c', `tar -cf - -T /dev/null | docker import - '${image}'`])
  }
}

/** TAGS of a play are a Python set in ansible's listing: their order is normalised on both sides. */
const sortPlayTags = (text: string) =>
  text.replace(/^( {2}play #\d+ .*\tTAGS: \[)([^\]]*)\]$/gm, (_all, head: string, tags: string) => `${head}${tags.split(',').filter(Boolean).sort().join(',')}]`)

/** normalize-statuses.py's reduction of a json-callback run. */
interface Statuses {
  stats: Record<string, Record<string, number>>
  tasks: { play: string; task: string; hosts: Record<string, string> }[]
}

/** Where two reduced runs differ, one readable line per host of a task (empty when equal). */
export function statusDiffs(expected: Statuses, actual: Statuses): string[] {
  const out: string[] = []
  const n = Math.max(expected.tasks.length, actual.tasks.length)
  for (let i = 0; i < n && out.length < 50; i++) {
    const e = expected.tasks[i]
    const a = actual.tasks[i]
    if (!e || !a || e.play !== a.play || e.task !== a.task) {
      out.push(`task #${i + 1}: ${a ? `${a.play} / ${a.task}` : '(none)'} instead of ${e ? `${e.play} / ${e.task}` : '(none)'}`)
      break
    }
    for (const h of new Set([...Object.keys(e.hosts), ...Object.keys(a.hosts)]))
      if (e.hosts[h] !== a.hosts[h]) out.push(`task #${i + 1} ${e.play} / ${e.task} on ${h}: ${a.hosts[h] ?? '(not run)'} instead of ${e.hosts[h] ?? '(not run)'}`)
  }
  for (const h of new Set([...Object.keys(expected.stats), ...Object.keys(actual.stats)]))
    if (JSON.stringify(expected.stats[h]) !== JSON.stringify(actual.stats[h]))
      out.push(`recap of ${h}: ${JSON.stringify(actual.stats[h])} instead of ${JSON.stringify(expected.stats[h])}`)
  return out
}

/** The tasks of a reduced run that changed a host, as "play / task on host". */
function changedTasks(s: Statuses): string[] {
  return s.tasks.flatMap((t) => Object.entries(t.hosts).filter(([, v]) => v === 'changed').map(([h]) => `${t.play} / ${t.task} on ${h}`))
}

/** The listing, syntax check and config-run tests of one release. */
export function describeKollaRelease(r: KollaRelease): void {
  describe.skipIf(!existsSync(join(r.corpus, 'ansible/site.yml')))(`kolla ${r.release}`, () => {
    let dir: string
    beforeAll(async () => {
      dir = prepare(r)
      await ensureImages(r.images ?? [])
    })

    it('--syntax-check succeeds as ansible-core 2.14 does', () => {
      const out = runTsible(dir, ['--syntax-check'], 'default', r.corpus)
      expect(out.rc, out.stderr.slice(-3000)).toBe(0)
      expect(out.stdout).toBe(golden(r.release, 'syntax-check.txt').split('@CORPUS@').join(r.corpus))
    }, LISTING_MS)

    it('--list-tasks lists what ansible-core 2.14 lists', () => {
      const out = runTsible(dir, ['--list-tasks'], 'default', r.corpus)
      expect(out.rc, out.stderr.slice(-3000)).toBe(0)
      expect(sortPlayTags(out.stdout)).toBe(sortPlayTags(golden(r.release, 'list-tasks.txt').split('@CORPUS@').join(r.corpus)))
    }, LISTING_MS)

    describe.runIf(existsSync(join(RELEASES, r.release, 'golden/node-config.tar')))('kolla_action=config', () => {
      const rc = () => Object.fromEntries(golden(r.release, 'rc.txt').trim().split('\n').map((l) => l.split(' ')))

      it('run 1 writes the golden tree (every file byte for byte, same modes) and reports the golden statuses and exit code', () => {
        const run1 = runTsible(dir, [], 'json', r.corpus)
        const expected = JSON.parse(golden(r.release, 'statuses-run1.json')) as Statuses
        const actual = normalizeStatuses(run1.stdout) as Statuses
        expect(statusDiffs(expected, actual), run1.stderr.slice(-3000)).toEqual([])
        expect(actual).toEqual(expected)
        expect(diffTrees(goldenTree(r.release), readTree(join(dir, 'node-config')))).toEqual([])
        expect(run1.rc).toBe(Number(rc().run1))
      }, CONFIG_RUNS_MS)

      it("run 2 on the same directory changes only what ansible-core 2.14's run 2 changes and reports its statuses", () => {
        const run2 = runTsible(dir, [], 'json', r.corpus)
        const expected = JSON.parse(golden(r.release, 'statuses-run2.json')) as Statuses
        const actual = normalizeStatuses(run2.stdout) as Statuses
        expect(statusDiffs(expected, actual), run2.stderr.slice(-3000)).toEqual([])
        expect(actual).toEqual(expected)
        expect(changedTasks(actual)).toEqual(changedTasks(expected))
        expect(diffTrees(goldenTree(r.release), readTree(join(dir, 'node-config')))).toEqual([])
        expect(run2.rc).toBe(Number(rc().run2))
      }, CONFIG_RUNS_MS)
    })
  })
}
