/** The minimal callback against ansible-playbook 2.14's recorded output, byte for byte. */
import { describe, expect, it } from 'vitest'
import minimal from '../../../plugins/callback/minimal.js'
import { recordedRuns, replay } from './replay.js'

const runs = recordedRuns().filter((r) => r.callback === 'minimal')

describe('minimal callback replays Ansible 2.14 runs', () => {
  it('has recorded runs', () => {
    expect(runs.length).toBeGreaterThan(1)
  })

  for (const run of runs) {
    it(run.name, async () => {
      const out = await replay(run, minimal)
      expect(out.stdout).toBe(run.stdout)
      expect(out.stderr).toBe(run.stderr)
    })
  }
})
