/**
 * Differential tests: every scenario with a golden is run by tsible-playbook and its
 * normalised json output must equal the normalised golden recorded from ansible-playbook
 * 2.14 (scripts/record-differential.sh). With DIFF_ORACLE=ansible the same comparison is
 * made against a fresh ansible run instead, which checks the harness itself: the
 * normalisation must be stable across two runs of the oracle.
 *
 * DIFF_SCENARIOS=a,b limits the run to some scenarios.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeDifferences } from './compare.js'
import { readGolden, toGolden } from './golden.js'
import { normalizeRun } from './normalize.js'
import { runEngine, SCENARIOS, type Engine } from './run-engine.js'

const engine: Engine = process.env.DIFF_ORACLE === 'ansible' ? 'ansible' : 'tsible'
const only = process.env.DIFF_SCENARIOS?.split(',').filter(Boolean)
const scenarios = readdirSync(SCENARIOS)
  .filter((n) => existsSync(join(SCENARIOS, n, 'playbook.yml')))
  .filter((n) => !only || only.includes(n))
  .sort()

describe(`differential: ${engine} vs recorded ansible-playbook 2.14`, () => {
  it('has a golden for every scenario', () => {
    expect(scenarios.filter((n) => !readGolden(n))).toEqual([])
  })

  for (const name of scenarios) {
    const golden = readGolden(name)
    it.skipIf(!golden)(name, () => {
      const expected = normalizeRun(golden!)
      const run = toGolden(runEngine(engine, name))
      const actual = normalizeRun(run)
      const diffs = describeDifferences(expected, actual)
      const stderr = run.stderr.trim() ? `\n--- ${engine} stderr ---\n${run.stderr.slice(0, 3000)}` : ''
      expect(actual, `${name} differs from ansible-playbook 2.14:\n  ${diffs.join('\n  ')}${stderr}`).toEqual(expected)
    }, 200_000) // above runEngine's own kill timeout, so a hung engine is reported as such
  }
})
