/**
 * The default callback against ansible-playbook 2.14's own output: every recorded run
 * that used it is replayed and must print the same stdout and stderr, byte for byte.
 */
import { describe, expect, it } from 'vitest'
import defaultCallback from '../../../plugins/callback/default.js'
import { recordedRuns, replay } from './replay.js'

const runs = recordedRuns().filter((r) => r.callback === 'default')

describe('default callback replays Ansible 2.14 runs', () => {
  it('has recorded runs', () => {
    expect(runs.length).toBeGreaterThan(20)
  })

  for (const run of runs) {
    it(run.name, async () => {
      const out = await replay(run, defaultCallback)
      expect(out.stdout).toBe(run.stdout)
      expect(out.stderr).toBe(run.stderr)
    })
  }
})
