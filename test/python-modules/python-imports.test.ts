/**
 * The import scanner against the forms ansible-core's ast-based ModuleDepFinder sees:
 * multi-line and parenthesised imports, relative imports, imports nested in blocks
 * (optional) or at module level (required), and text that only looks like an import.
 */
import { describe, expect, it } from 'vitest'
import { depsOf } from '../../src/python-modules/module-deps.js'
import { scanImports } from '../../src/python-modules/python-imports.js'

const names = (src: string) => scanImports(src).map((i) => `${i.topLevel ? '' : '?'}${i.kind === 'from' ? `${'.'.repeat(i.level)}${i.module ?? ''}:` : ''}${i.names.join(',')}`)

describe('scanImports', () => {
  it('reads plain, aliased and dotted imports', () => {
    expect(names('import os\nimport a.b as c, d\nfrom x.y import z as w, v\n')).toEqual(['os', 'a.b,d', 'x.y:z,v'])
  })

  it('joins parenthesised and backslash-continued imports', () => {
    const src = 'from ansible.module_utils.basic import (\n    AnsibleModule,  # the class\n    env_fallback,\n)\nfrom a import b, \\\n    c\n'
    expect(names(src)).toEqual(['ansible.module_utils.basic:AnsibleModule,env_fallback', 'a:b,c'])
  })

  it('tells imports in blocks and compound statements from module-level ones', () => {
    const src = [
      'try:',
      '    from ansible.module_utils.six import PY3',
      'except ImportError:',
      '    import json',
      'if True: import ansible.module_utils.urls',
      'def f():',
      '    from ansible.module_utils.common import x; import y',
      'import z; import w',
      'class C: from q import r',
    ].join('\n')
    expect(names(src)).toEqual(['?ansible.module_utils.six:PY3', '?json', '?ansible.module_utils.urls', '?ansible.module_utils.common:x', '?y', 'z', 'w', '?q:r'])
  })

  it('ignores imports inside strings and comments', () => {
    const src = 'DOC = """\nimport not_real\nfrom fake import x\n"""\nx = "import nope"  # import nothing\nr = r\'\\\'\' ; import real\nb"""\nimport also_fake"""\n'
    expect(names(src)).toEqual(['real'])
  })

  it('reads relative imports and star imports', () => {
    expect(names('from . import a\nfrom ..module_utils.x import y\nfrom ...z import *\nfrom .m import (n)\n')).toEqual(['.:a', '..module_utils.x:y', '...z:*', '.m:n'])
  })

  it('keeps tabs and form feeds from being taken for module level', () => {
    expect(names('if x:\n\timport a\n\x0cimport b\n')).toEqual(['?a', 'b'])
  })
})

describe('depsOf (ModuleDepFinder)', () => {
  it('keeps module_utils and collection module_utils names, with the imported name appended for from-imports', () => {
    const src = [
      'import os',
      'import ansible.module_utils.common.text',
      'from ansible.module_utils.basic import AnsibleModule',
      'from ansible_collections.ns.coll.plugins.module_utils.helper import thing',
      'from ansible_collections.ns.coll.plugins.lookup import ignored',
      'try:',
      '    from ansible.module_utils.optional import x',
      'except ImportError:',
      '    pass',
    ].join('\n')
    expect(depsOf(src, 'ansible.modules.m', false)).toEqual([
      { parts: ['ansible', 'module_utils', 'common', 'text'], optional: false },
      { parts: ['ansible', 'module_utils', 'basic', 'AnsibleModule'], optional: false },
      { parts: ['ansible_collections', 'ns', 'coll', 'plugins', 'module_utils', 'helper', 'thing'], optional: false },
      { parts: ['ansible', 'module_utils', 'optional', 'x'], optional: true },
    ])
  })

  it('resolves relative imports against the module name, one level deeper in a package __init__', () => {
    const fqn = 'ansible_collections.ns.coll.plugins.modules.m'
    expect(depsOf('from ..module_utils.h import f', fqn, false)).toEqual([{ parts: ['ansible_collections', 'ns', 'coll', 'plugins', 'module_utils', 'h', 'f'], optional: false }])
    const pkg = 'ansible_collections.ns.coll.plugins.module_utils.sub'
    expect(depsOf('from .inner import g', pkg, true)).toEqual([{ parts: ['ansible_collections', 'ns', 'coll', 'plugins', 'module_utils', 'sub', 'inner', 'g'], optional: false }])
    expect(depsOf('from .inner import g', pkg, false)).toEqual([{ parts: ['ansible_collections', 'ns', 'coll', 'plugins', 'module_utils', 'inner', 'g'], optional: false }])
  })

  it('marks a name imported both at module level and in a block as optional, as Ansible does', () => {
    expect(depsOf('from ansible.module_utils.a import b\ntry:\n    from ansible.module_utils.a import b\nexcept Exception:\n    pass\n', 'x', false)).toEqual([
      { parts: ['ansible', 'module_utils', 'a', 'b'], optional: true },
    ])
  })
})
