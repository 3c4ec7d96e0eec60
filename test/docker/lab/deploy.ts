/**
 * kolla-ansible 2023.1's own site.yml (../shared/corpus), `kolla_action=deploy --tags
 * common,memcached`, on the two lab hosts: control01 (control, monitoring) and network01
 * (network). The inventory is kolla's multinode with the lab's hosts in its first groups;
 * globals select kolla's defaults (ubuntu, 2023.1: the fake images' names). What a run
 * leaves is read back per host: containers, volumes, units, and /etc/kolla.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { INVENTORY, onHost, runPlaybook, type PlaybookRun } from './lab.js'
import { normalizeCapture } from './normalize.js'

const HERE = dirname(fileURLToPath(import.meta.url))

export const CORPUS = join(HERE, '../../../../shared/corpus/kolla-ansible-2023.1')
const FIXTURE = join(HERE, '../../../../shared/fixtures/kolla-config/template')
export const HOSTS = ['control01', 'network01']

/** Lays out inventory, globals and passwords in a new directory; returns the run's arguments. */
export function prepareDeploy(globals: Record<string, unknown> = {}): { dir: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kolla-deploy-'))
  const lab = readFileSync(INVENTORY, 'utf8')
  const hostLine = (h: string): string => lab.split('\n').find((l) => l.startsWith(`${h} `))!
  const allVars = lab.slice(lab.indexOf('[all:vars]'))
  const multinode = readFileSync(join(CORPUS, 'ansible/inventory/multinode'), 'utf8')
  const rest = multinode.slice(multinode.indexOf('[baremetal:children]'))
  const inventory = [
    '[control]', hostLine('control01'), '', '[network]', hostLine('network01'), '', '[compute]', '', '[monitoring]', 'control01', '', '[storage]', '',
    '[deployment]', 'localhost ansible_connection=local', '', rest, '', allVars,
  ].join('\n')
  writeFileSync(join(dir, 'inventory'), inventory)
  const g = {
    kolla_base_distro: 'ubuntu',
    openstack_release: '2023.1',
    kolla_internal_vip_address: '198.18.10.250',
    network_interface: 'eth0',
    enable_haproxy: 'no',
    ...globals,
  }
  writeFileSync(join(dir, 'globals.yml'), Object.entries(g).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') + '\n')
  writeFileSync(join(dir, 'passwords.yml'), readFileSync(join(FIXTURE, 'passwords.yml')))
  mkdirSync(join(dir, 'config'))
  const args = ['-i', join(dir, 'inventory'), '-e', `@${join(dir, 'globals.yml')}`, '-e', `@${join(dir, 'passwords.yml')}`, '-e', `CONFIG_DIR=${join(dir, 'config')}`, '-e', 'kolla_action=deploy', '--tags', 'common,memcached']
  return { dir, args }
}

/** The lab hosts are the tests' own: every container, volume and kolla unit goes. */
const CLEAN = `
ids=$(docker ps -aq); [ -z "$ids" ] || docker rm -f $ids >/dev/null
for u in /etc/systemd/system/kolla-*-container.service; do
  [ -e "$u" ] || continue; systemctl disable "$(basename "$u")" >/dev/null 2>&1; rm -f "$u"
done
rm -f /etc/systemd/system/multi-user.target.wants/kolla-*-container.service
systemctl daemon-reload
vols=$(docker volume ls -q); [ -z "$vols" ] || docker volume rm $vols >/dev/null
rm -rf /etc/kolla /var/log/kolla
`

/** Both hosts as if kolla had never deployed there. */
export async function cleanHosts(): Promise<void> {
  await Promise.all(HOSTS.map((h) => onHost(h, CLEAN)))
}

const CAPTURE_ETC = `cd /etc/kolla 2>/dev/null && find . -printf '%y %m %u %g %p\\n' | sort && find . -type f | sort | xargs -r md5sum; printf 'log link: %s\\n' "$(readlink /var/log/kolla)"`

/** What a deploy left on each host. */
export async function captureHosts(): Promise<Record<string, unknown>> {
  const capture = readFileSync(join(HERE, 'capture.sh'), 'utf8')
  const out: Record<string, unknown> = {}
  for (const h of HOSTS) {
    const doc = normalizeCapture(await onHost(h, `sh -s '' <<'CAPTURE'\n${capture}\nCAPTURE`))
    out[h] = { ...doc, etc_kolla: (await onHost(h, CAPTURE_ETC)).split('\n').filter(Boolean) }
  }
  return out
}

/** The statuses of a run as the kolla-config fixture's normalize-statuses.py reduces them. */
export function statuses(run: PlaybookRun): { stats: unknown; tasks: unknown[] } {
  const status = (r: any): string =>
    r.unreachable ? 'unreachable' : r.skipped ? 'skipped' : r.failed ? (r.ignore_errors ? 'ignored' : 'failed') : r.changed ? 'changed' : 'ok'
  const tasks: unknown[] = []
  for (const play of run.json.plays) {
    for (const task of play.tasks) {
      const hosts = Object.fromEntries(Object.entries(task.hosts as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([h, r]) => [h, status(r)]))
      tasks.push({ play: play.play.name, task: task.task.name, hosts })
    }
  }
  return { stats: run.json.stats, tasks }
}

export async function deploy(engine: 'tsible' | 'ansible', args: string[], kollaDir?: string, extra: string[] = []): Promise<PlaybookRun> {
  return runPlaybook(engine, join(CORPUS, 'ansible/site.yml'), [...args, ...extra], { kollaDir })
}

/** Ansible with kolla's modules: run 1, the hosts after it, run 2. */
export async function recordDeploy(kollaDir: string): Promise<unknown> {
  await cleanHosts()
  const { args } = prepareDeploy()
  const run1 = await deploy('ansible', args, kollaDir)
  const after = await captureHosts()
  const run2 = await deploy('ansible', args, kollaDir)
  return { run1: { rc: run1.rc, seconds: run1.seconds, ...statuses(run1) }, hosts: after, run2: { rc: run2.rc, seconds: run2.seconds, ...statuses(run2) } }
}
