/**
 * `scripts/sshd-test-hosts.sh up [N] | down | status`: the sshd test hosts for manual
 * use. `up` starts N instances (default 2) in a fixed directory and prints how to reach
 * them as JSON; `down` stops what `up` started and removes the directory.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadSshdLab, sshdPid, startSshdLab, stopSshdLab } from './sshd.js'

const DIR = process.env.TSIBLE_SSHD_DIR ?? '/tmp/tsible-sshd-test-hosts'

async function main(argv: string[]): Promise<number> {
  const [command, count] = argv
  const present = existsSync(join(DIR, 'lab.json'))
  if (command === 'up') {
    if (present) await stopSshdLab(loadSshdLab(DIR))
    const lab = await startSshdLab({ dir: DIR, count: count ? Number(count) : 2, detach: true })
    process.stdout.write(`${JSON.stringify(lab, null, 2)}\n`)
    return 0
  }
  if (command === 'down') {
    if (present) await stopSshdLab(loadSshdLab(DIR))
    return 0
  }
  if (command === 'status') {
    if (!present) return (process.stdout.write('down\n'), 1)
    for (const h of loadSshdLab(DIR).hosts) process.stdout.write(`${h.name} 127.0.0.1:${h.port} ${sshdPid(h) ? 'running' : 'stopped'}\n`)
    return 0
  }
  process.stderr.write('usage: sshd-test-hosts.sh up [COUNT] | down | status\n')
  return 2
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sshd-test-hosts: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  },
)
