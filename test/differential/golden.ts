/**
 * Goldens: what ansible-playbook 2.14 printed for a scenario, made machine-independent.
 * The json callback's document is kept whole (normalisation happens at comparison time,
 * so it can be widened without re-recording); only the paths that differ between
 * machines and runs are replaced by placeholders.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { GOLDENS, type EngineRun, type RunPaths } from './run-engine.js'

export interface Golden {
  rc: number
  /** The json callback's document; null when the run ended before printing it (e.g. parse errors). */
  output: unknown
  /** Anything printed on stdout before the document (e.g. the pause action's own lines). */
  stdout_prefix: string
  stderr: string
}

export const PLACEHOLDERS = { scenario: '@SCENARIO@', outDir: '@OUT_DIR@', home: '@HOME@' } as const

/** Longest path first, so a path nested in another is replaced by its own placeholder. */
function substitute(text: string, paths: RunPaths): string {
  const pairs = (Object.keys(PLACEHOLDERS) as (keyof RunPaths)[])
    .map((k) => [paths[k], PLACEHOLDERS[k]] as const)
    .filter(([path]) => path.length > 1)
    .sort((a, b) => b[0].length - a[0].length)
  let out = text
  for (const [path, mark] of pairs) out = out.split(path).join(mark)
  return out
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value)
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]))
  }
  return value
}

/**
 * The json callback prints one document at the end of the run, starting with a line that
 * is exactly `{`; some actions (pause) print their own lines on stdout before it.
 */
function splitStdout(stdout: string): { prefix: string; doc: string | null } {
  const m = /^\{$/m.exec(stdout)
  if (!m) return { prefix: stdout, doc: null }
  return { prefix: stdout.slice(0, m.index), doc: stdout.slice(m.index) }
}

export function toGolden(run: EngineRun): Golden {
  const { prefix, doc } = splitStdout(run.stdout)
  let output: unknown = null
  if (doc !== null) {
    try {
      output = JSON.parse(doc)
    } catch (e) {
      throw new Error(`stdout is not the json callback's document: ${(e as Error).message}\n${run.stdout.slice(0, 2000)}`)
    }
  }
  const sub = (s: string) => substitute(s, run.paths)
  return { rc: run.rc, output: mapStrings(output, sub), stdout_prefix: sub(prefix), stderr: sub(run.stderr) }
}

/** Goldens of the local runs, and of the same scenarios run over SSH (`goldens-ssh/`). */
export const goldenPath = (name: string, ssh = false) => join(ssh ? `${GOLDENS}-ssh` : GOLDENS, `${name}.json`)

export function readGolden(name: string, ssh = false): Golden | null {
  const file = goldenPath(name, ssh)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Golden) : null
}

export function writeGolden(name: string, golden: Golden, ssh = false): void {
  mkdirSync(dirname(goldenPath(name, ssh)), { recursive: true })
  writeFileSync(goldenPath(name, ssh), JSON.stringify(golden, null, 1) + '\n')
}
