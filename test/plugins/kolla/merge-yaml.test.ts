/**
 * merge_yaml end to end over the local connection with the real templar; the expected
 * file, checksum and md5 were recorded from ansible-core 2.14 running kolla-ansible
 * 2023.1's merge_yaml action on the same sources and variables.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleDefinition } from '../../../src/module-api/types.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'
import mergeYaml from '../../../plugins/kolla/modules/merge-yaml.js'

const mod: ModuleDefinition = mergeYaml

function env(vars: Record<string, unknown>, over: Partial<ModuleRunEnv> = {}): ModuleRunEnv {
  return moduleEnv(over, vars)
}

function sources() {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kolla-mys-'))
  writeFileSync(
    join(dir, 'prom.yml.j2'),
    'global:\n  scrape_interval: {{ interval }}\n  labels: {monitor: "{{ name }}"}\nscrape_configs:\n{% for h in hosts %}\n  - job_name: node_{{ h }}\n    targets: ["{{ h }}:9100"]\n{% endfor %}\nempty_list: []\nurl: "http://{{ hosts[0] }}:80/x?a=b#c"\n',
  )
  writeFileSync(join(dir, 'prom-over.yml'), 'scrape_configs:\n  - job_name: extra\nglobal:\n  scrape_interval: 15s\n  new: [a, b]\nweird: "yes"\n')
  writeFileSync(join(dir, 'empty.yml'), '')
  writeFileSync(join(dir, 'l1.yml'), 'l: [1]\n')
  writeFileSync(join(dir, 'l2.yml'), 'l: foo\n')
  return dir
}

const VARS = { interval: '60s', name: 'kolla', hosts: ['192.0.2.11', '192.0.2.12'] }

describe('merge_yaml', () => {
  it('templates, loads, deep-merges with extend_lists and dumps as PyYAML', async () => {
    const dir = sources()
    const dest = join(dir, 'prom.yml')
    const args = {
      sources: [join(dir, 'prom.yml.j2'), join(dir, 'empty.yml'), join(dir, 'nope.yml'), join(dir, 'prom-over.yml')],
      dest,
      mode: '0660',
      extend_lists: true,
    }
    const r = await runModule(mod, args, env(VARS))
    expect(r.failed).toBeUndefined()
    expect(readFileSync(dest, 'utf8')).toBe(
      "empty_list: []\nglobal:\n  labels:\n    monitor: kolla\n  new:\n  - a\n  - b\n  scrape_interval: 15s\nscrape_configs:\n- job_name: node_192.0.2.11\n  targets:\n  - 192.0.2.11:9100\n- job_name: node_192.0.2.12\n  targets:\n  - 192.0.2.12:9100\n- job_name: extra\nurl: http://192.0.2.11:80/x?a=b#c\nweird: 'yes'\n",
    )
    expect(r).toMatchObject({
      changed: true,
      checksum: '84d7fbd6d14d964a7edaa62954b0c40c9106d366',
      md5sum: 'fa0d25ed9cf3aa5dd21ede98345accbe',
      size: 293,
      mode: '0660',
    })
    expect((statSync(dest).mode & 0o777).toString(8)).toBe('660')
    const again = await runModule(mod, args, env(VARS))
    expect(again.changed).toBe(false)
  })

  it('takes extra template variables from vars', async () => {
    const dir = sources()
    const dest = join(dir, 'out.yml')
    const r = await runModule(mod, { sources: [join(dir, 'prom.yml.j2')], dest, vars: { interval: '5m' } }, env(VARS))
    expect(r.changed).toBe(true)
    expect(readFileSync(dest, 'utf8')).toContain('  scrape_interval: 5m\n')
  })

  it('fails as kolla does when a list would be extended with a non-list', async () => {
    const dir = sources()
    const r = await runModule(mod, { sources: [join(dir, 'l1.yml'), join(dir, 'l2.yml')], dest: join(dir, 'o.yml'), extend_lists: true }, env({}))
    expect(r.failed).toBe(true)
    expect(r.msg).toBe("Failure merging key `l` in dictionary `{'l': [1]}`. Expecting a list, but received: `foo`, which is of type: `<class 'str'>`")
  })

  it('fails on a multi-document source as yaml.safe_load does', async () => {
    const dir = sources()
    writeFileSync(join(dir, 'multi.yml'), 'a: 1\n---\nb: 2\n')
    const r = await runModule(mod, { sources: [join(dir, 'multi.yml')], dest: join(dir, 'o.yml') }, env({}))
    expect(r.failed).toBe(true)
    expect(String(r.msg)).toMatch(/^Unexpected failure during module execution: expected a single document in the stream/)
  })

  it('writes {} when nothing is readable', async () => {
    const dir = sources()
    const dest = join(dir, 'o.yml')
    await runModule(mod, { sources: [join(dir, 'nope.yml')], dest }, env({}))
    expect(readFileSync(dest, 'utf8')).toBe('{}\n')
  })
})
