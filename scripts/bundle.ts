/**
 * The second step of `npm run build`: tsc has compiled src/, modules/ and plugins/ into
 * dist/ (about 360 ES modules); this bundles them into a few files under dist/bundle/, which
 * the commands in bin/ and the package's exports load. Node resolves, reads and links each
 * ES module of an import graph one by one: for tsible's 360 that is about half of a short
 * run's controller time (0.8 s against 0.45 s for a one-task playbook), paid on every
 * invocation. Entry points share their code through chunks (`splitting`), so the commands
 * and users' modules importing `tsible` or `tsible/plugin-kit` see one instance of every
 * module. npm packages stay outside the bundle (`packages: external`): they are loaded from
 * node_modules as before.
 */
import { build } from 'esbuild'
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const entries = ['cli/tsible-playbook', 'cli/tsible', 'cli/tsible-inventory', 'cli/tsible-vault', 'index', 'engine-api', 'plugin-kit']

// Chunk names change with their content: a stale chunk must not stay beside the new ones.
rmSync(join(ROOT, 'dist/bundle'), { recursive: true, force: true })
await build({
  entryPoints: Object.fromEntries(entries.map((e) => [e.replace(/^cli\//, ''), join(ROOT, 'dist/src', `${e}.js`)])),
  outdir: join(ROOT, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
