/**
 * The version test against ansible-core 2.14's own version_compare over 400 seeded random
 * version pairs (version-oracle.json, written by oracle-version.py), loose and strict,
 * every operator, including LooseVersion's int-vs-str TypeError and StrictVersion's
 * 'invalid version number'.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { versionCompare } from '../../../plugins/test/version.js'
import { ansibleTests } from '../../../plugins/test/index.js'

const rows = JSON.parse(readFileSync(join(__dirname, 'version-oracle.json'), 'utf8')) as {
  a: string
  b: string
  strict: boolean
  ops: Record<string, { ok?: boolean; error?: string }>
}[]

describe('version_compare', () => {
  for (const row of rows) {
    it(`${row.a} vs ${row.b}${row.strict ? ' strict' : ''}`, () => {
      for (const [op, want] of Object.entries(row.ops)) {
        let got: { ok?: boolean; error?: string }
        try {
          got = { ok: versionCompare(row.a, row.b, op, row.strict, null) }
        } catch (e) {
          got = { error: (e as Error).message }
        }
        expect({ op, ...got }).toEqual({ op, ...want })
      }
    })
  }
})

describe('test registry', () => {
  it('has the short and ansible.builtin names of every core, files and math test', () => {
    const names = ['uri', 'url', 'urn', 'failed', 'failure', 'succeeded', 'success', 'successful', 'reachable', 'unreachable', 'changed', 'change', 'skipped', 'skip', 'finished', 'started', 'match', 'search', 'regex', 'version_compare', 'version', 'any', 'all', 'truthy', 'falsy', 'vault_encrypted', 'subset', 'issubset', 'superset', 'issuperset', 'contains', 'nan', 'isnan', 'directory', 'is_dir', 'file', 'is_file', 'link', 'is_link', 'exists', 'link_exists', 'abs', 'is_abs', 'same_file', 'is_same_file', 'mount', 'is_mount']
    for (const n of names) {
      expect(ansibleTests[n], n).toBeTypeOf('function')
      expect(ansibleTests[`ansible.builtin.${n}`], n).toBe(ansibleTests[n])
    }
  })
})
