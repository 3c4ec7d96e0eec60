/**
 * The output helpers against Python's and ansible-core's own results for the same inputs
 * (goldens from tools/gen_goldens.py): difflib.unified_diff, json.dumps, textwrap.wrap,
 * get_text_width, CallbackBase._get_diff and TaskResult.clean_copy.
 */
import { describe, expect, it } from 'vitest'
import { cleanTaskResult } from '../../../src/output/clean-result.js'
import { diffText } from '../../../src/output/diff-text.js'
import { jsonDumps as pyJsonDumps } from '../../../src/py/json-dumps.js'
import { textWidth } from '../../../src/output/text-width.js'
import { wrap } from '../../../src/py/textwrap.js'
import { unifiedDiff } from '../../../src/output/unified-diff.js'
import { golden } from './goldens.js'

describe('unifiedDiff equals difflib.unified_diff', () => {
  const cases = golden<{ a: string[]; b: string[]; n: number; diff: string[] }>('unified-diff.json')
  it('has cases', () => expect(cases.length).toBeGreaterThan(100))
  cases.forEach((c, i) => {
    it(`case ${i} (${c.a.length} -> ${c.b.length} lines, n=${c.n})`, () => {
      expect(unifiedDiff(c.a, c.b, { fromFile: 'before', toFile: 'after: x', context: c.n })).toEqual(c.diff)
    })
  })
})

describe('pyJsonDumps equals json.dumps', () => {
  const cases = golden<{ value: unknown; indent: number | null; sortKeys: boolean; ensureAscii: boolean; out: string }>('py-json.json')
  cases.forEach((c, i) => {
    it(`case ${i} (indent=${c.indent}, sort_keys=${c.sortKeys}, ensure_ascii=${c.ensureAscii})`, () => {
      expect(pyJsonDumps(c.value, { indent: c.indent, sortKeys: c.sortKeys, ensureAscii: c.ensureAscii })).toBe(c.out)
    })
  })
})

describe('wrap equals textwrap.wrap', () => {
  const cases = golden<{ text: string; width: number; dropWhitespace: boolean; out: string[] }>('textwrap.json')
  cases.forEach((c, i) => {
    it(`case ${i} (width ${c.width})`, () => {
      expect(wrap(c.text, c.width, { dropWhitespace: c.dropWhitespace })).toEqual(c.out)
    })
  })
})

describe('textWidth equals get_text_width', () => {
  for (const c of golden<{ text: string; width: number }>('text-width.json')) {
    it(JSON.stringify(c.text), () => expect(textWidth(c.text)).toBe(c.width))
  }
})

describe('diffText equals CallbackBase._get_diff', () => {
  golden<{ diff: Record<string, unknown>; out: string }>('diff-text.json').forEach((c, i) => {
    it(`case ${i}`, () => expect(diffText(c.diff)).toBe(c.out))
  })
})

describe('cleanTaskResult equals TaskResult.clean_copy', () => {
  golden<{ raw: Record<string, unknown>; action: string; noLog: boolean; clean: Record<string, unknown> }>('clean-result.json').forEach(
    (c, i) => {
      it(`case ${i} (${c.action}, no_log=${c.noLog})`, () => {
        const clean = cleanTaskResult(c.raw, { action: c.action, noLog: c.noLog })
        expect(clean).toEqual(c.clean)
        // Key order matters for callbacks that print without sort_keys.
        expect(Object.keys(clean)).toEqual(Object.keys(c.clean))
      })
    },
  )
})
