/**
 * A secret is masked where it is shown escaped or in pieces: inside a JSON string, inside
 * a Python repr (a loop item's label), and a multi-line secret's lines on their own (a key
 * re-indented in a rendered file); the text around each is kept.
 */
import { describe, expect, it } from 'vitest'
import { SecretRegistry } from '../../src/vault/secrets.js'
import { jsonDumps } from '../../src/py/json-dumps.js'
import { pyRepr } from '../../src/py/values.js'

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nNhAAAAAwEAAQAAAQEA0KPqgFft8TWjiqJzsSrnxA\n-----END OPENSSH PRIVATE KEY-----\n'
const QUOTED = `it's a "pass\\word"`

describe('secrets shown escaped or in pieces', () => {
  const reg = new SecretRegistry()
  reg.add(KEY)
  reg.add(QUOTED)

  it('masks them inside JSON and Python reprs, keeping the rest', () => {
    for (const v of [KEY, QUOTED]) {
      const json = `{"item": ${jsonDumps(v)}}`
      expect(reg.maskText(json)).toBe('{"item": "********"}')
      const repr = `(item={'key': ${pyRepr(v)}})`
      expect(reg.maskText(repr)).toMatch(/^\(item=\{'key': (.)\*{8}\1\}\)$/)
    }
  })

  it("masks each long line of a multi-line secret, as a re-indented block shows it", () => {
    const block = KEY.split('\n').map((l) => `    ${l}`).join('\n')
    const masked = reg.maskText(`key: |\n${block}`)
    expect(masked).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ')
    expect(masked).not.toContain('NhAAAAAwEAAQAAAQEA0KPqgFft8TWjiqJzsSrnxA')
    expect(masked.startsWith('key: |\n    ********\n    ********\n')).toBe(true)
  })
})
