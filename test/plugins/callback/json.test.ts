/**
 * The json callback against ansible.posix's json callback output recorded with
 * ansible-playbook 2.14. Only the timestamps differ between two runs, so they are
 * replaced before comparing; everything else must be identical, byte for byte.
 */
import { describe, expect, it } from 'vitest'
import json, { pythonUtcTimestamp } from '../../../plugins/callback/json.js'
import { recordedRuns, replay } from './replay.js'

const runs = recordedRuns().filter((r) => r.callback === 'json')
const TIMESTAMP = /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z"/g
const normalize = (s: string) => s.replace(TIMESTAMP, '"<timestamp>"')

describe('json callback replays Ansible 2.14 runs', () => {
  it('has recorded runs', () => {
    expect(runs.length).toBeGreaterThan(8)
  })

  for (const run of runs) {
    it(run.name, async () => {
      const out = await replay(run, json)
      expect(normalize(out.stdout)).toBe(normalize(run.stdout))
      expect(out.stderr).toBe(run.stderr)
    })
  }

  it('writes Python isoformat timestamps', () => {
    expect(pythonUtcTimestamp(new Date(Date.UTC(2026, 10, 22, 10, 34, 2, 521)))).toBe('2026-11-22T10:34:02.521000Z')
    expect(pythonUtcTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)))).toBe('2026-01-02T03:04:05Z')
  })

  it('matches the structure normalize-statuses.py reads', async () => {
    const run = runs.find((r) => r.name === 'multihost/json')!
    const doc = JSON.parse((await replay(run, json)).stdout)
    expect(Object.keys(doc).sort()).toEqual(['custom_stats', 'global_custom_stats', 'plays', 'stats'])
    const task = doc.plays[0].tasks[0]
    expect(Object.keys(task).sort()).toEqual(['hosts', 'task'])
    expect(Object.keys(task.task).sort()).toEqual(['duration', 'id', 'name', 'path'])
    expect(doc.stats.h1).toEqual({ changed: 4, failures: 0, ignored: 2, ok: 15, rescued: 0, skipped: 6, unreachable: 0 })
  })
})
