/**
 * Records the lab goldens (test/docker/lab/goldens/) from ansible-playbook 2.14 running
 * kolla 2023.1's own Python modules on the lab hosts: the kolla_docker scenario
 * (kolla-docker.yml) and the corpus deploy (deploy.ts); see ../README.md. kolla's systemd worker talks to
 * D-Bus from Python, so python3-dbus is installed on the hosts first.
 *   test/docker/lab/record.sh [kolla-docker] [deploy]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { recordDeploy } from './deploy.js'
import { ensureLab, onHost, runPlaybook } from './lab.js'
import { normalizeRun } from './normalize.js'

const HERE = dirname(fileURLToPath(import.meta.url))

const kollaDir = process.env.KOLLA_ANSIBLE_DIR!
const what = process.argv.slice(2)
const want = (w: string): boolean => !what.length || what.includes(w)
const goldens = join(HERE, 'goldens')
mkdirSync(goldens, { recursive: true })

const write = (name: string, data: unknown): void => {
  writeFileSync(join(goldens, name), `${JSON.stringify(data, null, 1)}\n`)
  console.log(`recorded ${join(goldens, name)}`)
}

await ensureLab()
for (const h of ['control01', 'network01']) {
  await onHost(h, 'python3 -c "import dbus" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dbus; } >/dev/null 2>&1')
}

if (want('kolla-docker')) {
  const r = await runPlaybook('ansible', join(HERE, 'kolla-docker.yml'), [], { kollaDir, cwd: HERE })
  if (r.rc !== 0) throw new Error(`ansible-playbook failed (rc=${r.rc}): ${r.stderr}`)
  write('kolla-docker.json', normalizeRun(r.json))
}
if (want('deploy')) write('deploy.json', await recordDeploy(kollaDir))
