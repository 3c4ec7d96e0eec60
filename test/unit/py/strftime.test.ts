/**
 * strftime against Python's time.strftime (glibc's, C locale): every conversion with every
 * flag, a width and each modifier, at a few UTC times, as strftime-record.py recorded them.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { strftime } from '../../../src/py/strftime.js'

interface Case {
  secs: number
  format: string
  expect: string
}

const cases = JSON.parse(readFileSync(join(__dirname, 'strftime-cases.json'), 'utf8')) as Case[]

it.each(cases.map((c) => [c.format.slice(0, 24), c.secs, c] as const))('%s… at %d', (_, __, c) => {
  const got = strftime(c.format, c.secs, true).split('|')
  expect(got).toEqual(c.expect.split('|'))
})
