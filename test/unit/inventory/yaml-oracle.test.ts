/**
 * YAML/JSON inventory files against ansible-inventory 2.14 --list (stdout, stderr, exit
 * code; test/fixtures/inventory/oracle/yaml-cases.json): the auto → yaml → ini attempts
 * and their failure texts, Python type names in errors, skipped keys, scalar host vars.
 * Each file is copied to a /tmp/inv-XXXXXXXX directory as when recorded, since warnings
 * wrap by width.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/tsible-inventory.js'

const DIR = resolve(__dirname, '../../fixtures/inventory/yamlcases')
const CASES = JSON.parse(readFileSync(resolve(DIR, '../oracle/yaml-cases.json'), 'utf8')) as Record<string, { rc: number; stdout: string; stderr: string }>

describe('YAML inventories as ansible-inventory --list reads them', () => {
  for (const f of readdirSync(DIR).sort()) {
    it(f, async () => {
      const dir = mkdtempSync('/tmp/inv-xx')
      copyFileSync(join(DIR, f), join(dir, f))
      let stdout = ''
      let stderr = ''
      const rc = await main(['-i', join(dir, f), '--list'], {
        stdout: { write: (s: string) => ((stdout += s), true) } as unknown as NodeJS.WritableStream,
        stderr: { write: (s: string) => ((stderr += s), true) } as unknown as NodeJS.WritableStream,
      })
      expect({ rc, stdout, stderr: stderr.split(dir).join('@DIR@') }).toEqual(CASES[f])
    })
  }
})
