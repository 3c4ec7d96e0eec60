/**
 * The three engines the SSH benchmarks compare, run the same way on the same project:
 * tsible-playbook; ansible-playbook with its fast settings (pipelining, ControlMaster /
 * ControlPersist, forks >= hosts); and ansible-playbook with Mitogen's mitogen_linear
 * strategy, from a Mitogen source tree named by TSIBLE_BENCH_MITOGEN (e.g. release 0.3.9
 * extracted outside the project: `git archive v0.3.9 | tar -x -C /work/ext/mitogen-0.3.9`).
 *
 * Each run is measured with GNU time (wall, CPU of the engine and its children, peak
 * memory) plus the CPU the farm used meanwhile, and its PLAY RECAP is read back.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadAverage, type Farm } from './farm.js'
import { hasCommand, measure, type Measure } from './measure.js'

const ROOT = resolve(import.meta.dirname, '../..')

export type Tool = 'tsible' | 'mitogen' | 'ansible'

export interface HostRecap {
  ok: number
  changed: number
  unreachable: number
  failed: number
  skipped: number
}

export interface ToolRun extends Measure {
  tool: Tool
  /** CPU seconds the farm used during the run (sshd, sudo, the modules). */
  farmCpu: number
  recap: Record<string, HostRecap>
  /** tsible's SSH round trips (TSIBLE_STATS). */
  roundTrips?: number
  timedOut: boolean
  load: string
}

export function mitogenDir(): string | undefined {
  const dir = process.env.TSIBLE_BENCH_MITOGEN
  return dir && existsSync(join(dir, 'ansible_mitogen/plugins/strategy')) ? dir : undefined
}

export function available(tool: Tool): boolean {
  if (tool === 'tsible') return true
  if (!hasCommand('ansible-playbook')) return false
  return tool === 'ansible' || mitogenDir() !== undefined
}

/** ansible.cfg (tsible and ansible-playbook) and mitogen.cfg in `dir`. */
export function writeConfigs(dir: string, forks: number): void {
  const base = [
    '[defaults]',
    `forks = ${forks}`,
    'host_key_checking = False',
    'retry_files_enabled = False',
    'interpreter_python = /usr/bin/python3',
    '',
    '[ssh_connection]',
    'pipelining = True',
    'ssh_args = -o ControlMaster=auto -o ControlPersist=60s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR',
    '',
  ]
  writeFileSync(join(dir, 'ansible.cfg'), base.join('\n'))
  const mitogen = mitogenDir()
  if (mitogen) {
    const withStrategy = [...base]
    withStrategy.splice(1, 0, `strategy_plugins = ${join(mitogen, 'ansible_mitogen/plugins/strategy')}`, 'strategy = mitogen_linear')
    writeFileSync(join(dir, 'mitogen.cfg'), withStrategy.join('\n'))
  }
}

const RECAP = /^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)/gm

export function parseRecap(stdout: string): Record<string, HostRecap> {
  const out: Record<string, HostRecap> = {}
  const at = stdout.lastIndexOf('PLAY RECAP')
  for (const m of stdout.slice(Math.max(0, at)).matchAll(RECAP)) {
    out[m[1]] = { ok: Number(m[2]), changed: Number(m[3]), unreachable: Number(m[4]), failed: Number(m[5]), skipped: Number(m[6]) }
  }
  return out
}

export function runTool(tool: Tool, dir: string, args: string[], farm: Farm, timeoutSeconds: number): ToolRun {
  const config = join(dir, tool === 'mitogen' ? 'mitogen.cfg' : 'ansible.cfg')
  const env = { ...process.env, ANSIBLE_CONFIG: config, ANSIBLE_NOCOLOR: '1', ANSIBLE_STDOUT_CALLBACK: 'default', TSIBLE_STATS: '1', TSIBLE_LIVE_VIEW: '0' }
  const [cmd, pre] = tool === 'tsible' ? [process.execPath, [join(ROOT, 'bin/tsible-playbook.js')]] : ['ansible-playbook', []]
  const load = loadAverage().split(' ')[0]!
  const cpu0 = farm.cpuSeconds()
  const m = measure(cmd, [...pre, ...args], { cwd: dir, env, timeoutSeconds })
  const farmCpu = farm.cpuSeconds() - cpu0
  const trips = /(\d+) ssh round trips/.exec(m.stderr)
  return { ...m, tool, farmCpu, recap: parseRecap(m.stdout), roundTrips: trips ? Number(trips[1]) : undefined, timedOut: m.rc === 124, load }
}

/** The distinct messages of failed and unreachable results, most frequent first. */
export function messages(stdout: string): string {
  const counts = new Map<string, number>()
  for (const m of stdout.matchAll(/^(?:fatal|failed): \[[^\]]+\]: (?:UNREACHABLE|FAILED)! => .*?"msg": "((?:[^"\\]|\\.)*)"/gm)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([m, n]) => `${n}x ${m.slice(0, 120)}`).join(' | ')
}

/** Sum of the recap's counters over all hosts. */
export function totals(recap: Record<string, HostRecap>): HostRecap {
  const t: HostRecap = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0 }
  for (const r of Object.values(recap)) for (const k of Object.keys(t) as (keyof HostRecap)[]) t[k] += r[k]
  return t
}

/** One line of figures for a run. */
export function row(label: string, r: ToolRun): string {
  if (r.timedOut) return `${label.padEnd(34)} did not finish within the time limit (${r.wallSeconds.toFixed(0)} s)`
  const t = totals(r.recap)
  const trips = r.roundTrips !== undefined ? `  ${r.roundTrips} round trips` : ''
  return (
    `${label.padEnd(34)} wall ${r.wallSeconds.toFixed(2).padStart(8)} s  cpu ${r.cpuSeconds.toFixed(2).padStart(7)} s  farm cpu ${r.farmCpu.toFixed(2).padStart(7)} s  ` +
    `rss ${r.maxRssMb.toFixed(0).padStart(5)} MB  load ${r.load}  changed=${t.changed} unreachable=${t.unreachable} failed=${t.failed}${trips}`
  )
}
