/**
 * Host patterns against `ansible -i patterns.ini PATTERN --list-hosts` (ansible-core 2.14),
 * recorded in test/fixtures/inventory/oracle/patterns.json: union/intersection/exclusion
 * order, globs, ~regex, subscripts ([n], [x:y], [x:], the removed [x-y] with its warning,
 * forms Ansible does not take as subscripts), unmatched-pattern warnings.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openInventory } from '../../../src/inventory/index.js'

const DIR = resolve(__dirname, '../../fixtures/inventory')
const CASES = JSON.parse(readFileSync(resolve(DIR, 'oracle/patterns.json'), 'utf8')) as { pattern: string; hosts: string[]; warnings: string[] }[]

describe('host patterns as ansible --list-hosts resolves them', () => {
  for (const c of CASES) {
    it(c.pattern, () => {
      const warned: string[] = []
      const inv = openInventory([resolve(DIR, 'patterns.ini')], { warn: (m) => warned.push(m) })
      const hosts = inv.hostsForPattern(c.pattern)
      expect({ hosts, warnings: [...warned, ...inv.takeWarnings()] }).toEqual({ hosts: c.hosts, warnings: c.warnings })
    })
  }
})
