/**
 * Users' module files: a default export with an argument schema, check-mode support and
 * `run` is registered under the file's name; anything else stops the run before it starts,
 * naming the file, instead of failing later inside the module runtime.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load-config.js'
import { loadPlugins } from '../../../src/engine/plugins.js'

async function pluginsWith(file: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-usermod-'))
  mkdirSync(join(dir, 'library'))
  writeFileSync(join(dir, 'library', file), text)
  const plugins = await loadPlugins(loadConfig({ env: {}, cwd: dir }), dir)
  return { plugins, path: join(dir, 'library', file) }
}

it('registers a module file under its name', async () => {
  const { plugins } = await pluginsWith('greet.mjs', "export default { args: { type: 'object', properties: {} }, supports: { check: 'full' }, run: async () => ({ changed: false }) }\n")
  await plugins.loadUserCode()
  expect(plugins.module('greet')?.name).toBe('greet')
})

it.each([
  ['without run', "export default { args: { type: 'object' }, supports: { check: 'full' } }\n"],
  ['without an argument schema', "export default { supports: { check: 'full' }, run: async () => ({}) }\n"],
  ['without check-mode support', "export default { args: { type: 'object' }, run: async () => ({}) }\n"],
  ['that is not an object', 'export default 42\n'],
])('refuses a module file %s, naming it', async (_, text) => {
  const { plugins, path } = await pluginsWith('broken.mjs', text)
  await expect(plugins.loadUserCode()).rejects.toThrow(`${path} does not default-export a module (defineModule({ args, supports, run }))`)
})
