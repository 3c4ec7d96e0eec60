/**
 * kolla's container modules take every release's arguments: each case of
 * oracle/module_args_cases.py was validated by the AnsibleModule of the own module of
 * every release from train-eol to master (oracle/module_args_oracle.py). Where
 * some release accepts the arguments, tsible accepts them and converts them as one such
 * release does (the arguments select the release); where none does, tsible fails with one
 * release's words.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kollaModules } from '../../../plugins/kolla/index.js'
import { factsOptions } from '../../../plugins/kolla/modules/release-args.js'
import { validateArgs } from '../../../src/module-api/validate-args.js'

interface Recorded {
  module: string
  args: Record<string, unknown>
  params?: Record<string, unknown>
  error?: string
}

const RELEASES = [
  'train-eol', 'ussuri-eol', 'victoria-eol', 'wallaby-eol', 'xena-eol', 'yoga-eol', 'zed-eol', '2023.1-eol',
  '2023.2-eol', '2024.1', '2024.2-eol', '2025.1', '2025.2', '2026.1', 'master',
] as const
const recorded = RELEASES.flatMap((release) =>
  (JSON.parse(readFileSync(new URL(`./fixtures/module-args-${release}.json`, import.meta.url), 'utf8')) as Recorded[]).map((r) => ({ ...r, release })),
)

/**
 * Cases where tsible answers otherwise, and why: 2023.1's kolla_toolbox takes any string
 * as container_engine and then uses Docker whatever it says; tsible rejects an engine it
 * cannot drive, as master's module does.
 */
const EXCEPTIONS = new Set(['kolla_toolbox {"container_engine":"lxc","module_name":"x"}'])

const key = (module: string, args: unknown) => `${module} ${JSON.stringify(args)}`
const cases = new Map<string, (Recorded & { release: string })[]>()
for (const r of recorded) cases.set(key(r.module, r.args), [...(cases.get(key(r.module, r.args)) ?? []), r])

function tsible(module: string, args: Record<string, unknown>): { params?: Record<string, unknown>; error?: string } {
  const def = kollaModules.find((m) => m.name === module)!
  try {
    const params = validateArgs(def, structuredClone(args))
    // master's nested `args` option is checked and converted as the module starts.
    if (module === 'kolla_container_facts' && params.action) params.args = factsOptions(params.args)
    return { params }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

describe('kolla container modules: every release\'s arguments', () => {
  it.each([...cases.entries()].filter(([k]) => !EXCEPTIONS.has(k)))('%s', (_k, outcomes) => {
    const { module, args } = outcomes[0]
    const got = tsible(module, args)
    const accepting = outcomes.filter((o) => o.params)
    if (accepting.length) {
      expect(got.error, `accepted by ${accepting.map((o) => o.release).join(', ')}`).toBeUndefined()
      // The given arguments come out as one accepting release converts them.
      const given = (p: Record<string, unknown>) => Object.fromEntries(Object.keys(args).map((k) => [k, p[k]]))
      const candidates = accepting.map((o) => given(o.params!))
      expect(candidates).toContainEqual(given(got.params!))
    } else {
      // An argument no release defines: Ansible's words for it, naming the union of the
      // releases' parameters. Otherwise one release's words.
      const known = new Set(recorded.filter((r) => r.module === module && r.params).flatMap((r) => Object.keys(r.params!)))
      const undefinedAnywhere = Object.keys(args).filter((k) => !known.has(k))
      if (undefinedAnywhere.length) expect(got.error).toMatch(new RegExp(`^Unsupported parameters for \\(${module}\\) module: ${undefinedAnywhere.join(', ')}\\.`))
      else expect(outcomes.map((o) => o.error!.replace('(kolla_container)', '(kolla_docker)'))).toContain(got.error)
    }
  })

  it('rejects an engine it cannot drive, where 2023.1 took any string', () => {
    for (const k of EXCEPTIONS) {
      const outcomes = cases.get(k)!
      expect(outcomes.some((o) => o.params)).toBe(true)
      expect(tsible(outcomes[0].module, outcomes[0].args).error).toBe('value of container_engine must be one of: docker, podman, got: lxc')
    }
  })
})
