/**
 * normalize-output.ts makes runs comparable whatever order hosts finish in: replaying a
 * recorded run with each task's host results in another order gives different text, but
 * the same normalised text.
 */
import { describe, expect, it } from 'vitest'
import defaultCallback from '../../../plugins/callback/default.js'
import { normalizeOutput, normalizeVolatile } from './normalize-output.js'
import { recordedRuns, replay, type RecordedEvent, type RecordedRun } from './replay.js'

const hostOf = (e: RecordedEvent): string | undefined => {
  const a = e.args?.[0] as { host?: string } | undefined
  return e.event.startsWith('v2_runner_') && typeof a?.host === 'string' ? a.host : undefined
}

/** The run with each task's host results sorted by host name, descending (each host's own order kept). */
function reversedHosts(run: RecordedRun): RecordedRun {
  const events: RecordedEvent[] = []
  let segment: RecordedEvent[] = []
  const flush = () => {
    const slots = segment.map((e) => hostOf(e) !== undefined)
    const runner = segment.filter((e) => hostOf(e) !== undefined).sort((a, b) => (hostOf(b)! < hostOf(a)! ? -1 : hostOf(b)! > hostOf(a)! ? 1 : 0))
    let k = 0
    events.push(...segment.map((e, i) => (slots[i] ? runner[k++]! : e)))
    segment = []
  }
  for (const e of run.events) {
    if (hostOf(e) === undefined && e.event !== 'display' && e.event !== 'warning') flush()
    segment.push(e)
  }
  flush()
  return { ...run, events }
}

describe('normalizeOutput', () => {
  // Not multihost: there Ansible runs `meta: flush_handlers` per host, and which banner a
  // handler's result lands under depends on timing in Ansible itself.
  const runs = recordedRuns().filter((r) => ['options/default', 'unreachable/default', 'warnings/default'].includes(r.name))
  for (const run of runs) {
    it(`${run.name}: host order does not matter after normalising`, async () => {
      const out = await replay(reversedHosts(run), defaultCallback)
      expect(out.stdout).not.toBe(run.stdout)
      expect(normalizeOutput(out.stdout)).toBe(normalizeOutput(run.stdout))
    })
  }

  it('replaces times, temporary paths and ids', () => {
    const line =
      '"delta": "0:00:00.003563", "end": "2026-11-23 04:38:55.808933", "src": "/root/.ansible/tmp/ansible-tmp-1795408736.25-15511-14245/source", "id": "02fc0000-0001-acc0-2d18-000000000002"'
    expect(normalizeVolatile(line)).toBe('"delta": "<delta>", "end": "<time>", "src": "<tmp>", "id": "<id>"')
  })
})
