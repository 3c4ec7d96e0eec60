/**
 * Every filter, module and action plugin of every kolla-ansible release from train to master
 * exists in tsible under the same name, and takes every argument the release's own plugin
 * takes. fixtures/release-plugins.json was read from each release's Python
 * (oracle/release_plugins_census.py); docs/kolla-releases.md lists it per release. What
 * each plugin does with those arguments is checked against recorded cases elsewhere
 * (filters.test.ts, release-args.test.ts, bslurp.test.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kollaFilters, kollaModules } from '../../../plugins/kolla/index.js'

interface ReleasePlugins {
  release: string
  commit: string
  filters: string[]
  /** Module name → its argument names, each with its own option names where it has some. */
  modules: Record<string, Record<string, Record<string, null> | null>>
  /** Action plugin name → the task arguments it reads (merge_configs and merge_yaml pass the rest to copy). */
  actions: Record<string, Record<string, null>>
}

const census: ReleasePlugins[] = JSON.parse(readFileSync(new URL('./fixtures/release-plugins.json', import.meta.url), 'utf8'))

const moduleNamed = (name: string) => kollaModules.find((m) => m.name === name || (m.fqcns ?? []).includes(name))
const argNames = (name: string) => Object.keys(moduleNamed(name)?.args.properties ?? {})

describe('the census covers train to master', () => {
  it('lists every release in order', () => {
    expect(census.map((r) => r.release)).toEqual([
      'train-eol', 'ussuri-eol', 'victoria-eol', 'wallaby-eol', 'xena-eol', 'yoga-eol', 'zed-eol', '2023.1-eol',
      '2023.2-eol', 'unmaintained/2024.1', '2024.2-eol', 'stable/2025.1', 'stable/2025.2', 'stable/2026.1', 'master',
    ])
  })
})

describe.each(census.map((r) => [r.release, r] as const))('kolla %s', (_release, r) => {
  it('has every filter', () => {
    expect(r.filters.filter((f) => !(f in kollaFilters))).toEqual([])
  })

  it('has every module and action plugin', () => {
    expect([...Object.keys(r.modules), ...Object.keys(r.actions)].filter((m) => !moduleNamed(m))).toEqual([])
  })

  it('takes every argument of each', () => {
    const missing = Object.entries({ ...r.modules, ...r.actions }).flatMap(([m, args]) =>
      Object.keys(args).filter((a) => !argNames(m).includes(a)).map((a) => `${m}.${a}`),
    )
    expect(missing).toEqual([])
  })
})
