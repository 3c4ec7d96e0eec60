/**
 * The differential scenarios over SSH: every host of a scenario (localhost included) is
 * one real sshd reached as root with a key, and tsible-playbook's normalised json output
 * must equal what ansible-playbook 2.14 printed over SSH for the same scenario
 * (goldens-ssh/, recorded with `scripts/record-differential.sh --ssh`).
 */
import { describe, expect, it } from 'vitest'
import { useSshdLab } from '../helpers/sshd-fixture.js'
import { describeDifferences } from './compare.js'
import { readGolden, toGolden } from './golden.js'
import { normalizeRun } from './normalize.js'
import { runEngine } from './run-engine.js'
import { SSH_SCENARIOS } from './ssh-scenarios.js'

const lab = useSshdLab(1)
const only = process.env.DIFF_SCENARIOS?.split(',').filter(Boolean)

describe('differential over SSH: tsible vs recorded ansible-playbook 2.14 over SSH', () => {
  it('has an SSH golden for every SSH scenario', () => {
    expect(SSH_SCENARIOS.filter((n) => !readGolden(n, true))).toEqual([])
  })

  for (const name of SSH_SCENARIOS.filter((n) => !only || only.includes(n))) {
    const golden = readGolden(name, true)
    it.skipIf(!golden)(name, () => {
      const l = lab()
      const run = toGolden(runEngine('tsible', name, 180_000, { port: l.hosts[0].port, user: 'root', keyFile: l.clientKeyFile }))
      const expected = normalizeRun(golden!)
      const actual = normalizeRun(run)
      const stderr = run.stderr.trim() ? `\n--- tsible stderr ---\n${run.stderr.slice(0, 3000)}` : ''
      expect(actual, `${name} over SSH differs from ansible-playbook 2.14:\n  ${describeDifferences(expected, actual).join('\n  ')}${stderr}`).toEqual(expected)
    }, 200_000)
  }
})
