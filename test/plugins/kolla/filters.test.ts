/**
 * kolla's filters against results recorded from each kolla-ansible release's own Python
 * (oracle/filters_oracle.py on every release from train-eol to master: a jinja2 Context
 * with ansible-core's `bool` filter, and a `hostvars` that answers a missing host with an
 * Undefined). Each case runs twice: with `hostvars` as a plain dict and as the engine's
 * lazy mapping. One set of filters serves every release; where a release's own code gives
 * another result for the same arguments, the case is listed in RELEASE_DIFFERENCES with why.
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

const RELEASES = [
  'train-eol', 'ussuri-eol', 'victoria-eol', 'wallaby-eol', 'xena-eol', 'yoga-eol', 'zed-eol', '2023.1-eol',
  '2023.2-eol', '2024.1', '2024.2-eol', '2025.1', '2025.2', '2026.1', 'master',
] as const

const casesOf = (release: string): Case[] => JSON.parse(readFileSync(new URL(`./fixtures/filter-cases-${release}.json`, import.meta.url), 'utf8'))

/**
 * Cases where a release's own filter answers otherwise for the same arguments, and the
 * release whose answer tsible gives:
 * - train..zed's extract_cell skipped the row of cell0's all-zero UUID; 2023.1 dropped
 *   that (no tree asks for a cell named cell0);
 * - before 2026.1, kolla_address returned a loopback primary address even when the
 *   interface has a non-loopback secondary;
 * - zed's database_shards_info names the host as a literal '{hostname}' in its error (its
 *   f-string lacks the f): 2023.1 names the host;
 * - train's kolla_address read the interface from the injected `ansible_<name>` variable,
 *   later ones from `ansible_facts`: tsible reads `ansible_facts`, then the variable (the
 *   two agree whenever facts are injected, Ansible's default), and train..xena's
 *   AttributeError on a missing `hostvars` (which Ansible always sets) is master's FilterError.
 */
const TRAIN_TO_XENA = ['train-eol', 'ussuri-eol', 'victoria-eol', 'wallaby-eol', 'xena-eol']
const TRAIN_TO_ZED = [...TRAIN_TO_XENA, 'yoga-eol', 'zed-eol']
const RELEASE_DIFFERENCES: Record<string, Record<string, string>> = Object.fromEntries(
  RELEASES.map((r) => {
    const d: Record<string, string> = {}
    if (TRAIN_TO_ZED.includes(r)) d['extract_cell: cell0 by name'] = 'master'
    if (r !== 'master' && r !== '2026.1') d['kolla_address: loopback with secondaries'] = 'master'
    if (r === 'train-eol') d['kolla_address: interface only in ansible_facts'] = 'master'
    else d['kolla_address: interface only among injected facts'] = 'train-eol'
    if (TRAIN_TO_XENA.includes(r)) d['kolla_address: no hostvars'] = 'master'
    if (r === 'zed-eol') d['database_shards_info: missing shard id'] = '2023.1-eol'
    return [r, d]
  }),
)

/**
 * Arguments a release does not define (an earlier release called with a later one's
 * arguments, e.g. kolla_address's override_var before 2025.1): Python's TypeError there;
 * here the later release's behaviour, which those arguments select.
 */
const LATER_ARGUMENTS = /^TypeError: \w+\(\) (takes .* positional arguments? but \d+ were given|got an unexpected keyword argument)/

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

/** The filter's outcome as the oracle records it: `{expected}` or `{error: 'Name: message'}`. */
function outcome(c: Case, lazyHostvars: boolean): { expected?: unknown; error?: string } {
  const fn = kollaFilters[c.filter]
  try {
    return { expected: fn(structuredClone(c.input), c.args, {}, context(structuredClone(c.vars), lazyHostvars)) }
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` }
  }
}

const recorded = (c: Case) => (c.error !== undefined ? { error: c.error } : { expected: c.expected })

const caseName = (c: Case) => `${c.filter}: ${c.name}`
const recordedIn = (release: string, name: string) => recorded(casesOf(release).find((x) => caseName(x) === name)!)

describe.each(RELEASES)('kolla %s filters', (release) => {
  const cases = casesOf(release)
  const differing = RELEASE_DIFFERENCES[release]
  describe.each([false, true])('lazy hostvars: %s', (lazyHostvars) => {
    it.each(cases.filter((c) => !(caseName(c) in differing)).map((c) => [caseName(c), c] as const))('%s', (_n, c) => {
      expect(kollaFilters[c.filter]).toBeTypeOf('function')
      const want = LATER_ARGUMENTS.test(c.error ?? '') ? recordedIn('master', caseName(c)) : recorded(c)
      expect(outcome(c, lazyHostvars)).toEqual(want)
    })
  })
  it.runIf(Object.keys(differing).length > 0)('differs from this release only where listed, and there as the release named', () => {
    for (const [name, follows] of Object.entries(differing)) {
      const c = cases.find((x) => caseName(x) === name)
      expect(c, name).toBeDefined()
      expect(outcome(c!, false), name).not.toEqual(recorded(c!))
      expect(outcome(c!, false), name).toEqual(recordedIn(follows, name))
    }
  })
})

describe('the filters of every release', () => {
  it('are all provided', () => {
    const names = new Set(RELEASES.flatMap((r) => casesOf(r).map((c) => c.filter)))
    for (const n of names) expect(kollaFilters[n], n).toBeTypeOf('function')
    expect([...names].sort()).toEqual(
      [
        'bcrypt_hash', 'customise_fluentd', 'database_shards_info', 'extract_cell', 'extract_haproxy_services',
        'get_expected_ironic_compute_services', 'kolla_address', 'kolla_url', 'namespace_haproxy_for_cell',
        'nova_aggregate_host_map', 'nova_az_host_map', 'put_address_in_context', 'select_services_enabled_and_mapped_to_host',
        'service_enabled', 'service_enabled_and_mapped_to_host', 'service_mapped_to_host',
      ],
    )
  })

  it('bcrypt_hash without a salt makes a fresh cost-12 hash of the password', async () => {
    const bcrypt = (await import('bcryptjs')).default
    const ctx = context({}, false)
    const a = kollaFilters.bcrypt_hash('secret', [], {}, ctx) as string
    const b = kollaFilters.bcrypt_hash('secret', [], {}, ctx) as string
    expect(a).toMatch(/^\$2b\$12\$/)
    expect(a).not.toBe(b)
    expect(bcrypt.compareSync('secret', a)).toBe(true)
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
