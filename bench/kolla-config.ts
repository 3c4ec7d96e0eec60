/**
 * Benchmark: the kolla-config fixture (kolla-ansible 2023.1 site.yml, kolla_action=config,
 * 9 local-connection hosts), run 1 and run 2, tsible-playbook against ansible-playbook in
 * the same run; then tsible alone on a generated 100-host version of the fixture.
 *
 *   KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible-2023.1 npx tsx bench/kolla-config.ts
 *                                            (BENCH_SKIP_ANSIBLE=1 to measure tsible only;
 *                                             BENCH_HOSTS=100 sets the scaled run's size;
 *                                             BENCH_REPEAT=5 tsible's runs per figure)
 *
 * A tsible run takes about a second and a half, where a neighbour's load on a shared
 * machine is seen: each tsible figure is the median of BENCH_REPEAT runs, each pair (run 1,
 * run 2) on a fresh fixture. ansible-playbook's two runs take minutes each and are measured
 * once.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { hasCommand, measure, median, ratio, type Measure } from './lib/measure.js'
import { scaleFixture } from './lib/scale-fixture.js'

const ROOT = resolve(import.meta.dirname, '..')
const SHARED = resolve(ROOT, '../shared')
const FIXTURE = join(SHARED, 'fixtures/kolla-config')
const SITE = join(SHARED, 'corpus/kolla-ansible-2023.1/ansible/site.yml')

function prepare(): string {
  return execFileSync('sh', [join(FIXTURE, 'prepare.sh'), execFileSync('mktemp', ['-d']).toString().trim()]).toString().trim()
}

function args(dir: string): string[] {
  return ['-i', 'multinode', '-e', '@globals.yml', '-e', '@passwords.yml', '-e', `CONFIG_DIR=${dir}`, '-e', 'kolla_action=config', SITE]
}

function env(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', TSIBLE_STATS: '1' }
}

/**
 * ansible-playbook needs kolla's Python plugins, which the corpus leaves out (tsible ships
 * its own): KOLLA_ANSIBLE_SRC points at a kolla-ansible 2023.1 source tree, e.g.
 * `git archive 2023.1-eol ansible/library ansible/action_plugins ansible/filter_plugins
 * ansible/module_utils ansible/roles/common/filter_plugins ansible/roles/nova-cell/filter_plugins kolla_ansible`.
 */
function ansibleEnv(dir: string): NodeJS.ProcessEnv {
  const src = process.env.KOLLA_ANSIBLE_SRC!
  const a = (p: string) => join(src, 'ansible', p)
  return {
    ...env(dir),
    ANSIBLE_LIBRARY: a('library'),
    ANSIBLE_ACTION_PLUGINS: a('action_plugins'),
    ANSIBLE_FILTER_PLUGINS: [a('filter_plugins'), a('roles/common/filter_plugins'), a('roles/nova-cell/filter_plugins')].join(':'),
    ANSIBLE_MODULE_UTILS: a('module_utils'),
    PYTHONPATH: [src, process.env.PYTHONPATH].filter(Boolean).join(':'),
    // kolla_ansible's version comes from pbr, which needs it spelled out outside a git checkout.
    PBR_VERSION: process.env.PBR_VERSION ?? '16.7.0',
  }
}

/**
 * kolla's merge_configs needs oslo.config, and its version pbr, in ansible-playbook's own
 * Python (Debian: python3-oslo.config, python3-pbr): said before minutes are spent.
 */
