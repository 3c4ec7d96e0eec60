/**
 * Benchmark: kolla-ansible 2023.1's site.yml, `kolla_action=deploy --tags common,memcached`,
 * on the two lab hosts (sshd, systemd, dockerd; scripts/lab-setup.sh brings them up): run 1
 * from clean hosts (7 containers, 4 volumes, 7 units) and run 2 (nothing to change),
 * tsible-playbook against ansible-playbook 2.14 running kolla's own Python modules, in the
 * same run and on the same hosts.
 *
 *   KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible-2023.1 npx tsx bench/kolla-deploy.ts
 *                      (BENCH_SKIP_ANSIBLE=1 measures tsible only; BENCH_REPEAT=3 tsible's
 *                       runs per figure, the median kept)
 *
 * ansible-playbook needs python3-docker, python3-pbr and, on the lab hosts, python3-dbus
 * (kolla's systemd worker; installed here when missing).
 */
import { join } from 'node:path'
import { hasCommand, measure, median, ratio, type Measure } from './lib/measure.js'
import { cleanHosts, CORPUS, HOSTS, prepareDeploy, statuses } from '../test/docker/lab/deploy.js'
import { ensureLab, onHost, playbookCommand } from '../test/docker/lab/lab.js'

const SITE = join(CORPUS, 'ansible/site.yml')

function changedOf(m: Measure): string {
  try {
    const stats = (JSON.parse(m.stdout) as { stats: Record<string, { changed: number; failures: number }> }).stats
    return HOSTS.map((h) => `${h} changed=${stats[h]?.changed} failed=${stats[h]?.failures}`).join(', ')
  } catch {
    return 'no JSON output'
  }
}

async function runTwice(engine: 'tsible' | 'ansible', kollaDir?: string): Promise<[Measure, Measure]> {
  await cleanHosts()
  const { dir, args } = prepareDeploy()
  const once = (): Measure => {
    const { cmd, argv, env } = playbookCommand(engine, SITE, args, { kollaDir })
    const m = measure(cmd, argv, { cwd: dir, env })
    if (m.rc !== 0) throw new Error(`${engine} failed (rc ${m.rc}):\n${m.stderr.slice(-2000)}`)
    return m
  }
  return [once(), once()]
}

/** How many task x host statuses of tsible's run equal ansible-playbook's in this same run. */
function sameStatuses(a: Measure, t: Measure): string {
  const flat = (m: Measure): string[] =>
    (statuses({ json: JSON.parse(m.stdout), rc: m.rc, stderr: '', seconds: 0 }).tasks as { play: string; task: string; hosts: Record<string, string> }[]).flatMap((x) =>
      Object.entries(x.hosts).map(([h, s]) => `${x.play} | ${x.task} | ${h} | ${s}`),
    )
  const [fa, ft] = [flat(a), flat(t)]
  const equal = fa.filter((s, i) => ft[i] === s).length
  return `${equal} of ${fa.length} task x host statuses equal${fa.length === ft.length ? '' : ` (tsible has ${ft.length})`}`
}

function row(name: string, m: Measure): string {
  return `${name.padEnd(26)} wall ${m.wallSeconds.toFixed(2).padStart(8)} s   cpu ${m.cpuSeconds.toFixed(2).padStart(8)} s   peak rss ${m.maxRssMb.toFixed(0).padStart(6)} MB   ${changedOf(m)}`
}

await ensureLab()
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3))
const pairs: [Measure, Measure][] = []
for (let i = 0; i < repeat; i++) pairs.push(await runTwice('tsible'))
const t1 = median(pairs.map((p) => p[0]))
const t2 = median(pairs.map((p) => p[1]))
console.log(`${row('tsible run 1', t1)}   (median of ${repeat})`)
console.log(`${row('tsible run 2', t2)}   (median of ${repeat})`)

const kolla = process.env.KOLLA_ANSIBLE_SRC
if (process.env.BENCH_SKIP_ANSIBLE !== '1' && hasCommand('ansible-playbook') && kolla) {
  for (const h of HOSTS) {
    await onHost(h, 'python3 -c "import dbus" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dbus; } >/dev/null 2>&1')
  }
  const [a1, a2] = await runTwice('ansible', kolla)
  console.log(row('ansible-playbook run 1', a1))
  console.log(row('ansible-playbook run 2', a2))
  for (const [n, a, t] of [['run 1', a1, t1], ['run 2', a2, t2]] as const) {
    console.log(`${n}: tsible is ${ratio(a.wallSeconds, t.wallSeconds)} faster (wall), ${ratio(a.cpuSeconds, t.cpuSeconds)} less controller CPU; ${sameStatuses(a, t)}`)
  }
} else console.log('ansible-playbook not measured (needs ansible-playbook and KOLLA_ANSIBLE_SRC; BENCH_SKIP_ANSIBLE=1 skips it)')
