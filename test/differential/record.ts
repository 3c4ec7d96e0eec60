/**
 * Records goldens with ansible-playbook 2.14, or (--self-check) re-runs ansible and checks
 * that its normalised output still equals the golden: proof that the normalisation
 * drops everything that varies between runs.
 *
 * usage: record.ts [--self-check] [scenario ...]   (default: every scenario)
 */
import { readdirSync } from 'node:fs'
import { describeDifferences } from './compare.js'
import { readGolden, toGolden, writeGolden } from './golden.js'
import { normalizeRun } from './normalize.js'
import { runEngine, SCENARIOS } from './run-engine.js'

const args = process.argv.slice(2)
const selfCheck = args.includes('--self-check')
const wanted = args.filter((a) => !a.startsWith('--'))
const names = wanted.length ? wanted : readdirSync(SCENARIOS).sort()
let failures = 0

for (const name of names) {
  const golden = toGolden(runEngine('ansible', name))
  if (!selfCheck) {
    writeGolden(name, golden)
    const plays = (golden.output as { plays?: unknown[] } | null)?.plays?.length ?? 0
    console.log(`recorded ${name}: rc=${golden.rc}, ${plays} play(s)`)
    continue
  }
  const stored = readGolden(name)
  if (!stored) {
    console.log(`MISSING ${name}: no golden`)
    failures++
    continue
  }
  const diffs = describeDifferences(normalizeRun(stored), normalizeRun(golden))
  if (diffs.length) failures++
  console.log(diffs.length ? `UNSTABLE ${name}\n  ${diffs.join('\n  ')}` : `stable ${name}`)
}
process.exitCode = failures ? 1 : 0
