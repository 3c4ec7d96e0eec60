/**
 * kolla's filters against results recorded from kolla-ansible 2023.1's own Python
 * (oracle/filters_oracle.py: a jinja2 Context with ansible-core's `bool` filter, and a
 * `hostvars` that answers a missing host with an Undefined). Each case runs twice: with
 * `hostvars` as a plain dict and as the engine's lazy mapping.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kollaFilters } from '../../../plugins/kolla/index.js'
import type { TemplateContext } from '../../../src/plugin-api/types.js'
import { Undefined } from '../../../src/py/undefined.js'
import { LAZY_MAPPING, type LazyMapping } from '../../../src/py/lazy-mapping.js'

interface Case {
  name: string
  filter: string
  input: unknown
  args: unknown[]
  vars: Record<string, unknown>
  expected?: unknown
  error?: string
}

const cases: Case[] = JSON.parse(readFileSync(new URL('./fixtures/filter-cases.json', import.meta.url), 'utf8'))

/** ansible-core's `bool` filter. */
function toBool(a: unknown): unknown {
  if (a === null || typeof a === 'boolean') return a
  const v = typeof a === 'string' ? a.toLowerCase() : a
  return v === 'yes' || v === 'on' || v === '1' || v === 'true' || v === 1
}

function lazy(obj: Record<string, unknown>): LazyMapping {
  return {
    [LAZY_MAPPING]: true,
    get: (k) => (k in obj ? obj[k] : new Undefined(k)),
    has: (k) => k in obj,
    keys: () => Object.keys(obj),
  }
}

function context(vars: Record<string, unknown>, lazyHostvars: boolean): TemplateContext {
  const v: Record<string, unknown> = { ...vars }
  if (lazyHostvars && v.hostvars) {
    const hv = v.hostvars as Record<string, Record<string, unknown>>
    v.hostvars = lazy(Object.fromEntries(Object.entries(hv).map(([h, hvars]) => [h, lazy(hvars)])))
  }
  return {
    lookup: (name) => (name in v ? v[name] : new Undefined(name)),
    template: (x) => x,
    renderTemplate: (t) => t,
    findFile: () => null,
    searchPath: [],
    callFilter: (name, value) => {
      if (name !== 'bool') throw new Error(`unexpected filter ${name}`)
      return toBool(value)
    },
    callTest: () => false,
  }
}

describe.each([false, true])('kolla filters (lazy hostvars: %s)', (lazyHostvars) => {
  it.each(cases.map((c) => [`${c.filter}: ${c.name}`, c] as const))('%s', (_n, c) => {
    const fn = kollaFilters[c.filter]
    expect(fn).toBeTypeOf('function')
    const run = () => fn(structuredClone(c.input), c.args, {}, context(structuredClone(c.vars), lazyHostvars))
    if (c.error !== undefined) {
      let err: Error | undefined
      try {
        run()
      } catch (e) {
        err = e as Error
      }
      expect(err, 'expected an error').toBeDefined()
      expect(`${err!.name}: ${err!.message}`).toBe(c.error)
    } else {
      expect(run()).toEqual(c.expected)
    }
  })
})

describe('bool without an engine bool filter', () => {
  it("falls back to ansible-core's to_bool", () => {
    const ctx = { ...context({ group_names: ['g'] }, false), callFilter: () => { throw new Error('Could not load "bool": \'bool\'') } }
    const svc = (enabled: unknown) => ({ container_name: 'x', group: 'g', enabled })
    expect(kollaFilters.service_enabled_and_mapped_to_host(svc('Yes'), [], {}, ctx)).toBe(true)
    expect(kollaFilters.service_enabled_and_mapped_to_host(svc('off'), [], {}, ctx)).toBe(false)
    expect(kollaFilters.service_enabled(svc(1), [], {}, ctx)).toBe(true)
    expect(kollaFilters.service_enabled(svc('2'), [], {}, ctx)).toBe(false)
  })
})

describe('kolla filter arguments', () => {
  it('fails with the undefined-variable error on an undefined input or argument', () => {
    const ctx = context({ inventory_hostname: 'h', hostvars: { h: {} } }, false)
    expect(() => kollaFilters.put_address_in_context(new Undefined('addr'), ['url'], {}, ctx)).toThrow("'addr' is undefined")
    expect(() => kollaFilters.extract_cell(new Undefined('cells'), [''], {}, ctx)).toThrow("'cells' is undefined")
    expect(() => kollaFilters.kolla_address('api', [new Undefined('item')], {}, ctx)).toThrow("'item' is undefined")
  })

  it('binds keyword arguments as Python does', () => {
    const ctx = context({ inventory_hostname: 'h', hostvars: { h: {} } }, false)
    expect(kollaFilters.put_address_in_context('fd00::1', [], { context: 'url' }, ctx)).toBe('[fd00::1]')
    expect(() => kollaFilters.put_address_in_context('fd00::1', [], {}, ctx)).toThrow(
      "put_address_in_context() missing 1 required positional argument: 'context'",
    )
  })
})
