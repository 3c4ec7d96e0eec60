/**
 * str.format with string keyword arguments against Python 3.11 (str-format-record.py):
 * the text, or the exception's class and message.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { pyFormatStrings, StrFormatError } from '../../../src/py/str-format.js'

interface Case {
  format: string
  expect?: string
  error?: string
}

const recorded = JSON.parse(readFileSync(join(__dirname, 'str-format-cases.json'), 'utf8')) as { kwargs: Record<string, string>; cases: Case[] }

it.each(recorded.cases.map((c) => [c.format, c] as const))('%s', (_, c) => {
  let got: string
  try {
    got = pyFormatStrings(c.format, recorded.kwargs)
  } catch (e) {
    if (!(e instanceof StrFormatError)) throw e
    got = `${e.pyClass}: ${e.message}`
    expect(got).toBe(c.error)
    return
  }
  expect(got).toBe(c.expect)
})
