import { readFileSync } from 'node:fs'
import { loadYaml } from '../src/yaml/load.js'
import { makeTemplar, runCase, type CorpusCase } from '../test/template/corpus-runner.js'
const templar = makeTemplar()
for (const file of process.argv.slice(2)) {
  const cases = loadYaml(readFileSync(file, 'utf8'), file) as CorpusCase[]
  for (const c of cases) {
    const got = runCase(templar, c, c.vars ?? {})
    const want = c.error !== undefined ? { error: c.error } : { expect: c.expect }
    if (JSON.stringify(got) !== JSON.stringify(want)) console.log(`## ${c.name}\n  T: ${JSON.stringify(c.template)}\n  want: ${JSON.stringify(want)}\n  got:  ${JSON.stringify(got)}`)
  }
}
