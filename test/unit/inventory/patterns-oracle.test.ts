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

// ansible -i patterns.ini all --list-hosts --limit L (recorded): the limit's unmatched
// patterns warn too; an @file's lines are patterns as they are (a '#' line included).
describe('--limit as ansible applies it', () => {
  const cases: [string, string[], string[]][] = [
    ['web:!web02', ['web01', 'web03', 'web04'], []],
    ['@limit-comments.txt', ['web01', 'db1'], ['Could not match supplied host pattern, ignoring: # c', 'Could not match supplied host pattern, ignoring: nope']],
    ['nosuch', [], ['Could not match supplied host pattern, ignoring: nosuch']],
    ['db', ['web02', 'db1', 'db2'], []],
    ['web[1:2]', ['web02', 'web03'], []],
    ['lb1,db2', ['lb1', 'db2'], []],
  ]
  for (const [limit, hosts, warnings] of cases) {
    it(limit, () => {
      const cwd = process.cwd()
      process.chdir(DIR)
      try {
        const inv = openInventory([resolve(DIR, 'patterns.ini')], { limit, warn: () => {} })
        expect({ hosts: inv.hostsForPattern('all'), warnings: inv.takeWarnings() }).toEqual({ hosts, warnings })
        inv.hostsForPattern('all')
        expect(inv.takeWarnings()).toEqual([])
      } finally {
        process.chdir(cwd)
      }
    })
  }
  it('a missing @file', () => {
    expect(() => openInventory([resolve(DIR, 'patterns.ini')], { limit: '@nofile', warn: () => {} })).toThrow("Unable to find limit file b'nofile'")
  })
})