function requireAnsiblePythonModules(modules: string[]): void {
  const bin = execFileSync('sh', ['-c', 'command -v ansible-playbook']).toString().trim()
  const python = readFileSync(bin, 'utf8').split('\n')[0]!.replace(/^#!\s*/, '').split(/\s+/)[0]!
  for (const m of modules) {
    try {
      execFileSync(python, ['-c', `import ${m}`], { stdio: 'ignore' })
    } catch {
      throw new Error(`${python} cannot import ${m}, which kolla's plugins need under ansible-playbook (Debian: apt-get install python3-oslo.config python3-pbr)`)
    }
  }
}

/** Template throughput from tsible's TSIBLE_STATS line: files rendered and time spent rendering. */
function templateRate(m: Measure): string {
  const s = /(\d+) template files rendered in ([\d.]+) ms/.exec(m.stderr)
  if (!s) return 'template stats not printed'
  const files = Number(s[1])
  const ms = Number(s[2])
  return `${files} template files rendered in ${ms.toFixed(0)} ms: ${((files * 1000) / ms).toFixed(0)} templates/s`
}

function runTwice(label: string, cmd: string, pre: string[], envOf = env): [Measure, Measure] {
  const dir = prepare()
  const run = () => {
    const m = measure(cmd, [...pre, ...args(dir)], { cwd: dir, env: envOf(dir) })
    if (m.rc !== 0) throw new Error(`${label} failed (rc ${m.rc}):\n${m.stderr.slice(-2000)}`)
    return m
  }
  return [run(), run()]
}

function row(name: string, m: Measure): string {
  return `${name.padEnd(26)} wall ${m.wallSeconds.toFixed(2).padStart(8)} s   cpu ${m.cpuSeconds.toFixed(2).padStart(8)} s   peak rss ${m.maxRssMb.toFixed(0).padStart(6)} MB`
}

const tsibleCmd = process.execPath
const tsiblePre = [join(ROOT, 'bin/tsible-playbook.js')]
const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5))
const pairs = Array.from({ length: repeat }, () => runTwice('tsible-playbook', tsibleCmd, tsiblePre))
const t1 = median(pairs.map((p) => p[0]))
const t2 = median(pairs.map((p) => p[1]))
const spread = (ms: Measure[]) => `${Math.min(...ms.map((m) => m.wallSeconds)).toFixed(2)}-${Math.max(...ms.map((m) => m.wallSeconds)).toFixed(2)} s`
console.log(row('tsible run 1', t1) + `   (median of ${repeat}, wall ${spread(pairs.map((p) => p[0]))})`)
console.log(`  ${templateRate(t1)}`)
console.log(row('tsible run 2', t2) + `   (median of ${repeat}, wall ${spread(pairs.map((p) => p[1]))})`)

if (process.env.BENCH_SKIP_ANSIBLE !== '1' && hasCommand('ansible-playbook') && process.env.KOLLA_ANSIBLE_SRC) {
  requireAnsiblePythonModules(['oslo_config', 'pbr'])
  const [a1, a2] = runTwice('ansible-playbook', 'ansible-playbook', [], ansibleEnv)
  console.log(row('ansible-playbook run 1', a1))
  console.log(row('ansible-playbook run 2', a2))
  for (const [n, a, t] of [['run 1', a1, t1], ['run 2', a2, t2]] as const) {
    console.log(
      `${n}: tsible is ${ratio(a.wallSeconds, t.wallSeconds)} faster (wall), ${ratio(a.cpuSeconds, t.cpuSeconds)} less CPU, ` +
        `${ratio(a.maxRssMb, t.maxRssMb)} less peak memory`,
    )
  }
} else console.log('ansible-playbook not measured (needs ansible-playbook and KOLLA_ANSIBLE_SRC; BENCH_SKIP_ANSIBLE=1 skips it)')

const hosts = Number(process.env.BENCH_HOSTS ?? 100)
const big = scaleFixture(prepare(), hosts)
const b1 = measure(tsibleCmd, [...tsiblePre, ...args(big.dir)], { cwd: big.dir, env: env(big.dir) })
if (b1.rc !== 0) throw new Error(`tsible failed on ${hosts} hosts:\n${b1.stderr.slice(-2000)}`)
const b2 = measure(tsibleCmd, [...tsiblePre, ...args(big.dir)], { cwd: big.dir, env: env(big.dir) })
const taskHosts = (out: string) => {
  const run = JSON.parse(out) as { plays: { tasks: { hosts: Record<string, unknown> }[] }[] }
  return run.plays.reduce((n, p) => n + p.tasks.reduce((m, t) => m + Object.keys(t.hosts).length, 0), 0)
}
for (const [n, m] of [['run 1', b1], ['run 2', b2]] as const) {
  const th = taskHosts(m.stdout)
  console.log(row(`tsible ${hosts} hosts ${n}`, m))
  console.log(`  ${th} task x host results, controller CPU ${((m.cpuSeconds * 1000) / th).toFixed(2)} ms per host x task`)
}
