/**
 * The harness's own rules, checked without running any engine: placeholders, the json
 * document split, which result keys survive normalisation, and (over every recorded
 * golden) that the status mapping agrees with ansible's own recap counters.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { describeDifferences } from './compare.js'
import { readGolden, toGolden } from './golden.js'
import { normalizeRun, reduceResult, statusOf } from './normalize.js'
import { GOLDENS } from './run-engine.js'

const paths = { scenario: '/w/test/differential/scenarios/x', outDir: '/tmp/tsible-diff-x-1/out', home: '/root' }

describe('toGolden', () => {
  it('replaces machine paths with placeholders and keeps text printed before the document', () => {
    const doc = { plays: [{ play: { name: 'p' }, tasks: [] }], stats: {}, note: `${paths.scenario}/f ${paths.outDir}/o /root/.ansible` }
    const g = toGolden({ rc: 0, stdout: `Pausing for 1 seconds\n${JSON.stringify(doc, null, 4)}\n`, stderr: `[WARNING]: ${paths.scenario}\n`, paths })
    expect((g.output as { note: string }).note).toBe('@SCENARIO@/f @OUT_DIR@/o @HOME@/.ansible')
    expect(g.stdout_prefix).toBe('Pausing for 1 seconds\n')
    expect(g.stderr).toBe('[WARNING]: @SCENARIO@\n')
  })

  it('records no document when the run printed none', () => {
    const g = toGolden({ rc: 4, stdout: '', stderr: 'ERROR! bad\n\ndetails', paths })
    expect(g.output).toBeNull()
    expect(normalizeRun(g)).toMatchObject({ rc: 4, plays: null, errors: ['ERROR! bad'] })
  })
})

describe('reduceResult', () => {
  it('keeps command rc/stdout and drops timings, invocation and interpreter discovery', () => {
    const r = reduceResult({
      action: 'command', changed: true, rc: 0, stdout: 'hi', start: 's', end: 'e', delta: 'd', msg: '',
      invocation: { module_args: {} }, ansible_facts: { discovered_interpreter_python: '/usr/bin/python3' },
    })
    expect(r).toEqual({ status: 'changed', action: 'command', rc: 0, stdout: 'hi' })
  })

  it('keeps engine messages for any action, module messages only for debug/fail/assert', () => {
    expect(reduceResult({ action: 'command', failed: true, msg: 'non-zero return code', rc: 1, stdout: '' }).msg).toBeUndefined()
    expect(reduceResult({ action: 'command', failed: true, msg: "'x' is undefined. 'x' is undefined" }).msg).toContain('undefined')
    expect(reduceResult({ action: 'ansible.builtin.fail', failed: true, msg: 'boom' }).msg).toBe('boom')
  })

  it('keeps a debug var= result under its variable name, not the loop bookkeeping', () => {
    const r = reduceResult({ action: 'debug', changed: false, results: [{ _ansible_item_label: 'a', item: 'a', svc: 'a', ansible_loop_var: 'svc', thing: 1 }] })
    expect(r.items).toEqual([{ label: 'a', status: 'ok', thing: 1 }])
  })

  it('classifies statuses as normalize-statuses.py does', () => {
    expect(statusOf({ unreachable: true, failed: true })).toBe('unreachable')
    expect(statusOf({ skipped: true, changed: true })).toBe('skipped')
    expect(statusOf({ failed: true, changed: true })).toBe('failed')
    expect(statusOf({ changed: true })).toBe('changed')
    expect(statusOf({})).toBe('ok')
  })
})

describe('goldens', () => {
  const names = readdirSync(GOLDENS).map((f) => f.replace(/\.json$/, ''))

  // Every failure the json callback records is one of ansible's failures, ignored or rescued.
  it.each(names)('%s: failed statuses match the recap counters', (name) => {
    const run = normalizeRun(readGolden(name)!)
    const stats = (run.stats ?? {}) as Record<string, { failures: number; ignored: number; rescued: number }>
    for (const [host, s] of Object.entries(stats)) {
      const failed = (run.plays ?? []).flatMap((p) => p.tasks).filter((t) => t.hosts[host]?.status === 'failed').length
      expect(failed, host).toBe(s.failures + s.ignored + s.rescued)
    }
  })

  it('a golden compared with itself shows no differences, and a changed one does', () => {
    const run = normalizeRun(readGolden('blocks')!)
    expect(describeDifferences(run, normalizeRun(readGolden('blocks')!))).toEqual([])
    const changed = structuredClone(run)
    changed.plays![0]!.tasks[0]!.hosts.h2!.msg = 'other'
    expect(describeDifferences(run, changed)).toEqual(['plays[0](play "blocks").tasks[0](task "fails on h2").hosts.h2.msg: expected "boom on h2", got "other"'])
  })
})
