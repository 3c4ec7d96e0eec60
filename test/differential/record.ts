/**
 * Records goldens with ansible-playbook 2.14, or (--self-check) re-runs ansible and checks
 * that its normalised output still equals the golden: proof that the normalisation
 * drops everything that varies between runs.
 *
 * usage: record.ts [--self-check] [scenario ...]   (default: every scenario)
 */
import { readdirSync } from 'node:fs'
import { startSshdLab, stopSshdLab, type SshdLab } from '../helpers/sshd.js'
import { describeDifferences } from './compare.js'
import { readGolden, toGolden, writeGolden } from './golden.js'
import { normalizeRun } from './normalize.js'
import { runEngine, SCENARIOS, type SshTarget } from './run-engine.js'
import { SSH_SCENARIOS } from './ssh-scenarios.js'

const args = process.argv.slice(2)
const selfCheck = args.includes('--self-check')
// --ssh: the same scenarios over a real sshd (goldens-ssh/), for those SSH_SCENARIOS lists.
const ssh = args.includes('--ssh')
const wanted = args.filter((a) => !a.startsWith('--'))
const names = wanted.length ? wanted : ssh ? SSH_SCENARIOS : readdirSync(SCENARIOS).sort()
let failures = 0
let lab: SshdLab | undefined
let target: SshTarget | undefined
if (ssh) {
  lab = await startSshdLab({ count: 1 })
  target = { port: lab.hosts[0].port, user: 'root', keyFile: lab.clientKeyFile }
}

for (const name of names) {
  // DIFF_RECORD_TIMEOUT_MS: more time for ansible-playbook on a busy machine (its run is not what is tested).
  const golden = toGolden(runEngine('ansible', name, Number(process.env.DIFF_RECORD_TIMEOUT_MS ?? 180_000), target))
  if (!selfCheck) {
    writeGolden(name, golden, ssh)
    const plays = (golden.output as { plays?: unknown[] } | null)?.plays?.length ?? 0
    console.log(`recorded ${name}: rc=${golden.rc}, ${plays} play(s)`)
    continue
  }
  const stored = readGolden(name, ssh)
  if (!stored) {
    console.log(`MISSING ${name}: no golden`)
    failures++
    continue
  }
  const diffs = describeDifferences(normalizeRun(stored), normalizeRun(golden))
  if (diffs.length) failures++
  console.log(diffs.length ? `UNSTABLE ${name}\n  ${diffs.join('\n  ')}` : `stable ${name}`)
}
if (lab) await stopSshdLab(lab)
process.exitCode = failures ? 1 : 0
