/**
 * merge_yaml's merge and PyYAML's dump: expected outputs recorded from kolla-ansible
 * 2023.1's `Utils.update_nested_conf` and PyYAML 6.0's `yaml.dump(...,
 * default_flow_style=False, width=...)` by oracle/yaml_oracle.py (inputs in
 * oracle/yaml_cases.py, plus seeded random strings for quoting, escaping and folding).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadYaml } from '../../../src/yaml/load.js'
import { yamlDump, type DumpOptions } from '../../../src/py/yaml/emitter.js'
import { sourceDocument, updateNestedConf } from '../../../plugins/kolla/yaml-merge.js'

/** PyYAML's pure-Python `yaml.dump`, the flavour these cases were recorded with. */
const pyyamlDump = (data: unknown, opts: DumpOptions) => yamlDump(data, { ...opts, flavour: 'python' })

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))

interface MergeCase {
  name: string
  sources: string[]
  extend_lists: boolean
  width: number | null
  expected?: string
  error?: string
}
interface DumpCase {
  name: string
  data: unknown
  width: number | null
  expected: string
}

describe('merge_yaml: load, update_nested_conf, dump (oracle: kolla + PyYAML)', () => {
  const cases: MergeCase[] = fixture('yaml-merge-cases.json')
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const run = () => {
      const out: Record<string, unknown> = {}
      for (const s of c.sources) updateNestedConf(out, sourceDocument(loadYaml(s)), c.extend_lists)
      return pyyamlDump(out, { width: c.width })
    }
    if (c.error !== undefined) {
      const message = c.error.slice(c.error.indexOf(': ') + 2)
      expect(run).toThrow(message)
    } else {
      expect(run()).toBe(c.expected)
    }
  })
})

describe('PyYAML dump (oracle: yaml.dump default_flow_style=False)', () => {
  const cases: DumpCase[] = fixture('yaml-dump-cases.json')
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    expect(pyyamlDump(c.data, { width: c.width })).toBe(c.expected)
  })
})
