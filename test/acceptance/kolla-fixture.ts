/**
 * The kolla-config acceptance fixture (../shared/fixtures/kolla-config): lays it out, runs
 * tsible-playbook on kolla's unchanged site.yml with the json callback, and compares the
 * resulting config tree and task statuses with the goldens recorded from ansible-core 2.14.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const SHARED = resolve(__dirname, '../../../shared')
export const FIXTURE = join(SHARED, 'fixtures/kolla-config')
export const CORPUS = join(SHARED, 'corpus/kolla-ansible-2023.1')
const ROOT = resolve(__dirname, '../..')

/** Prepares a fresh fixture directory and returns its path. */
export function prepareFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kc-'))
  execFileSync('sh', [join(FIXTURE, 'prepare.sh'), dir])
  return dir
}

/** A copy of a prepared fixture whose paths point into the copy. */
export function copyFixture(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'tsible-kc-copy-'))
  execFileSync('cp', ['-a', `${dir}/.`, copy])
  for (const f of ['ansible.cfg', 'globals.yml']) {
    const p = join(copy, f)
    writeFileSync(p, readFileSync(p, 'utf8').split(dir).join(copy))
  }
  return copy
}

export interface RunOutcome {
  rc: number
  stdout: string
  stderr: string
}

/** Runs tsible-playbook the way the goldens were recorded, plus extra arguments (on another release's corpus with `corpus`). */
export function runTsible(dir: string, extra: string[] = [], callback = 'json', corpus = CORPUS): RunOutcome {
  const args = [
    join(ROOT, 'bin/tsible-playbook.js'),
    '-i', 'multinode', '-e', '@globals.yml', '-e', '@passwords.yml', '-e', `CONFIG_DIR=${dir}`, '-e', 'kolla_action=config',
    ...extra,
    join(corpus, 'ansible/site.yml'),
  ]
  const r = spawnSync(process.execPath, args, {
    cwd: dir,
    env: { ...process.env, ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK: callback, ANSIBLE_NOCOLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

/** normalize-statuses.py of a json-callback output (the fixture's own reducer). */
export function normalizeStatuses(jsonOutput: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kc-json-'))
  const file = join(dir, 'run.json')
  writeFileSync(file, jsonOutput)
  const r = spawnSync('python3', [join(FIXTURE, 'normalize-statuses.py'), file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`normalize-statuses.py failed: ${r.stderr}`)
  return JSON.parse(r.stdout)
}

export function golden(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURE, 'golden', name), 'utf8'))
}

export interface TreeEntry {
  type: 'file' | 'dir' | 'link'
  mode: string
  content?: string
}

/** A directory tree as path → type, permission bits and content (sha-free: exact bytes as hex-safe latin1). */
export function readTree(root: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>()
  const walk = (rel: string) => {
    const p = join(root, rel)
    const st = lstatSync(p)
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0')
    if (st.isSymbolicLink()) out.set(rel, { type: 'link', mode, content: readlinkSync(p) })
    else if (st.isDirectory()) {
      if (rel) out.set(rel, { type: 'dir', mode })
      for (const e of readdirSync(p).sort()) walk(rel ? `${rel}/${e}` : e)
    } else out.set(rel, { type: 'file', mode, content: readFileSync(p).toString('latin1') })
  }
  walk('')
  return out
}

/** The golden node-config tree, extracted to a temp dir. */
export function goldenTree(): Map<string, TreeEntry> {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kc-golden-'))
  execFileSync('tar', ['-xf', join(FIXTURE, 'golden/node-config.tar'), '-C', dir, '--no-same-owner'])
  return readTree(dir)
}

/** Differences between two trees, as readable lines (empty when identical). */
export function diffTrees(expected: Map<string, TreeEntry>, actual: Map<string, TreeEntry>): string[] {
  const out: string[] = []
  for (const [p, e] of expected) {
    const a = actual.get(p)
    if (!a) out.push(`missing: ${p}`)
    else if (a.type !== e.type) out.push(`type differs: ${p} (${a.type} instead of ${e.type})`)
    else if (a.mode !== e.mode) out.push(`mode differs: ${p} (${a.mode} instead of ${e.mode})`)
    else if (a.content !== e.content) out.push(`content differs: ${p}`)
  }
  for (const p of actual.keys()) if (!expected.has(p)) out.push(`unexpected: ${p}`)
  return out
}
