/**
 * A directory source against ansible-inventory 2.14 --list (recorded in
 * test/fixtures/inventory/oracle/nested-dir.list): hidden files, vars_plugins/, .ini and
 * .bak entries skipped; a subdirectory parsed, its group_vars/ not read; the top
 * directory's group_vars/ read.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'
import { main } from '../../../src/cli/tsible-inventory.js'

const DIR = resolve(__dirname, '../../fixtures/inventory')

it('nested directory source --list', async () => {
  let stdout = ''
  let stderr = ''
  const rc = await main(['-i', resolve(DIR, 'nested-dir'), '--list'], {
    stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
  })
  expect({ rc, stdout, stderr }).toEqual({ rc: 0, stdout: readFileSync(resolve(DIR, 'oracle/nested-dir.list'), 'utf8'), stderr: '' })
})

// ansible-inventory -i DIR --list where group_vars/g/2.yml holds a list after 1.yml's `a: 1`.
it('a group_vars file that is not a mapping fails as combine_vars does', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs')
  const dir = mkdtempSync('/tmp/inv-gv-')
  mkdirSync(join(dir, 'group_vars/g'), { recursive: true })
  writeFileSync(join(dir, 'hosts'), '[g]\nh1\n')
  writeFileSync(join(dir, 'group_vars/g/1.yml'), 'a: 1\n')
  writeFileSync(join(dir, 'group_vars/g/2.yml'), '[é]\n')
  let stderr = ''
  const rc = await main(['-i', dir, '--list'], {
    stdout: { write: () => true } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
  })
  expect({ rc, stderr }).toEqual({ rc: 4, stderr: `ERROR! failed to combine variables, expected dicts but got a 'dict' and a 'AnsibleSequence': \n{"a": 1}\n["\\u00e9"]\n` })
})
