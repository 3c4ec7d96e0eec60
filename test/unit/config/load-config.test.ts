import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseIni } from '../../../src/config/load-config.js'

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-cfg-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

describe('ansible.cfg', () => {
  it('parses configparser syntax: ; inline comments, # lines, continuations, key: value', () => {
    const ini = parseIni('# c\n[defaults]\nforks = 20 ; twenty\nroles_path: a:b\nlong = one\n  two\n; x\n', 'f')
    expect(ini.get('defaults')?.get('forks')).toBe('20')
    expect(ini.get('defaults')?.get('roles_path')).toBe('a:b')
    expect(ini.get('defaults')?.get('long')).toBe('one\ntwo')
  })

  it('finds ./ansible.cfg and types its values, relative paths against the file', () => {
    const dir = dirWith({ 'ansible.cfg': '[defaults]\nforks = 20\nhost_key_checking = False\nroles_path = roles:/abs\ninventory = inv\n' })
    const c = loadConfig({ env: {}, cwd: dir })
    expect(c.file).toBe(join(dir, 'ansible.cfg'))
    expect(c.get('DEFAULT_FORKS')).toBe(20)
    expect(c.get('HOST_KEY_CHECKING')).toBe(false)
    expect(c.get('DEFAULT_ROLES_PATH')).toEqual([join(dir, 'roles'), '/abs'])
    expect(c.get('DEFAULT_HOST_LIST')).toEqual([join(dir, 'inv')])
  })

  it('lets ANSIBLE_* variables override the file, and ANSIBLE_CONFIG choose it', () => {
    const dir = dirWith({ 'other/my.cfg': '[defaults]\nforks = 7\nstdout_callback = json\n' })
    const c = loadConfig({ env: { ANSIBLE_CONFIG: join(dir, 'other/my.cfg'), ANSIBLE_FORKS: '3' }, cwd: dir })
    expect(c.get('DEFAULT_FORKS')).toBe(3)
    expect(c.get('DEFAULT_STDOUT_CALLBACK')).toBe('json')
  })

  it('uses Ansible defaults when nothing is set', () => {
    const c = loadConfig({ env: { ANSIBLE_CONFIG: '/nonexistent/ansible.cfg' }, cwd: mkdtempSync(join(tmpdir(), 'x')) })
    expect(c.get('DEFAULT_FORKS')).toBe(5)
    expect(c.get('DEFAULT_GATHERING')).toBe('implicit')
    expect(c.get('RETRY_FILES_ENABLED')).toBe(false)
    expect(c.get('DEFAULT_HASH_BEHAVIOUR')).toBe('replace')
  })
})
