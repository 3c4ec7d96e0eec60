import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadYaml } from '../../src/yaml/load.js'
import { makeTemplar, runCase, type CorpusCase } from './corpus-runner.js'

// Every case's expected result was recorded from ansible-core 2.14's Templar by record.py.
const dir = join(__dirname, 'corpus')
const templar = makeTemplar()

for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()) {
  const cases = (loadYaml(readFileSync(join(dir, file), 'utf8'), file) ?? []) as CorpusCase[]
  describe(file, () => {
    for (const c of cases) {
      const run = c.needs?.length ? it.skip : it
      run(c.name, () => {
        const got = runCase(templar, c, c.vars ?? {})
        if (c.error !== undefined) expect(got).toEqual({ error: c.error })
        else expect(got).toEqual({ expect: c.expect })
      })
    }
  })
}
