/**
 * Benchmark: many hosts from one controller. bench/playbooks/scale.yml (20 tasks, most
 * with become) on 200, 500 and 1,000 hosts of the SSH farm (bench/lib/farm.ts), forks up
 * to 500: tsible at every size, ansible-playbook and Mitogen up to BENCH_PEER_HOSTS hosts
 * (or until one does not finish within BENCH_TIMEOUT). Prints wall time, controller CPU
 * per host x task, peak memory and round trips, and the goal: 1,000 hosts within 60 s and
 * 2 GB.
 *
 *   TSIBLE_BENCH_MITOGEN=/work/ext/mitogen-0.3.9 npx tsx bench/ssh-scale.ts
 *
 * BENCH_FAULTS=1 adds a run with faults at the largest size: 2% of the hosts refuse
 * connections, 2% never answer (their packets dropped), and 1% lose their connections in
 * the middle of the run; every other host must finish, the recap must say exactly that,
 * and the exit code must be 4.
 *
 * Settings: BENCH_HOSTS (200,500,1000), BENCH_FORKS (500), BENCH_TOOLS, BENCH_PEER_HOSTS
 * (200), BENCH_TIMEOUT (seconds per run, 1200), and the farm's LAB_* variables.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { downFarm, farmInventory, loadAverage, upFarm, type Farm } from './lib/farm.js'
import { ratio } from './lib/measure.js'
import { available, messages, row, runTool, totals, writeConfigs, type Tool } from './lib/peers.js'

const ROOT = resolve(import.meta.dirname, '..')
const SIZES = (process.env.BENCH_HOSTS ?? '200,500,1000').split(',').map(Number)
const FORKS = Number(process.env.BENCH_FORKS ?? 500)
const TOOLS = ((process.env.BENCH_TOOLS ?? 'tsible,mitogen,ansible').split(',') as Tool[]).filter(available)
const PEER_HOSTS = Number(process.env.BENCH_PEER_HOSTS ?? 200)
const TIMEOUT = Number(process.env.BENCH_TIMEOUT ?? 1200)
const TASKS = 20

function project(farm: Farm, n: number, extra?: (i: number) => string): string {
  const dir = mkdtempSync(join(tmpdir(), `tsible-bench-scale-${n}-`))
  cpSync(join(ROOT, 'bench/playbooks'), dir, { recursive: true })
  farmInventory(farm, n, join(dir, 'inventory'), extra)
  writeConfigs(dir, Math.min(n, FORKS))
  return dir
}

function clean(farm: Farm, out: string): void {
  farm.exec(`rm -rf ${out} && mkdir -p ${out} && chown bench: ${out}`)
}

const farm = upFarm(Math.max(...SIZES))
try {
  console.log(`engines: ${TOOLS.join(', ')}; forks up to ${FORKS}; load average at start: ${loadAverage()}`)
  const peersDone = new Set<Tool>()
  for (const n of SIZES) {
    const dir = project(farm, n)
    console.log(`\n== ${n} hosts x ${TASKS} tasks ==`)
    const walls = new Map<Tool, number>()
    for (const tool of TOOLS) {
      if (tool !== 'tsible' && (n > PEER_HOSTS || peersDone.has(tool))) continue
      const out = `/tmp/bench-scale-${tool}-${n}`
      clean(farm, out)
      const args = ['-i', 'inventory', '-e', `out=${out}`, 'scale.yml']
      for (const run of [1, 2]) {
        const r = runTool(tool, dir, args, farm, TIMEOUT)
        console.log(row(`${tool} run ${run}`, r))
        if (r.timedOut) {
          peersDone.add(tool)
          break
        }
        const t = totals(r.recap)
        if (r.rc !== 0 || t.failed || t.unreachable || Object.keys(r.recap).length !== n) console.log(`  ${tool} run ${run}: rc ${r.rc}, ${t.failed} failed, ${t.unreachable} unreachable: ${messages(r.stdout) || r.stderr.slice(-300)}`)
        else if (run === 2 && t.changed) console.log(`  ${tool} run 2 changed ${t.changed} results (not idempotent)`)
        if (run === 1) walls.set(tool, r.wallSeconds)
        if (tool === 'tsible') {
          console.log(`  controller CPU ${((r.cpuSeconds * 1000) / (n * TASKS)).toFixed(2)} ms per host x task, ${((r.roundTrips ?? NaN) / (n * TASKS)).toFixed(2)} round trips per host x task`)
          if (n === 1000 && run === 1) console.log(`  goal (1,000 hosts within 60 s and 2 GB): ${r.wallSeconds <= 60 && r.maxRssMb <= 2048 ? 'met' : 'not met'} (${r.wallSeconds.toFixed(1)} s, ${r.maxRssMb.toFixed(0)} MB)`)
        }
      }
    }
    const ts = walls.get('tsible')
    for (const [tool, wall] of walls) if (ts && tool !== 'tsible') console.log(`  run 1: tsible ${ratio(wall, ts)} faster than ${tool}`)
    rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.BENCH_FAULTS === '1') faults(farm, Math.max(...SIZES))
  console.log(`\nload average at end: ${loadAverage()}`)
} finally {
  downFarm()
}

/**
 * Faults at scale, tsible alone: hosts 1..2% refuse (TCP reset), the next 2% never answer
 * (packets dropped), and 1% lose their connections once the run is under way.
 */
