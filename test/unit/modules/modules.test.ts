/**
 * Built-in modules through the real runtime and the local connection, case by case
 * against what ansible-core 2.14's modules did with the same arguments and files
 * (expected.json, recorded by record.py from cases.yml): the compared result keys and
 * every file left in the case's directory, with its mode.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { builtinModules } from '../../../modules/index.js'
import { runModule } from '../../../src/module-api/run-module.js'
import { loadYaml } from '../../../src/yaml/load.js'
import { moduleEnv } from '../../helpers/module-env.js'

interface Case {
  name: string
  module: string
  args: Record<string, unknown>
  files?: Record<string, string>
  check?: boolean
}

interface Expected {
  result: Record<string, unknown>
  files: Record<string, { content: string; mode: string }>
}

const cases = loadYaml(readFileSync(join(__dirname, 'cases.yml'), 'utf8')) as Case[]
const expected = JSON.parse(readFileSync(join(__dirname, 'expected.json'), 'utf8')) as Record<string, Expected>

const sub = (v: unknown, d: string): unknown =>
  typeof v === 'string' ? v.split('@DIR@').join(d) : Array.isArray(v) ? v.map((x) => sub(x, d)) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sub(x, d)])) : v
const unsub = (v: unknown, d: string): unknown =>
  typeof v === 'string' ? v.split(d).join('@DIR@') : Array.isArray(v) ? v.map((x) => unsub(x, d)) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unsub(x, d)])) : v

function snapshot(root: string): Expected['files'] {
  const out: Expected['files'] = {}
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else out[relative(root, p)] = { content: readFileSync(p, 'utf8'), mode: `0o${(statSync(p).mode & 0o7777).toString(8)}` }
    }
  }
  walk(root)
  return out
}

const byName = new Map(builtinModules.map((m) => [m.name, m]))

describe('modules against ansible-core 2.14', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const want = expected[c.name]
      const dir = mkdtempSync(join(tmpdir(), 'tsible-modcase-'))
      for (const [rel, content] of Object.entries(c.files ?? {})) {
        mkdirSync(dirname(join(dir, rel)), { recursive: true })
        writeFileSync(join(dir, rel), content)
      }
      const def = byName.get(c.module)!
      const result = (await runModule(def, sub(c.args, dir) as Record<string, unknown>, moduleEnv({ check: c.check === true }))) as Record<string, unknown>
      const got: Record<string, unknown> = {}
      for (const k of Object.keys(want.result)) if (k in result) got[k] = result[k]
      if (want.result.stat && got.stat) {
        const st = got.stat as Record<string, unknown>
        got.stat = Object.fromEntries(Object.keys(want.result.stat as object).map((k) => [k, st[k]]))
      }
      for (const k of ['changed', 'failed', 'skipped']) if (!(k in want.result) && result[k] === true) got[k] = true
      expect(unsub(got, dir)).toEqual(want.result)
      expect(snapshot(dir)).toEqual(want.files)
    })
  }
})
