/**
 * The container section of a report, on the demo deployment (playbooks/, kolla-style roles
 * whose kolla_docker handlers plan in check mode) on the local Docker engine: after run 1,
 * the plan of a dry run lists exactly the containers that a real run with the same change
 * then recreates or restarts (and no others), with the same operations as the real run's
 * own report, and the attributes that differ.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, ensureEngine, inspect } from '../docker/helpers/engine.js'

const run = promisify(execFile)
const REPO = join(__dirname, '../..')
const P = 'tsrp_'
const NAMES = [`${P}status`, `${P}web`]
const config = mkdtempSync(join(tmpdir(), 'tsible-report-demo-'))
/** node_custom_config with the demo's status.ini override changed (its motd). */
const custom = mkdtempSync(join(tmpdir(), 'tsible-report-custom-'))
writeFileSync(join(custom, 'status.ini'), readFileSync(join(REPO, 'playbooks/config/status.ini'), 'utf8').replace(/^motd = .*$/m, 'motd = reviewed before deploying'))
const VARS = ['-e', `container_prefix=${P}`, '-e', 'web_port=18280', '-e', 'status_port=18281', '-e', `node_config_directory=${config}`]

interface Container {
  name: string
  operation: string
  task: string
  hosts: string[]
  reasons: { attribute: string; current: unknown; wanted: unknown }[]
  notified_by: string[]
}

async function playbook(...extra: string[]): Promise<{ out: string; rc: number }> {
  const argv = [join(REPO, 'bin/tsible-playbook.js'), '-i', 'playbooks/inventory', ...VARS, ...extra, 'playbooks/site.yml']
  return run(process.execPath, argv, { cwd: REPO, env: { ...process.env, ANSIBLE_NOCOLOR: '1' }, maxBuffer: 32 << 20 }).then(
    (r) => ({ out: r.stdout, rc: 0 }),
    (e: { stdout: string; code: number }) => ({ out: e.stdout, rc: e.code }),
  )
}

/** Id and start time of each demo container. */
async function states(): Promise<Record<string, [string, string]>> {
  const out: Record<string, [string, string]> = {}
  for (const n of NAMES) {
    const c = (await inspect(n))!
    out[n] = [c.Id, c.State.StartedAt]
  }
  return out
}

/** What happened to each container between two states: recreate (new id), restart (new start), or nothing. */
function happened(before: Record<string, [string, string]>, after: Record<string, [string, string]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const n of NAMES) {
    if (after[n]![0] !== before[n]![0]) out[n] = 'recreate'
    else if (after[n]![1] !== before[n]![1]) out[n] = 'restart'
  }
  return out
}

function containers(file: string): Record<string, string> {
  const report = JSON.parse(readFileSync(file, 'utf8')) as { containers: Container[] }
  return Object.fromEntries(report.containers.map((c) => [c.name, c.operation]))
}

beforeAll(async () => {
  await ensureEngine()
  await run('bash', [join(REPO, 'scripts/demo-images.sh')])
  await cleanup(P)
  const r = await playbook()
  expect(r.rc, r.out).toBe(0)
}, 300_000)

afterAll(() => cleanup(P))

describe('the containers of a report (playbooks/ on the local engine)', () => {
  for (const [what, change, expected] of [
    ['a changed port: web recreated, status (its config names the port) restarted', ['-e', 'web_port=18290'], { [`${P}web`]: 'recreate', [`${P}status`]: 'restart' }],
    ['an operator override of status.ini only: status restarted, web left alone', ['-e', `node_custom_config=${custom}`], { [`${P}status`]: 'restart' }],
  ] as const) {
    it(`${what}: the dry run's plan lists the containers the real run then changes, and no others`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tsible-report-plan-'))
      const before = await states()
      const dry = await playbook(...change, '--check', '--report', join(dir, 'plan.json'), '--detailed-exitcode')
      expect(dry.rc, dry.out).toBe(2)
      expect(await states()).toEqual(before)
      const planned = containers(join(dir, 'plan.json'))

      const real = await playbook(...change, '--report', join(dir, 'run.json'))
      expect(real.rc, real.out).toBe(0)
      const done = happened(before, await states())
      expect(done).toEqual(expected)
      expect(planned).toEqual(done)
      expect(containers(join(dir, 'run.json'))).toEqual(done)

      const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { containers: Container[] }
      for (const c of plan.containers) {
        expect(c.hosts).toEqual(['localhost'])
        // Why: the attributes that differ (a recreate), or the changes that notified the handler (a restart).
        if (c.operation === 'recreate') expect(c.reasons.length, c.name).toBeGreaterThan(0)
        else expect(c.notified_by.length, c.name).toBeGreaterThan(0)
      }
      // Back to run 1's settings for the next case.
      expect((await playbook()).rc).toBe(0)
    }, 300_000)
  }
})
