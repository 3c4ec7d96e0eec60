/**
 * scripts/check-boundaries.sh fails on each kind of violation it exists for: a tree laid out
 * as the project's, with the project's own configs, is checked clean, then with one
 * violation planted at a time.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../..')
const run = promisify(execFile)

/** A minimal project tree: a kit, an engine file reading a registry, a plugin using the kit. */
const CLEAN: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'planted', type: 'module', exports: { '.': './src/index.ts', './plugin-kit': './src/plugin-kit.ts' } }),
  'src/index.ts': "export { pyStr } from './py/values.js'\n",
  'src/plugin-kit.ts': "export * from './index.js'\n",
  'src/py/values.ts': 'export function pyStr(v: unknown): string {\n  return String(v)\n}\n',
  'src/engine/builtins.ts': "import { filters } from '../../plugins/filter/index.js'\nimport { modules } from '../../modules/index.js'\nexport const builtins = { filters, modules }\n",
  'src/cli/tsible-playbook.ts': "import { builtins } from '../engine/builtins.js'\nconsole.log(builtins)\n",
  'plugins/filter/index.ts': "import { pyStr } from '../../src/plugin-kit.js'\nexport const filters = { str: pyStr }\n",
  'modules/index.ts': "import { pyStr } from '../src/plugin-kit.js'\nexport const modules = [pyStr]\n",
}

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
  dirs = []
})

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-boundaries-'))
  dirs.push(dir)
  for (const cfg of ['.dependency-cruiser.cjs', 'knip.json', 'tsconfig.json']) copyFileSync(join(ROOT, cfg), join(dir, cfg))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function check(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  try {
    const r = await run('bash', [join(ROOT, 'scripts/check-boundaries.sh'), tree(files)])
    return { ok: true, output: r.stdout + r.stderr }
  } catch (e) {
    const err = e as { stdout: string; stderr: string }
    return { ok: false, output: err.stdout + err.stderr }
  }
}

describe('check-boundaries.sh', { timeout: 240_000 }, () => {
  it('passes a tree that keeps the rules', async () => {
    const r = await check(CLEAN)
    expect(r.output).toContain('no dependency violations')
    expect(r.ok).toBe(true)
  })

  it('fails when a plugin imports an engine internal instead of the kit', async () => {
    const r = await check({ ...CLEAN, 'plugins/filter/index.ts': "import { pyStr } from '../../src/py/values.js'\nexport const filters = { str: pyStr }\n" })
    expect(r.ok).toBe(false)
    expect(r.output).toContain('plugins-through-kit')
  })

  it('fails on an import cycle, type-only included', async () => {
    const r = await check({
      ...CLEAN,
      'src/py/values.ts': "import type { Other } from './other.js'\nexport type Value = Other | string\nexport function pyStr(v: unknown): string {\n  return String(v)\n}\n",
      'src/py/other.ts': "import type { Value } from './values.js'\nexport type Other = { v: Value }\n",
    })
    expect(r.ok).toBe(false)
    expect(r.output).toContain('no-circular')
  })

  it('fails when src/py imports a layer above it', async () => {
    const r = await check({ ...CLEAN, 'src/py/values.ts': "import { builtins } from '../engine/builtins.js'\nexport function pyStr(v: unknown): string {\n  return String(v ?? builtins)\n}\n" })
    expect(r.ok).toBe(false)
    expect(r.output).toContain('py-is-the-bottom-layer')
  })

  it('fails when the engine reaches into a plugin beside its registries', async () => {
    const r = await check({
      ...CLEAN,
      'plugins/filter/str.ts': "import { pyStr } from '../../src/plugin-kit.js'\nexport const str = pyStr\n",
      'src/cli/tsible-playbook.ts': "import { builtins } from '../engine/builtins.js'\nimport { str } from '../../plugins/filter/str.js'\nconsole.log(builtins, str)\n",
    })
    expect(r.ok).toBe(false)
    expect(r.output).toContain('engine-through-registries')
  })

  it('fails on an unused export', async () => {
    const r = await check({ ...CLEAN, 'src/py/values.ts': CLEAN['src/py/values.ts'] + 'export const unusedThing = 1\n' })
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(/Unused exports[\s\S]*unusedThing/)
  })

  it('fails on a file nothing uses', async () => {
    const r = await check({ ...CLEAN, 'src/py/orphan.ts': 'export const orphan = 1\n' })
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(/Unused files[\s\S]*orphan\.ts/)
  })

  it('fails on an unused local', async () => {
    const r = await check({ ...CLEAN, 'src/py/values.ts': 'const stale = 1\nexport function pyStr(v: unknown): string {\n  return String(v)\n}\n' })
    expect(r.ok).toBe(false)
    expect(r.output).toContain("'stale' is declared but its value is never read")
  })

  it('fails on an executor function over 60 lines', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `  n += ${i}\n`).join('')
    const r = await check({ ...CLEAN, 'src/executor/long.ts': `export function long(): number {\n  let n = 0\n${body}  return n\n}\n`, 'src/cli/tsible-playbook.ts': CLEAN['src/cli/tsible-playbook.ts'] + "import { long } from '../executor/long.js'\nconsole.log(long())\n" })
    expect(r.ok).toBe(false)
    expect(r.output).toMatch(/long\.ts:1 long 64 lines/)
  })
})
