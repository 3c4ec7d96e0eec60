/**
 * tsible packs each module with exactly the files ansible-core packs (names and bytes):
 * every module of ansible-core 2.14 and of six collections of Debian's `ansible` package,
 * against goldens/deps.json, recorded by running ansible-core's own recursive_finder
 * (test/python-modules/record-deps.py). Needs the same ansible-core and collections on this
 * machine; skipped otherwise.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CollectionSearch } from '../../src/python-modules/collections.js'
import { controllerAnsible } from '../../src/python-modules/controller-ansible.js'
import { payloadFiles } from '../../src/python-modules/module-deps.js'
import { moduleFqn } from '../../src/python-modules/module-payload.js'

interface Golden {
  ansible_version: string
  modules: Record<string, { count: number; digest: string } | string | null>
}

const golden = JSON.parse(readFileSync(join(__dirname, 'goldens/deps.json'), 'utf8')) as Golden
const ansible = controllerAnsible()
const usable = ansible?.version === golden.ansible_version && Object.keys(golden.modules).every((p) => existsSync(p))

const REPLACER = '#<<INCLUDE_ANSIBLE_MODULE_COMMON>>'
const NEW_STYLE =
  /(?:from +\.{2,} *module_utils.* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.* +import |import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils.*|from +ansible\.module_utils.* +import |import +ansible\.module_utils\.)/

describe.skipIf(!usable)(`payloads equal ansible-core ${golden.ansible_version}'s`, () => {
  it(`for ${Object.keys(golden.modules).length} modules`, () => {
    const pkg = ansible!.packageDir
    const ctx = {
      ansibleVersion: ansible!.version,
      ansiblePackageDir: pkg,
      muPaths: [join(pkg, 'module_utils'), join(pkg, 'module_utils')],
      collections: new CollectionSearch(ansible!.sysPath, () => pkg),
      deprecated: () => {},
      warn: () => {},
    }
    const differing: string[] = []
    for (const [path, want] of Object.entries(golden.modules)) {
      let source = readFileSync(path)
      const text = source.toString('latin1')
      if (text.includes(REPLACER)) source = Buffer.from(text.replace(REPLACER, 'from ansible.module_utils.basic import *'), 'latin1')
      else if (!NEW_STYLE.test(text)) {
        if (want !== null) differing.push(`${path}: not a new-style module for tsible`)
        continue
      }
      const name = basename(path, extname(path))
      let got: { count: number; digest: string } | string
      try {
        const files = payloadFiles(name, moduleFqn(path, name, pkg), source, ctx)
        const sums = new Map(files.map((f) => [f.name, createHash('sha1').update(f.data).digest('hex')]))
        const lines = [...sums.keys()].sort().map((n) => `${n} ${sums.get(n)}\n`).join('')
        got = { count: sums.size, digest: createHash('sha1').update(lines).digest('hex') }
        if (JSON.stringify(got) !== JSON.stringify(want)) differing.push(`${path}: ${JSON.stringify(want)} packed by Ansible, tsible packs ${[...sums.keys()].sort().join(', ')}`)
      } catch (e) {
        got = `ERROR: ${(e as Error).message}`
        if (typeof want !== 'string') differing.push(`${path}: ${got}`)
      }
    }
    expect(differing).toEqual([])
  }, 300_000)
})
