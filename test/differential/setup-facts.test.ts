/**
 * The setup module against ansible-core 2.14 on this very host: facts depend on the
 * machine, so instead of a golden both engines run live/setup-facts one after the other,
 * locally and over SSH (a real sshd on this host), and every task's ansible_facts must
 * have the same names and the same values (facts-compare.ts says which values may change
 * between two gatherings). Needs ansible-playbook 2.14 (the oracle); skipped without it.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useSshdLab } from '../helpers/sshd-fixture.js'
import { compareFacts, type FactsComparison } from './facts-compare.js'
import { runEngine, type SshTarget } from './run-engine.js'

const SCENARIO = join(import.meta.dirname, 'live', 'setup-facts')
const oracle = spawnSync(process.env.DIFF_ANSIBLE_PLAYBOOK ?? 'ansible-playbook', ['--version'], { encoding: 'utf8' })
const hasOracle = oracle.status === 0 && /core 2\.14\./.test(oracle.stdout)

interface TaskResult {
  task: string
  result: Record<string, unknown>
}

/** Each task's result for the one host, from the json callback's document. */
function results(engine: 'ansible' | 'tsible', ssh?: SshTarget): TaskResult[] {
  const run = runEngine(engine, SCENARIO, 600_000, ssh)
  expect(run.rc, `${engine} exited ${run.rc}:\n${run.stderr.slice(0, 2000)}`).toBe(0)
  const doc = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { plays: { tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[] }[] }
  return doc.plays[0]!.tasks.map((t) => ({ task: t.task.name, result: Object.values(t.hosts)[0]! }))
}

function compareRuns(ssh?: SshTarget): void {
  const a = results('ansible', ssh)
  const t = results('tsible', ssh)
  expect(t.map((x) => x.task)).toEqual(a.map((x) => x.task))
  const report: string[] = []
  const problems: string[] = []
  for (const [i, { task, result }] of a.entries()) {
    const mine = t[i]!.result
    if (result.failed) {
      expect({ task, failed: mine.failed, msg: mine.msg }).toEqual({ task, failed: result.failed, msg: result.msg })
      report.push(`${task}: failed as ansible`)
      continue
    }
    const c: FactsComparison = compareFacts(result.ansible_facts as Record<string, unknown>, mine.ansible_facts as Record<string, unknown>, ssh === undefined)
    report.push(`${task}: keys ${c.commonKeys} equal of ${c.ansibleKeys} (tsible ${c.tsibleKeys}), values equal ${c.equalValues}${c.leftOut.length ? `; left out: ${c.leftOut.join(', ')}` : ''}`)
    problems.push(...c.differences.map((d) => `${task}: ${d}`))
  }
  console.log(`setup facts ${ssh ? 'over SSH' : 'local'}:\n  ${report.join('\n  ')}`)
  expect(problems).toEqual([])
}

describe.skipIf(!hasOracle)('setup facts: tsible vs ansible-playbook 2.14 on the same host', () => {
  const lab = useSshdLab(1)

  it('local connection', () => compareRuns(), 1_500_000)

  it('over SSH', () => {
    const l = lab()
    compareRuns({ port: l.hosts[0]!.port, user: 'root', keyFile: l.clientKeyFile })
  }, 1_500_000)
})
