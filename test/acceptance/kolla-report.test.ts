/**
 * `--report` on the kolla-config fixture (kolla-ansible 2023.1's site.yml, 9 hosts): after
 * run 1, the plan of a dry run with a changed global lists exactly the files a real run
 * then rewrites, with the diffs the real run's own report shows; no value of passwords.yml
 * appears in the plan or on the dry run's terminal when the file is marked secret (by
 * `--secret-vars` or by `[tsible] secret_vars`), while the text around each is kept; two
 * plans of the same change are byte-identical; `--detailed-exitcode` says 2, then 0 for a
 * dry run with nothing to change.
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadYamlFile } from '../../src/yaml/load.js'
import { copyFixture, prepareFixture, readTree, runTsible } from './kolla-fixture.js'

interface ReportFile {
  path: string
  task: string
  hosts: string[]
  paths: Record<string, string>
  diff: string
}

interface Report {
  mode: string
  summary: { files: number; failures: number }
  files: ReportFile[]
}

/** Every string value of passwords.yml, and each line of the multi-line ones (the ssh keys). */
function passwordValues(dir: string): string[] {
  const out: string[] = []
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v, ...v.split('\n').filter((l) => l.length >= 16))
    else if (v && typeof v === 'object') Object.values(v).forEach(walk)
  }
  walk(loadYamlFile(join(dir, 'passwords.yml')))
  return [...new Set(out)]
}

const CHANGE = ['-e', 'openstack_logging_debug=True']

describe('--report on the kolla-config fixture', () => {
  let dir: string
  let secrets: string[]

  beforeAll(() => {
    dir = prepareFixture()
    const r = runTsible(dir)
    expect(r.rc, r.stderr.slice(-3000)).toBe(0)
    secrets = passwordValues(dir)
    expect(secrets.length).toBeGreaterThan(100)
  }, 600_000)

  it('a dry run lists exactly the files a real run rewrites, with the same diffs, and writes nothing', () => {
    const before = readTree(join(dir, 'node-config'))
    const copy = copyFixture(dir)
    const planFile = join(dir, 'plan.json')
    const dry = runTsible(dir, ['--check', ...CHANGE, '--report', planFile, '--secret-vars', '@passwords.yml', '--detailed-exitcode'], 'default')
    expect(dry.rc, dry.stderr.slice(-3000)).toBe(2)
    expect(readTree(join(dir, 'node-config'))).toEqual(before)

    const real = runTsible(copy, [...CHANGE, '--report', join(copy, 'run.json'), '--secret-vars', '@passwords.yml'], 'default')
    expect(real.rc, real.stderr.slice(-3000)).toBe(0)
    const after = readTree(join(copy, 'node-config'))
    const rewritten = [...after.keys()].filter((p) => before.get(p)?.content !== after.get(p)?.content).sort()
    expect(rewritten.length).toBeGreaterThan(50)

    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as Report
    const record = JSON.parse(readFileSync(join(copy, 'run.json'), 'utf8').split(copy).join(dir)) as Report
    expect([plan.mode, record.mode]).toEqual(['check', 'run'])
    const listed = (r: Report) => r.files.flatMap((f) => Object.values(f.paths)).map((p) => p.slice(join(dir, 'node-config/').length)).sort()
    expect(listed(plan)).toEqual(rewritten)
    expect(plan.summary.files).toBe(rewritten.length)
    // The same diffs as the real run's own record, file by file and host by host.
    expect(plan.files).toEqual(record.files)
    // Each removed and added line is a line of the file before and after the real run.
    const masked = (text: string) => secrets.reduce((t, s) => t.split(s).join('********'), text)
    for (const f of plan.files) {
      for (const [host, path] of Object.entries(f.paths)) {
        const rel = path.slice(join(dir, 'node-config/').length)
        const old = masked(before.get(rel)!.content!).split('\n')
        const now = masked(after.get(rel)!.content!).split('\n')
        const body = f.diff.split('\n').filter((l) => !/^(---|\+\+\+) /.test(l))
        for (const l of body.filter((l) => l.startsWith('-'))) expect(old, `${host} ${rel}`).toContain(l.slice(1))
        for (const l of body.filter((l) => l.startsWith('+'))) expect(now, `${host} ${rel}`).toContain(l.slice(1))
        expect(body.some((l) => l.startsWith('+')), rel).toBe(true)
      }
    }
    expect(plan.files.some((f) => f.diff.includes('\n-debug = False\n+debug = True\n'))).toBe(true)

    // No password in the plan nor on the terminal; the text around them is kept.
    const text = readFileSync(planFile, 'utf8')
    for (const out of [text, dry.stdout, dry.stderr, real.stdout]) for (const s of secrets) expect(out.includes(s), s).toBe(false)
    expect(text).toContain('transport_url = rabbit://openstack:********@192.0.2.11:5672,openstack:********@192.0.2.12:5672')
    expect(dry.stdout).toContain('transport_url = rabbit://openstack:********@192.0.2.11:5672')

    // The same change planned again: the same bytes.
    const again = join(dir, 'plan-again.json')
    const dry2 = runTsible(dir, ['--check', ...CHANGE, '--report', again, '--secret-vars', '@passwords.yml'], 'json')
    expect(dry2.rc, dry2.stderr.slice(-3000)).toBe(0)
    expect(readFileSync(again, 'utf8')).toBe(text)
  }, 900_000)

  it('a dry run with nothing to change exits 0 with an empty plan; unmarked, the passwords do show', () => {
    const planFile = join(dir, 'empty.md')
    const dry = runTsible(dir, ['--check', '--report', planFile, '--detailed-exitcode'], 'default')
    expect(dry.rc, dry.stderr.slice(-3000)).toBe(0)
    const md = readFileSync(planFile, 'utf8')
    expect(md).toContain('0 hosts would change, 0 would fail; 0 file changes, 0 container changes')
    expect(md).not.toContain('## Files')
    // Without marking passwords.yml secret, its values are shown (loop item labels): what the marking hides.
    expect(secrets.some((s) => dry.stdout.includes(s))).toBe(true)
  }, 600_000)

  it('the secret_vars setting in ansible.cfg masks as --secret-vars does, in a markdown plan', () => {
    appendFileSync(join(dir, 'ansible.cfg'), '\n[tsible]\nsecret_vars = passwords.yml\n')
    const planFile = join(dir, 'plan.md')
    const dry = runTsible(dir, ['--check', ...CHANGE, '--report', planFile], 'default')
    expect(dry.rc, dry.stderr.slice(-3000)).toBe(0)
    const md = readFileSync(planFile, 'utf8')
    for (const out of [md, dry.stdout]) for (const s of secrets) expect(out.includes(s), s).toBe(false)
    expect(md).toContain('### `' + join(dir, 'node-config/{host}/nova-api/nova.conf') + '`')
    expect(md).toContain('3 hosts (control01, control02, control03) · `nova : Copying over nova.conf`')
    expect(md).toContain('transport_url = rabbit://openstack:********@192.0.2.11:5672')
  }, 600_000)
})
