/**
 * Ansible's boolean() against ansible-core 2.14 itself (boolean-oracle.json, written by
 * oracle-boolean.py): strict and not, strings lowered and stripped as Python strips them,
 * numbers 1/1.0 and 0/0.0, unhashable values.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { boolean } from '../../../src/py/boolean.js'
import { pyFloat } from '../../../src/py/values.js'

type Outcome = boolean | { error: string }
interface Row {
  value: unknown
  strict: Outcome
  loose: Outcome
}

const rows = JSON.parse(readFileSync(join(__dirname, 'boolean-oracle.json'), 'utf8')) as Row[]

function decode(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'float' in v) return pyFloat((v as { float: number }).float)
  return v
}

function outcome(fn: () => boolean): Outcome {
  try {
    return fn()
  } catch (e) {
    return { error: (e as Error).message }
  }
}

/** Python lists the valid booleans in its set's (random) order: the oracle keeps what comes before. */
function comparable(got: Outcome, want: Outcome): Outcome {
  if (typeof got === 'object' && typeof want === 'object' && got.error.startsWith(want.error)) return want
  return got
}

describe('boolean() equals ansible-core 2.14', () => {
  it.each(rows.map((r) => [JSON.stringify(r.value), r] as const))('%s', (_n, r) => {
    const v = decode(r.value)
    expect(comparable(outcome(() => boolean(v)), r.strict)).toEqual(r.strict)
    expect(comparable(outcome(() => boolean(v, false)), r.loose)).toEqual(r.loose)
  })
})
