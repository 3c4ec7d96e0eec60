import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { mergeIni } from '../../../plugins/kolla/ini.js'

interface Case {
  name: string
  sources: string[]
  whitespace: boolean
  expected?: string
  error?: string
}

// Expected values recorded from kolla-ansible 2023.1's merge_configs.OverrideConfigParser
// (oslo.config 9.0 iniparser) by oracle/ini_oracle.py.
const cases: Case[] = JSON.parse(readFileSync(new URL('./fixtures/ini-cases.json', import.meta.url), 'utf8'))

describe('merge_configs INI parse/merge/write (oracle: kolla OverrideConfigParser)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error !== undefined) {
      expect(() => mergeIni(c.sources, c.whitespace)).toThrow(c.error.replace(/^ParseError: /, ''))
      try {
        mergeIni(c.sources, c.whitespace)
      } catch (e) {
        expect(`${(e as Error).name}: ${(e as Error).message}`).toBe(c.error)
      }
    } else {
      expect(mergeIni(c.sources, c.whitespace)).toBe(c.expected)
    }
  })
})
