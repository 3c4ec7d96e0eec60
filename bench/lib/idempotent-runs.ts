/**
 * The two runs of a benchmark playbook (`site.yml` with `inventory` and `ansible.cfg` in
 * `dir`, json callback, TSIBLE_STATS): run 2 must change nothing. Shared by the SSH benches.
 */
import { join } from 'node:path'
import { measure, ratio, type Measure } from './measure.js'

export function runTwice(cmd: string, pre: string[], dir: string, label: string): [Measure, Measure] {
  const env = { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_NOCOLOR: '1', TSIBLE_STATS: '1' }
  const args = [...pre, '-i', 'inventory', '-e', `out=${join(dir, 'out', label)}`, 'site.yml']
  const one = () => {
    const m = measure(cmd, args, { cwd: dir, env })
    if (m.rc !== 0) throw new Error(`${label} failed (rc ${m.rc}):\n${m.stderr.slice(-2000)}\n${m.stdout.slice(-2000)}`)
    return m
  }
  const first = one()
  const second = one()
  const changed = (JSON.parse(second.stdout) as { stats: Record<string, { changed: number }> }).stats
  const total = Object.values(changed).reduce((s, h) => s + h.changed, 0)
  if (total !== 0) throw new Error(`${label}: run 2 changed ${total} results (not idempotent)`)
  return [first, second]
}

/** One line of wall time, CPU time and peak memory. */
export function row(name: string, m: Measure): string {
  return `${name.padEnd(28)} wall ${m.wallSeconds.toFixed(2).padStart(7)} s   cpu ${m.cpuSeconds.toFixed(2).padStart(7)} s   peak rss ${m.maxRssMb.toFixed(0).padStart(5)} MB`
}

/** ansible-playbook's two runs of the same layout, printed beside tsible's with the ratios. */
export function compareWithAnsible(dir: string, t1: Measure, t2: Measure): void {
  const [a1, a2] = runTwice('ansible-playbook', [], dir, 'ansible')
  console.log(row('ansible-playbook run 1', a1))
  console.log(row('ansible-playbook run 2', a2))
  console.log(`  run 1: tsible ${ratio(a1.wallSeconds, t1.wallSeconds)} faster (wall), ${ratio(a1.cpuSeconds, t1.cpuSeconds)} less CPU`)
  console.log(`  run 2: tsible ${ratio(a2.wallSeconds, t2.wallSeconds)} faster (wall), ${ratio(a2.cpuSeconds, t2.cpuSeconds)} less CPU`)
}
