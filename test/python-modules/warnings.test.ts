/**
 * The warnings ansible-core 2.14 shows while it processes a module's result (a `results`
 * key that is not a list, internal keys a module must not return, junk after the JSON),
 * word for word and in order: tsible's stderr on the python-modules-internals scenario
 * against the stderr recorded from ansible-playbook 2.14 (its golden). The results
 * themselves are compared by the differential test.
 */
import { describe, expect, it } from 'vitest'
import { readGolden, toGolden } from '../differential/golden.js'
import { runEngine } from '../differential/run-engine.js'

const SCENARIO = 'python-modules-internals'

/** `[WARNING]: …` and `[DEPRECATION WARNING]: …` messages, their wrapped lines joined. */
function warningLines(stderr: string): string[] {
  const out: string[] = []
  let current: string | undefined
  for (const line of stderr.split('\n')) {
    if (/^\[(WARNING|DEPRECATION WARNING)\]:/.test(line)) {
      if (current !== undefined) out.push(current)
      current = line.trim()
    } else if (current !== undefined && line.trim() !== '' && !/^\s*(\[[A-Z ]+\]:|ERROR!)/.test(line)) {
      current += ' ' + line.trim()
    } else if (current !== undefined) {
      out.push(current)
      current = undefined
    }
  }
  if (current !== undefined) out.push(current)
  return out.map((w) => w.replace(/\s+/g, ' '))
}

describe('warnings from module results', () => {
  it('are those ansible-playbook 2.14 shows, in its order', () => {
    const golden = readGolden(SCENARIO)!
    const expected = warningLines(golden.stderr)
    expect(expected.length).toBeGreaterThan(3)
    const run = toGolden(runEngine('tsible', SCENARIO, 400_000))
    expect(warningLines(run.stderr)).toEqual(expected)
  }, 420_000)
})
