/**
 * A directory source against ansible-inventory 2.14 --list (recorded in
 * test/fixtures/inventory/oracle/nested-dir.list): hidden files, vars_plugins/, .ini and
 * .bak entries skipped; a subdirectory parsed, its group_vars/ not read; the top
 * directory's group_vars/ read.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
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
