/**
 * Module lookup as ansible-core's plugin loader does it, over real directories: users'
 * library directories in order, configured paths (subdirectories first, non-directories
 * skipped), a stand-in ansible package (its modules and its builtin routing), collections
 * with meta/runtime.yml redirects, deprecations and tombstones, collection lists.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CollectionSearch, collectionRoots } from '../../src/python-modules/collections.js'
import { PluginFinder, PluginRemovedError } from '../../src/python-modules/plugin-finder.js'
import type { Deprecation } from '../../src/output/display.js'

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tsible-finder-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

function finder(root: string, o: { extra?: string[]; configured?: string[]; kind?: 'modules' | 'action' } = {}) {
  const deprecations: Deprecation[] = []
  const collections = new CollectionSearch(collectionRoots([join(root, 'pb')], [join(root, 'colls')], [join(root, 'site')]), () => join(root, 'site/ansible'))
  const f = new PluginFinder({
    kind: o.kind ?? 'modules',
    collections: () => collections,
    extraDirs: () => o.extra ?? [join(root, 'pb/library'), join(root, 'pb/roles/r1/library')],
    configured: o.configured ?? [],
    packageDir: () => join(root, o.kind === 'action' ? 'site/ansible/plugins/action' : 'site/ansible/modules'),
    deprecated: (d) => deprecations.push(d),
  })
  return { f, deprecations }
}

const BUILTIN_RUNTIME = `plugin_routing:
  modules:
    ini_file:
      redirect: community.general.ini_file
    gone:
      tombstone: {removal_version: '2.0', warning_text: Use other.}
`

const FILES = {
  'site/ansible/__init__.py': '',
  'site/ansible/modules/__init__.py': '',
  'site/ansible/modules/ping.py': '#!/usr/bin/python\n',
  'site/ansible/modules/shadowed.py': 'core',
  'site/ansible/config/ansible_builtin_runtime.yml': BUILTIN_RUNTIME,
  'site/ansible_collections/community/general/plugins/modules/ini_file.py': 'cg',
  'colls/ansible_collections/community/general/meta/runtime.yml': `plugin_routing:
  modules:
    old_name: {redirect: community.general.ini_file, deprecation: {removal_version: 9.0.0, warning_text: Use ini_file.}}
    loop_a: {redirect: community.general.loop_b}
    loop_b: {redirect: community.general.loop_a}
    with_action: {action_plugin: community.general.act}
`,
  'colls/ansible_collections/community/general/plugins/modules/with_action.py': 'wa',
  'site/ansible_collections/community/general/plugins/modules/hidden.py': 'in the second root: never seen',
  'colls/ansible_collections/community/general/plugins/modules/ini_file.py': 'configured copy wins',
  'colls/ansible_collections/community/general/plugins/modules/sub/deep.py': 'deep',
  'pb/collections/ansible_collections/my/coll/plugins/modules/thing.sh': '#!/bin/sh\n',
  'pb/library/shadowed.py': 'user',
  'pb/library/script.sh': '#!/bin/sh\n',
  'pb/library/notes.txt': 'ignored extension',
  'pb/library/_legacy_alias.py': 'alias',
  'pb/roles/r1/library/role_mod': '#!/bin/sh\n',
  'conf/top.py': 'top',
  'conf/sub/nested.py': 'nested',
}

describe('PluginFinder: legacy search', () => {
  const root = tree(FILES)
  const { f, deprecations } = finder(root, { configured: [join(root, 'conf'), '/dev/null'] })

  it('finds users\' modules before ansible-core\'s, with or without extension', () => {
    expect(f.find('shadowed')).toMatchObject({ resolved: true, path: join(root, 'pb/library/shadowed.py'), fqcn: 'shadowed', collection: '' })
    expect(f.find('script').path).toBe(join(root, 'pb/library/script.sh'))
    expect(f.find('script.sh').path).toBe(join(root, 'pb/library/script.sh'))
    expect(f.find('role_mod').path).toBe(join(root, 'pb/roles/r1/library/role_mod'))
    expect(f.find('ping')).toMatchObject({ path: join(root, 'site/ansible/modules/ping.py'), fqcn: 'ansible.builtin.ping', collection: 'ansible.builtin' })
  })

  it('searches configured paths and their subdirectories, skips paths that are not directories and ignored extensions', () => {
    expect(f.find('top').path).toBe(join(root, 'conf/top.py'))
    expect(f.find('nested').path).toBe(join(root, 'conf/sub/nested.py'))
    expect(f.find('notes').resolved).toBe(false)
  })

  it('takes _name as a deprecated alias of name', () => {
    expect(f.find('legacy_alias').path).toBe(join(root, 'pb/library/_legacy_alias.py'))
    expect(deprecations.at(-1)?.msg).toBe('legacy_alias is kept for backwards compatibility but usage is discouraged. The module documentation details page may explain more about this rationale.')
  })

  it('sends an unknown short name through ansible.builtin\'s routing', () => {
    const r = f.find('ini_file')
    expect(r).toMatchObject({ resolved: true, fqcn: 'community.general.ini_file', collection: 'community.general' })
    expect(r.path).toBe(join(root, 'colls/ansible_collections/community/general/plugins/modules/ini_file.py'))
    expect(r.redirectList).toEqual(['ini_file', 'ansible.builtin.ini_file', 'community.general.ini_file'])
  })

  it('fails a tombstoned module with the removal message', () => {
    expect(() => f.find('gone')).toThrow(PluginRemovedError)
    expect(() => f.find('gone')).toThrow('[DEPRECATED]: ansible.builtin.gone has been removed. Use other. This feature was removed from ansible-core in version 2.0. Please update your playbooks.')
  })

  it('ansible.legacy is the legacy search, ansible.builtin only ansible-core', () => {
    expect(f.find('ansible.legacy.shadowed').path).toBe(join(root, 'pb/library/shadowed.py'))
    expect(f.find('ansible.builtin.shadowed').path).toBe(join(root, 'site/ansible/modules/shadowed.py'))
  })
})

describe('PluginFinder: collections', () => {
  const root = tree(FILES)
  const { f, deprecations } = finder(root)

  it('finds a FQCN in the first root that holds the collection (configured before sys.path), subdirectories included', () => {
    expect(f.find('community.general.ini_file').path).toBe(join(root, 'colls/ansible_collections/community/general/plugins/modules/ini_file.py'))
    expect(f.find('my.coll.thing').path).toBe(join(root, 'pb/collections/ansible_collections/my/coll/plugins/modules/thing.sh'))
    expect(f.find('community.general.sub.deep').path).toBe(join(root, 'colls/ansible_collections/community/general/plugins/modules/sub/deep.py'))
    expect(f.find('community.general.hidden').resolved).toBe(false)
  })

  it('follows redirects and reports deprecations', () => {
    const r = f.find('community.general.old_name')
    expect(r.fqcn).toBe('community.general.ini_file')
    expect(deprecations.at(-1)).toEqual({ msg: 'community.general.old_name has been deprecated. Use ini_file.', date: undefined, version: '9.0.0', collectionName: 'community.general', removed: false })
  })

  it('stops a redirect loop with Ansible\'s message', () => {
    expect(() => f.find('community.general.loop_a')).toThrow("plugin redirect loop resolving community.general.loop_a (path: ['community.general.loop_a', 'community.general.loop_b'])")
  })

  it('keeps a module\'s action_plugin routing', () => {
    expect(f.find('community.general.with_action').actionPlugin).toBe('community.general.act')
  })

  it('searches a task\'s collection list, then ansible.legacy', () => {
    expect(f.find('ini_file', ['community.general', 'ansible.legacy']).path).toBe(join(root, 'colls/ansible_collections/community/general/plugins/modules/ini_file.py'))
    expect(f.find('shadowed', ['community.general', 'ansible.legacy']).path).toBe(join(root, 'pb/library/shadowed.py'))
    expect(f.find('thing', ['community.general']).resolved).toBe(false)
    expect(f.find('thing', ['my.coll']).resolved).toBe(true)
  })

  it('lists only the roots that hold ansible_collections, in order', () => {
    const c = new CollectionSearch(collectionRoots([join(root, 'pb'), join(root, 'nowhere')], [join(root, 'colls/ansible_collections')], [join(root, 'site'), '/dev/null']), () => undefined)
    expect(c.searchRoots).toEqual([join(root, 'pb/collections'), join(root, 'colls'), join(root, 'site')])
  })
})

describe('PluginFinder: action plugins', () => {
  it('finds only .py files', () => {
    const root = tree({ 'pb/action_plugins/act.py': '', 'pb/action_plugins/other.sh': '', 'site/ansible/plugins/action/fetch.py': '' })
    const { f } = finder(root, { kind: 'action', extra: [join(root, 'pb/action_plugins')] })
    expect(f.find('act').resolved).toBe(true)
    expect(f.find('other').resolved).toBe(false)
    expect(f.find('fetch').fqcn).toBe('ansible.builtin.fetch')
  })

  it('takes a library symlinked into place as the directory it points to', () => {
    const root = tree({ 'real/mod.py': 'x' })
    symlinkSync(join(root, 'real'), join(root, 'linked'))
    const { f } = finder(root, { extra: [join(root, 'linked')] })
    expect(f.find('mod').path).toBe(join(root, 'real/mod.py'))
  })
})
