/**
 * Child-process entry for the tsible side of the differential harness: vitest workers
 * may not chdir, so each scenario runs in its own process, from its own directory.
 */
import { main } from '../../src/cli/tsible-playbook.js'

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
