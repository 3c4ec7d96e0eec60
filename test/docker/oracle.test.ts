/**
 * kolla_docker against kolla 2023.1's own code, scenario by scenario
 * (test/docker/oracle/scenarios.json; goldens recorded by scripts/record-kolla-docker.sh
 * with kolla's generate_module, DockerWorker and SystemdWorker under ansible-core 2.14
 * and python3-docker): the create request's exact bytes, the unit text, and each of the
 * sixteen comparison rules on the scenario's inspect document, kolla_toolbox's command.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import kollaDocker, { PARAM_NAMES } from '../../plugins/kolla/modules/kolla-docker.js'
import kollaToolbox, { commandLine } from '../../plugins/kolla/modules/kolla-toolbox.js'
import { differences, ruleNamed } from '../../plugins/kolla/docker/container-compare.js'
import { createContainerBody } from '../../plugins/kolla/docker/container-config.js'
import type { ContainerInspect, ImageSummary } from '../../plugins/kolla/docker/engine-client.js'
import { generateParams, type KollaParams } from '../../plugins/kolla/docker/kolla-params.js'
import { unitSettings, unitText } from '../../plugins/kolla/docker/systemd-unit.js'
import { validateArgs } from '../../src/module-api/validate-args.js'
import type { ModuleDefinition } from '../../src/module-api/types.js'
import { jsonDumps } from '../../src/py/json-dumps.js'

const dir = join(__dirname, 'oracle')
const sc = JSON.parse(readFileSync(join(dir, 'scenarios.json'), 'utf8'))
const goldens = JSON.parse(readFileSync(join(dir, 'kolla-goldens.json'), 'utf8'))

type Outcome = { value?: unknown; exit?: { failed?: boolean }; error?: string }

function params(args: Record<string, unknown>): KollaParams {
  const a = Object.fromEntries(Object.entries({ common_options: sc.common_options, ...args }).filter(([, v]) => v !== null))
  return generateParams(PARAM_NAMES, validateArgs(kollaDocker as unknown as ModuleDefinition, a))
}

function apiAtLeast(p: KollaParams): (v: string) => boolean {
  const version = !p.api_version || p.api_version === 'auto' ? '1.41' : p.api_version
  return (v) => {
    const [a, b] = [version, v].map((x) => x.split('.').map(Number))
    return a[0] !== b[0] ? a[0] > b[0] : a[1] >= b[1]
  }
}

function merge(base: any, over: any): any {
  const out = structuredClone(base)
  for (const [k, v] of Object.entries(over ?? {})) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length && out[k] && typeof out[k] === 'object' ? merge(out[k], v) : v
  }
  return out
}

describe('the create request is the one docker-py sends for kolla', () => {
  for (const [name, golden] of Object.entries(goldens.bodies as Record<string, Outcome>)) {
    it(name, () => {
      const build = () => {
        const p = params(sc.bodies[name])
        return { body: jsonDumps(createContainerBody(p, { apiVersionAtLeast: apiAtLeast(p) }), { plain: true }), name: p.name }
      }
      if (golden.value === undefined) {
        expect(build).toThrow()
        return
      }
      const want = golden.value as { body: string; params: Record<string, string> }
      const got = build()
      expect(got.body).toBe(want.body)
      expect({ name: got.name }).toEqual(want.params)
    })
  }
})

describe('the systemd unit is the one kolla writes', () => {
  for (const [name, golden] of Object.entries(goldens.units as Record<string, Outcome>)) {
    it(name, () => {
      expect(unitText(unitSettings(params(sc.units[name])))).toBe(golden.value)
    })
  }
})

/**
 * Where kolla's code raises in a rule it never reaches (check_container_differs stops at
 * an earlier difference), tsible does not raise: a missing image gives no image labels.
 */
const KNOWN = new Set(['image-missing/compare_labels'])

describe('each comparison rule decides as kolla decides', () => {
  for (const [name, golden] of Object.entries(goldens.rules as Record<string, Record<string, Outcome>>)) {
    const scenario = sc.rules[name]
    const input = () => {
      const p = params(merge(sc.base_args, scenario.args))
      const info = merge(sc.base_inspect, scenario.inspect) as ContainerInspect
      const image = 'image' in scenario && scenario.image === null ? null : (merge(sc.base_image, scenario.image) as ImageSummary)
      return { p, info, image: async () => image, apiAtLeast: apiAtLeast(p) }
    }
    it(name, async () => {
      for (const [rule, outcome] of Object.entries(golden)) {
        if (KNOWN.has(`${name}/${rule}`)) continue
        const run = rule === 'check_container_differs' ? async () => (await differences(input())).length > 0 : async () => (await ruleNamed(rule)!(input())) !== null
        if (outcome.value !== undefined) expect({ rule, differs: await run() }).toEqual({ rule, differs: outcome.value })
        else await expect(run(), rule).rejects.toThrow()
      }
    })
  }
})

describe("kolla_toolbox runs kolla's command line in the container", () => {
  for (const [name, golden] of Object.entries(goldens.toolbox as Record<string, Outcome>)) {
    it(name, () => {
      const args = validateArgs(kollaToolbox as unknown as ModuleDefinition, sc.toolbox[name])
      expect(commandLine(args as never)).toEqual(golden.value)
    })
  }
})
