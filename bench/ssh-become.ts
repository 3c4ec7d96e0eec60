/**
 * Benchmark: the same playbook (bench/playbooks/become.yml: serial batches, handlers,
 * delegation, loops of small tasks) with become on most tasks and without, run by
 * tsible-playbook, by ansible-playbook (pipelining, ControlPersist, forks >= hosts) and by
 * ansible-playbook with Mitogen's mitogen_linear, at 3, 10 and 50 hosts of the SSH farm
 * (bench/lib/farm.ts), logging in as a user that sudoes to root. Run 1 changes, run 2
 * must change nothing. Ratios are printed from the runs of one invocation.
 *
 *   TSIBLE_BENCH_MITOGEN=/work/ext/mitogen-0.3.9 npx tsx bench/ssh-become.ts
 *
 * Settings: BENCH_HOSTS (3,10,50), BENCH_VARIANTS (become,plain), BENCH_TOOLS
 * (tsible,mitogen,ansible: those present are run), BENCH_TIMEOUT (seconds per run, 1800),
 * BENCH_REPEAT (tsible's pairs of runs, the median kept: 3),
 * and the farm's LAB_* variables. Needs root and the lab's node image. Build tsible first
 * (npm run build): the CLI runs dist/.
 */
import { mkdtempSync, rmSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { downFarm, farmInventory, loadAverage, upFarm, type Farm } from './lib/farm.js'
import { ratio } from './lib/measure.js'
import { available, messages, row, runTool, totals, writeConfigs, type Tool, type ToolRun } from './lib/peers.js'

const ROOT = resolve(import.meta.dirname, '..')
const SIZES = (process.env.BENCH_HOSTS ?? '3,10,50').split(',').map(Number)
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'become,plain').split(',') as ('become' | 'plain')[]
const TOOLS = ((process.env.BENCH_TOOLS ?? 'tsible,mitogen,ansible').split(',') as Tool[]).filter(available)
const TIMEOUT = Number(process.env.BENCH_TIMEOUT ?? 1800)

function project(farm: Farm, n: number): string {
  const dir = mkdtempSync(join(tmpdir(), `tsible-bench-become-${n}-`))
  cpSync(join(ROOT, 'bench/playbooks'), dir, { recursive: true })
  farmInventory(farm, n, join(dir, 'inventory'))
  writeConfigs(dir, Math.max(n, 5))
  return dir
}

interface Pair {
  first: ToolRun
  second: ToolRun
  /** What went wrong (a failed or unreachable host, a change in run 2): no ratio then. */
  problem?: string
}

/**
 * tsible's pair of runs takes seconds, where a neighbour's load on a shared machine is
 * seen: it is repeated BENCH_REPEAT times (default 3) and the pair with the median run 1
 * kept (of those without problems); the peers' runs take minutes and are measured once.
 */
function measurePair(tool: Tool, dir: string, farm: Farm, n: number, variant: 'become' | 'plain'): Pair {
  const times = tool === 'tsible' ? Number(process.env.BENCH_REPEAT ?? 3) : 1
  const pairs = Array.from({ length: Math.max(1, times) }, () => runPair(tool, dir, farm, n, variant))
  const good = pairs.filter((p) => !p.problem)
  const pool = good.length ? good : pairs
  return pool.sort((a, b) => a.first.wallSeconds - b.first.wallSeconds)[Math.floor((pool.length - 1) / 2)]!
}

function runPair(tool: Tool, dir: string, farm: Farm, n: number, variant: 'become' | 'plain'): Pair {
  // A fresh directory on the farm per engine and variant: run 1 makes everything.
  const out = `/tmp/bench-${variant}-${tool}-${n}`
  farm.exec(`rm -rf ${out} && mkdir -p ${out} && chown bench: ${out}`)
  const args = ['-i', 'inventory', '-e', `out=${out}`, '-e', `bench_become=${variant === 'become'}`, 'become.yml']
  const first = runTool(tool, dir, args, farm, TIMEOUT)
  const second = first.timedOut ? first : runTool(tool, dir, args, farm, TIMEOUT)
  const problems: string[] = []
  for (const [name, r] of [['run 1', first], ['run 2', second]] as const) {
    const t = totals(r.recap)
    if (!r.timedOut && (r.rc !== 0 || t.failed || t.unreachable || Object.keys(r.recap).length !== n)) {
      problems.push(`${name}: rc ${r.rc}, ${t.failed} failed, ${t.unreachable} unreachable: ${messages(r.stdout) || r.stderr.slice(-300)}`)
    }
  }
  if (!second.timedOut && !problems.length && totals(second.recap).changed !== 0) problems.push(`run 2 changed ${totals(second.recap).changed} results (not idempotent)`)
  if (problems.length) console.log(`  ${tool}: ${problems.join('; ')}`)
  return { first, second, problem: problems.join('; ') || undefined }
}

const farm = upFarm(Math.max(...SIZES))
const table: string[] = ['| hosts | variant | engine | run 1 wall | run 2 wall | run 1 CPU | farm CPU | peak RSS | tsible is faster (run 1 / run 2) |', '|---|---|---|---|---|---|---|---|---|']
try {
  console.log(`engines: ${TOOLS.join(', ')}; load average at start: ${loadAverage()}`)
  for (const n of SIZES) {
    for (const variant of VARIANTS) {
      const dir = project(farm, n)
      console.log(`\n== ${n} hosts, ${variant === 'become' ? 'with become' : 'without become'} ==`)
      const pairs = new Map<Tool, Pair>()
      for (const tool of TOOLS) {
        const pair = measurePair(tool, dir, farm, n, variant)
        pairs.set(tool, pair)
        console.log(row(`${tool} run 1`, pair.first))
        console.log(row(`${tool} run 2`, pair.second))
      }
      const ts = pairs.get('tsible')
      for (const [tool, p] of pairs) {
        const comparable = ts && tool !== 'tsible' && !ts.problem && !p.problem
        const faster = !comparable ? '' : p.first.timedOut ? `more than ${ratio(p.first.wallSeconds, ts.first.wallSeconds)} (did not finish)` : `${ratio(p.first.wallSeconds, ts.first.wallSeconds)} / ${ratio(p.second.wallSeconds, ts.second.wallSeconds)}`
        if (faster) console.log(`  tsible vs ${tool}: ${faster} faster (wall, run 1 / run 2)`)
        table.push(
          `| ${n} | ${variant} | ${tool} | ${p.first.timedOut ? 'timeout' : p.first.wallSeconds.toFixed(1)} s | ${p.second.wallSeconds.toFixed(1)} s | ${p.first.cpuSeconds.toFixed(1)} s | ${p.first.farmCpu.toFixed(1)} s | ${p.first.maxRssMb.toFixed(0)} MB | ${p.problem ? `problem: ${p.problem.slice(0, 160)}` : faster} |`,
        )
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(`\nload average at end: ${loadAverage()}\n`)
  console.log(table.join('\n'))
} finally {
  downFarm()
}
