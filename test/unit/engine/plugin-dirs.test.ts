/**
 * Plugin directories that are not directories: a configured library or plugin path such
 * as /dev/null (ansible-test runs targets with ANSIBLE_LIBRARY=/dev/null) is ignored, as
 * Ansible ignores it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load-config.js'
import { loadPlugins } from '../../../src/engine/plugins.js'

describe('plugin paths that are not directories', () => {
  it('/dev/null and a plain file as library and filter paths are ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-plugin-dirs-'))
    const file = join(dir, 'not-a-dir')
    writeFileSync(file, '')
    const config = loadConfig({ env: { HOME: dir, ANSIBLE_CONFIG: join(dir, 'none.cfg'), ANSIBLE_LIBRARY: '/dev/null', ANSIBLE_FILTER_PLUGINS: file }, cwd: dir })
    const plugins = await loadPlugins(config, dir)
    await plugins.loadUserCode()
    expect(plugins.isAction('debug')).toBe(true)
  })
})
