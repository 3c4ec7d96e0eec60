/**
 * Runs a command under GNU time and returns wall time, CPU time (user + system, children
 * included) and peak resident memory: the same measure for tsible and ansible-playbook.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Measure {
  wallSeconds: number
  cpuSeconds: number
  maxRssMb: number
  rc: number
  stdout: string
  stderr: string
}

/** `timeoutSeconds`: the command is killed after that long (rc 124, as timeout(1) says). */
export function measure(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutSeconds?: number }): Measure {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-bench-'))
  const out = join(dir, 'time')
  const limited = opts.timeoutSeconds ? ['timeout', '-k', '10', String(opts.timeoutSeconds), cmd, ...args] : [cmd, ...args]
  try {
    const r = spawnSync('/usr/bin/time', ['-o', out, '-f', '%e %U %S %M', ...limited], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      encoding: 'utf8',
      maxBuffer: 1024 * 1024 * 1024,
    })
    const [wall, user, sys, rssKb] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number)
    return { wallSeconds: wall, cpuSeconds: user + sys, maxRssMb: rssKb / 1024, rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The run with the median wall time (its CPU and memory come with it: one real run, not a mix). */
export function median(runs: Measure[]): Measure {
  const sorted = [...runs].sort((a, b) => a.wallSeconds - b.wallSeconds)
  return sorted[Math.floor((sorted.length - 1) / 2)]!
}

export function ratio(slow: number, fast: number): string {
  return fast > 0 ? `${(slow / fast).toFixed(1)}x` : 'n/a'
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0
}
