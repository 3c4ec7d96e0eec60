/**
 * src/py's Python semantics behind Ansible's filters, against Python 3.11 itself
 * (py-oracle.json, written by oracle-py.py): re.findall/search/match/sub through the
 * Python-to-JS pattern translation, json.dumps options, random.Random seeding and draws.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PyRegex } from '../../../src/py/re.js'
import { jsonDumps } from '../../../src/py/json-dumps.js'
import { jsonLoads } from '../../../src/py/json-loads.js'
import { PyRandom } from '../../../src/py/random.js'
import { pyFixed } from '../../../src/py/values.js'

type Res = { ok?: unknown; error?: string }
interface ReRow {
  p: string
  s: string
  flags?: { multiline: boolean; ignorecase: boolean; dotall: boolean }
  findall: Res
  search?: Res
  match?: Res
  sub?: Record<string, Res>
}
const oracle = JSON.parse(readFileSync(join(__dirname, 'py-oracle.json'), 'utf8')) as {
  re: ReRow[]
  json: { v: unknown; kw: Record<string, unknown>; out: string }[]
  random: { seed: string | number; randrange100: number[]; bits: string[]; choice: string; shuffle: number[] }[]
}

function run(fn: () => unknown): Res {
  try {
    return { ok: fn() }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('Python re through PyRegex', () => {
  for (const row of oracle.re) {
    it(`${JSON.stringify(row.p)} on ${JSON.stringify(row.s)}${row.flags ? ' ' + JSON.stringify(row.flags) : ''}`, () => {
      const make = () => new PyRegex(row.p, row.flags ?? {})
      const got = run(() => plain(make().findall(row.s)))
      // Python's error texts carry positions this translation does not always reproduce.
      if (row.findall.error !== undefined) return expect(got.error).toBeDefined()
      expect(got).toEqual(row.findall)
      if (row.search) expect(run(() => make().search(row.s)?.[0] ?? null)).toEqual(row.search)
      if (row.match) expect(run(() => make().match(row.s)?.[0] ?? null)).toEqual(row.match)
      for (const [repl, want] of Object.entries(row.sub ?? {})) {
        const r = run(() => make().sub(row.s, repl))
        if (want.error !== undefined) expect(r.error).toBeDefined()
        else expect(r).toEqual(want)
      }
    })
  }
})

const SPECIAL: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN }

describe('json.dumps', () => {
  for (const row of oracle.json) {
    it(`${JSON.stringify(row.v)} ${JSON.stringify(row.kw)}`, () => {
      const v = typeof row.v === 'string' && row.v in SPECIAL ? SPECIAL[row.v] : row.v
      const kw = row.kw as { indent?: number; sort_keys?: boolean; ensure_ascii?: boolean; separators?: [string, string] }
      expect(jsonDumps(v, { indent: kw.indent, sortKeys: kw.sort_keys, ensureAscii: kw.ensure_ascii, separators: kw.separators })).toBe(row.out)
      if (!Number.isNaN(v)) expect(plain(jsonLoads(row.out))).toEqual(plain(v))
    })
  }
})

describe('random.Random', () => {
  for (const row of oracle.random) {
    it(`seed ${JSON.stringify(row.seed)}`, () => {
      const r = new PyRandom(row.seed)
      expect(Array.from({ length: 5 }, () => r.randrange(0, 100))).toEqual(row.randrange100)
      expect([1, 8, 31, 32, 33, 64, 100].map((k) => r.getrandbits(k).toString())).toEqual(row.bits)
      expect(r.choice([...'abcdefgh'])).toBe(row.choice)
      const l = Array.from({ length: 10 }, (_, i) => i)
      r.shuffle(l)
      expect(l).toEqual(row.shuffle)
    })
  }
})

describe("'%.Nf' (pyFixed)", () => {
  const rows = (oracle as unknown as { fixed: { x: number; d: number; out: string }[] }).fixed
  it(`${rows.length} seeded floats incl. exact binary ties`, () => {
    for (const r of rows) expect([r.x, r.d, pyFixed(r.x, r.d)]).toEqual([r.x, r.d, r.out])
  })
})
