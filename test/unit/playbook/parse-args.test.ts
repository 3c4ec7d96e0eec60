import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseKv, splitArgs } from '../../../src/playbook/parse-args.js'

interface Case {
  input: string
  split: string[]
  kv: Record<string, string>
  kv_raw: Record<string, string>
}

// Expected values recorded from ansible-core 2.14's parse_kv/split_args.
const cases = JSON.parse(readFileSync(new URL('../../fixtures/playbook/parse-kv.json', import.meta.url), 'utf8')) as Case[]

describe('splitArgs and parseKv match ansible.parsing.splitter', () => {
  it.each(cases)('$input', (c) => {
    expect(splitArgs(c.input)).toEqual(c.split)
    expect(parseKv(c.input)).toEqual(c.kv)
    expect(parseKv(c.input, true)).toEqual(c.kv_raw)
  })

  it('rejects unbalanced quotes and jinja blocks', () => {
    expect(() => splitArgs('a="b c')).toThrow(/unbalanced jinja2 block or quotes/)
    expect(() => splitArgs('a={{ b')).toThrow(/unbalanced jinja2 block or quotes/)
  })
})
