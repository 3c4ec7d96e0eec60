/**
 * bslurp against kolla train's own module (oracle/bslurp_oracle.py ran train's
 * ansible/library/bslurp.py on the same files): the read result (content, hashes, mode,
 * source), the write outcome and the destination's bytes and mode afterwards. Where
 * kolla's result is a Python traceback, only its failed/changed flags are compared.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import bslurp from '../../../plugins/kolla/modules/bslurp.js'
import { runModule } from '../../../src/module-api/run-module.js'
import { moduleEnv } from '../../helpers/module-env.js'

interface Case {
  name: string
  files: Record<string, [string, number]>
  args: Record<string, unknown>
  result: Record<string, unknown>
  dest?: { content: string; mode: string }
}

const cases: Case[] = JSON.parse(readFileSync(new URL('./fixtures/bslurp-cases-train-eol.json', import.meta.url), 'utf8'))

describe('bslurp (kolla train)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-bslurp-'))
    for (const [f, [content, mode]] of Object.entries(c.files)) {
      writeFileSync(join(dir, f), content)
      chmodSync(join(dir, f), mode)
    }
    const sub = (v: unknown) => (typeof v === 'string' ? v.replaceAll('@DIR@', dir) : v)
    const args = Object.fromEntries(Object.entries(c.args).map(([k, v]) => [k, sub(v)]))
    const got = (await runModule(bslurp, args, moduleEnv())) as Record<string, unknown>
    const want = Object.fromEntries(Object.entries(c.result).map(([k, v]) => [k, sub(v)]))
    const traceback = typeof want.msg === 'string' && want.msg.startsWith("'Traceback")
    for (const [k, v] of Object.entries(want)) {
      if (k === 'msg' && traceback) expect(got.msg).toMatch(/ValueError/)
      else expect(got[k], k).toEqual(v)
    }
    if (!('changed' in want)) expect(got.changed ?? false).toBe(false)
    const dest = typeof args.dest === 'string' ? args.dest : undefined
    if (c.dest) {
      expect(readFileSync(dest!).toString('base64')).toBe(c.dest.content)
      expect(`0o${(statSync(dest!).mode & 0o777).toString(8)}`).toBe(c.dest.mode)
    } else if (dest) expect(existsSync(dest)).toBe(false)
  })
})