function faults(farm: Farm, n: number): void {
  const pick = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)
  const refused = pick(1, Math.ceil(n * 0.02))
  const silent = pick(refused.length + 1, Math.ceil(n * 0.02))
  const dropped = pick(refused.length + silent.length + 1, Math.ceil(n * 0.01))
  const rule = (i: number, target: string) => `iptables -I INPUT -d ${farm.address(i)} -p tcp --dport 22 -j ${target}`
  farm.exec([...refused.map((i) => rule(i, 'REJECT --reject-with tcp-reset')), ...silent.map((i) => rule(i, 'DROP'))].join(' && '))
  const dir = project(farm, n, (i) => (silent.includes(i) ? ' ansible_timeout=5' : ''))
  const out = `/tmp/bench-scale-faults-${n}`
  clean(farm, out)
  console.log(`\n== faults at ${n} hosts: ${refused.length} refuse, ${silent.length} never answer, ${dropped.length} drop mid-run ==`)
  // The drop: once a dropped host's template (task 4) is written, its packets are reset.
  const first = `${out}/h${String(dropped[0]).padStart(4, '0')}/main.conf`
  const watcher = spawn('docker', ['exec', farm.container, 'sh', '-c', `until [ -e ${first} ]; do sleep 0.05; done; ${dropped.map((i) => rule(i, 'REJECT --reject-with tcp-reset')).join(' && ')}`], { stdio: 'ignore' })
  const r = runTool('tsible', dir, ['-i', 'inventory', '-e', `out=${out}`, 'scale.yml'], farm, TIMEOUT)
  watcher.kill()
  farm.exec('iptables -F INPUT')
  console.log(row('tsible with faults', r))
  const bad = new Set([...refused, ...silent, ...dropped].map((i) => `h${String(i).padStart(4, '0')}`))
  const wrong = Object.entries(r.recap).filter(([h, s]) => (bad.has(h) ? s.unreachable !== 1 || s.failed !== 0 : s.unreachable !== 0 || s.failed !== 0 || s.ok !== TASKS))
  const leftovers = farm.exec(`find ${out} -name '.tsible-tmp*' | wc -l`).trim()
  console.log(`  exit code ${r.rc} (want 4); ${Object.keys(r.recap).length} hosts in the recap; ${wrong.length} with an unexpected recap; ${leftovers} temp files left on the farm`)
  rmSync(dir, { recursive: true, force: true })
}
