/**
 * Runs one differential scenario under either engine, the same way for both: from the
 * scenario directory, `-i inventory <args> playbook.yml -e out_dir=<fresh tmp dir>`, with the
 * json stdout callback, no colour and an empty ansible.cfg so no user configuration leaks in.
 * "ansible" is the oracle (ansible-playbook 2.14, used to record goldens); "tsible" is the
 * engine under test, started through tsx so the sources are run without a build.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export type Engine = 'ansible' | 'tsible'

export interface EngineRun {
  rc: number
  stdout: string
  stderr: string
  /** The values the placeholders stand for in this run's output. */
  paths: RunPaths
}

export interface RunPaths {
  scenario: string
  outDir: string
  home: string
}

const HERE = dirname(fileURLToPath(import.meta.url))
export const ROOT = resolve(HERE, '../..')
export const SCENARIOS = join(HERE, 'scenarios')
export const GOLDENS = join(HERE, 'goldens')

/** A scenario's extra environment (`env`: `NAME=value` lines), the same for both engines. */
export function scenarioEnv(dir: string): Record<string, string> {
  const file = join(dir, 'env')
  if (!existsSync(file)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=')
    if (line.trim() !== '' && !line.startsWith('#') && eq > 0) out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return out
}

/** A scenario's extra command-line words: one per line, blank lines ignored (`@OUT_DIR@` stands for the run's out dir). */
export function scenarioArgs(dir: string): string[] {
  const file = join(dir, 'args')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
}

function engineCommand(engine: Engine): string[] {
  if (engine === 'ansible') return [process.env.DIFF_ANSIBLE_PLAYBOOK ?? 'ansible-playbook']
  // tsx transpiles src/ on the fly: the test never runs a stale dist/.
  return [process.execPath, join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(HERE, 'tsible-entry.ts')]
}

/** Where the SSH variant of a scenario connects: every host, localhost included, is this sshd. */
export interface SshTarget {
  port: number
  user: string
  keyFile: string
}

/**
 * The scenario's own ansible.cfg, if it has one, with @OUT_DIR@ standing for its out dir;
 * over SSH, host keys are not checked (the lab's sshd is new each run).
 */
function scenarioConfig(scenario: string, outDir: string, ssh: boolean): string {
  const own = join(scenario, 'ansible.cfg')
  let text = existsSync(own) ? readFileSync(own, 'utf8').split('@OUT_DIR@').join(outDir) : ''
  if (ssh) text = /^\[defaults\]$/m.test(text) ? text.replace(/^\[defaults\]$/m, '[defaults]\nhost_key_checking = False') : `[defaults]\nhost_key_checking = False\n${text}`
  return text
}

/** `name` is a directory of scenarios/, or the absolute path of a scenario kept elsewhere. */
export function runEngine(engine: Engine, name: string, timeoutMs = 180_000, ssh?: SshTarget): EngineRun {
  const scenario = resolve(SCENARIOS, name)
  const scratch = mkdtempSync(join(tmpdir(), `tsible-diff-${basename(scenario)}-`))
  const outDir = join(scratch, 'out')
  const cfg = join(scratch, 'ansible.cfg')
  mkdirSync(outDir)
  writeFileSync(cfg, scenarioConfig(scenario, outDir, ssh !== undefined))
  // A scenario's seed/ starts its out dir (e.g. a fact cache from an earlier run).
  if (existsSync(join(scenario, 'seed'))) cpSync(join(scenario, 'seed'), outDir, { recursive: true })
  try {
    const [cmd, ...pre] = engineCommand(engine)
    const sshArgs: string[] = []
    if (ssh) {
      // Extra vars beat inventory vars: every host of the scenario goes to the sshd.
      const vars = join(scratch, 'ssh-vars.json')
      writeFileSync(vars, JSON.stringify({ ansible_connection: 'ssh', ansible_host: '127.0.0.1', ansible_port: ssh.port, ansible_user: ssh.user, ansible_ssh_private_key_file: ssh.keyFile }))
      sshArgs.push('-e', `@${vars}`)
    }
    const argv = [...pre, '-i', 'inventory', ...scenarioArgs(scenario).map((a) => a.split('@OUT_DIR@').join(outDir)), 'playbook.yml', '-e', `out_dir=${outDir}`, ...sshArgs]
    const r = spawnSync(cmd!, argv, {
      cwd: scenario,
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        ANSIBLE_CONFIG: cfg,
        ANSIBLE_STDOUT_CALLBACK: 'json',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_FORCE_COLOR: '0',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
        // The json callback's default indent; pinned so a user's environment cannot change it.
        ANSIBLE_JSON_INDENT: '4',
        ...scenarioEnv(scenario),
      },
    })
    if (r.error) throw new Error(`${engine} could not run scenario ${name}: ${r.error.message}`)
    return {
      rc: r.status ?? -1,
      stdout: r.stdout,
      stderr: r.stderr,
      paths: { scenario, outDir, home: homedir() },
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
