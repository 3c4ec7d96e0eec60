/**
 * The ansible-core installed on the controller, found through its Python package: a
 * Python that can `import ansible` is asked once, and only when a task names a module
 * tsible does not implement. Its answer (the package directory, the version and the
 * interpreter's `sys.path`) is what Ansible itself would see: the `sys.path` entries are
 * where Ansible's collection loader finds collections installed as Python packages
 * (Debian's `ansible` puts them in /usr/lib/python3/dist-packages/ansible_collections).
 *
 * The interpreter is `$TSIBLE_ANSIBLE_PYTHON` when set, else the first `python3` on PATH
 * that has the package, else /usr/bin/python3. The answer is kept in
 * `~/.cache/tsible/controller-ansible.json` (`$XDG_CACHE_HOME`), valid while PATH, the
 * interpreter and the package's release file are unchanged: later runs start no Python.
 */
import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'

export interface ControllerAnsible {
  /** The interpreter that imported ansible. */
  python: string
  /** The `ansible` package directory (…/site-packages/ansible). */
  packageDir: string
  version: string
  /** The interpreter's sys.path, without the script directory entry. */
  sysPath: string[]
}

const PROBE = 'import ansible, ansible.release, sys, json; print(json.dumps([ansible.__file__, ansible.release.__version__, sys.path]))'

let cached: { value: ControllerAnsible | null } | undefined

/** The controller's ansible-core, or null when no Python on this machine has it. */
export function controllerAnsible(env: NodeJS.ProcessEnv = process.env): ControllerAnsible | null {
  if (cached) return cached.value
  const key = `${env.TSIBLE_ANSIBLE_PYTHON ?? ''}\0${env.PATH ?? ''}`
  const file = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tsible', 'controller-ansible.json')
  const fromDisk = readCache(file, key)
  if (fromDisk) {
    cached = { value: fromDisk }
    return fromDisk
  }
  cached = { value: probe(env) }
  if (cached.value) writeCache(file, key, cached.value)
  return cached.value
}

function probe(env: NodeJS.ProcessEnv): ControllerAnsible | null {
  for (const python of candidates(env)) {
    const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000, env })
    if (r.status !== 0 || !r.stdout) continue
    try {
      const [file, version, sysPath] = JSON.parse(r.stdout.trim().split('\n').pop()!) as [string, string, string[]]
      return { python, packageDir: dirname(file), version, sysPath: sysPath.filter((p) => p !== '') }
    } catch {
      // not the answer of the probe: try the next interpreter
    }
  }
  return null
}

interface CacheEntry {
  key: string
  /** Modification times that must not have changed: the interpreter and ansible/release.py. */
  stamps: Record<string, number>
  value: ControllerAnsible
}

function readCache(file: string, key: string): ControllerAnsible | null {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry
    if (entry.key !== key) return null
    for (const [path, mtime] of Object.entries(entry.stamps)) if (statSync(path).mtimeMs !== mtime) return null
    return entry.value
  } catch {
    return null
  }
}

function writeCache(file: string, key: string, value: ControllerAnsible): void {
  try {
    const stamps: Record<string, number> = {}
    for (const p of [value.python, join(value.packageDir, 'release.py')]) stamps[p] = statSync(p).mtimeMs
    mkdirSync(dirname(file), { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify({ key, stamps, value } satisfies CacheEntry))
    renameSync(tmp, file)
  } catch {
    // a cache that cannot be written only costs the next run a probe
  }
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  if (env.TSIBLE_ANSIBLE_PYTHON) return [env.TSIBLE_ANSIBLE_PYTHON]
  const out: string[] = []
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    const p = join(dir, 'python3')
    if (!out.includes(p) && isExecutable(p)) out.push(p)
  }
  if (!out.includes('/usr/bin/python3')) out.push('/usr/bin/python3')
  return out
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK)
    return true
  } catch {
    return false
  }
}
