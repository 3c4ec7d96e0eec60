/**
 * The inventory against ansible-core 2.14: `ansible-inventory --list/--graph/--graph
 * --vars/--list -y` outputs and `ansible PATTERN --list-hosts` results recorded once
 * from the oracle (test/fixtures/inventory/expected), for hand-written INI/YAML/directory
 * sources and kolla's own multinode and all-in-one inventories.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/tsible-inventory.js'
import { openInventory } from '../../../src/inventory/index.js'
import { expandHostRange, InventoryParseError, parseIni } from '../../../src/inventory/parse.js'
import { InventoryData } from '../../../src/inventory/data.js'

const FIXTURES = resolve(__dirname, '../../fixtures/inventory')
const KOLLA = resolve(__dirname, '../../../../shared/corpus/kolla-ansible-2023.1/ansible/inventory')

async function cli(args: string[]): Promise<string> {
  let out = ''
  const stdout = { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream
  const stderr = { write: () => true } as unknown as NodeJS.WritableStream
  const cwd = process.cwd()
  process.chdir(FIXTURES)
  try {
    await main(args, { stdout, stderr })
  } finally {
    process.chdir(cwd)
  }
  return out
}

const SOURCES: [string, string][] = [
  ['groups.ini', join(FIXTURES, 'groups.ini')],
  ['order.ini', join(FIXTURES, 'order.ini')],
  ['features.ini', join(FIXTURES, 'features.ini')],
  ['dirsrc', join(FIXTURES, 'dirsrc')],
  ['multinode', join(KOLLA, 'multinode')],
  ['all-in-one', join(KOLLA, 'all-in-one')],
]
const MODES: [string, string[]][] = [
  ['list', ['--list']],
  ['graph', ['--graph']],
  ['graph-vars', ['--graph', '--vars']],
  ['list-yaml', ['--list', '-y']],
]

describe('tsible-inventory prints what ansible-inventory prints', () => {
  for (const [name, path] of SOURCES) {
    for (const [mode, args] of MODES) {
      it(`${name} ${args.join(' ')}`, async () => {
        const expected = readFileSync(join(FIXTURES, 'expected', `${name}.${mode}`), 'utf8')
        expect(await cli(['-i', path, ...args])).toBe(expected)
      })
    }
  }
})

describe('host patterns', () => {
  const recorded = JSON.parse(readFileSync(join(FIXTURES, 'expected/features.patterns.json'), 'utf8')) as Record<string, { hosts: string[]; warnings: string[] }>
  for (const [pattern, want] of Object.entries(recorded)) {
    it(`${pattern} as ansible --list-hosts`, () => {
      const inv = openInventory([join(FIXTURES, 'features.ini')], { warn: () => {} })
      expect(inv.hostsForPattern(pattern)).toEqual(want.hosts)
      expect(inv.takeWarnings()).toEqual(want.warnings)
    })
  }

  it('applies --limit, including @file', () => {
    const inv = openInventory([join(FIXTURES, 'features.ini')], { warn: () => {}, limit: 'db' })
    expect(inv.hostsForPattern('all')).toEqual(['db-a'])
    const fromFile = openInventory([join(FIXTURES, 'features.ini')], { warn: () => {}, limit: `@${join(FIXTURES, 'limit.txt')}` })
    expect(fromFile.hostsForPattern('web')).toEqual(['web02.example.com', 'node5'])
  })

  it('orders hosts as the play keyword asks', () => {
    const inv = openInventory([join(FIXTURES, 'order.ini')], { warn: () => {} })
    expect(inv.hostsForPattern('all', 'inventory')).toEqual(['w2', 'w1', 'z'])
    expect(inv.hostsForPattern('all', 'sorted')).toEqual(['w1', 'w2', 'z'])
    expect(inv.hostsForPattern('all', 'reverse_inventory')).toEqual(['z', 'w1', 'w2'])
  })
})

describe('run-time changes and variables', () => {
  it('add_host puts a new host in all directly (first in groups.all), group_by makes groups under all', () => {
    const inv = openInventory(['h1,h2'], { warn: () => {} })
    expect(inv.addHost('extra', ['added'], { v: 1 })).toBe(true)
    expect(inv.addHost('extra', ['added'], { v: 1 })).toBe(false)
    expect(inv.groupsMap().all).toEqual(['extra', 'h1', 'h2'])
    expect(inv.addHostToGroup('h1', 'enable_x_True', [])).toBe(true)
    expect(inv.addHostToGroup('h1', 'enable_x_True', [])).toBe(false)
    expect(inv.hostsForPattern(['all', '&enable_x_True'])).toEqual(['h1'])
    // reconcile takes a host that joined a group out of ungrouped
    expect(inv.groupNames('h1')).toEqual(['enable_x_True'])
  })

  it('layers group vars in VARIABLE_PRECEDENCE order: inventory file vars, then group_vars files', () => {
    const inv = openInventory([join(FIXTURES, 'dirsrc')], { warn: () => {} })
    const layers = inv.inventoryLayers('y2', undefined)
    const merged = Object.assign({}, ...layers)
    expect(merged).toMatchObject({ gv: true, from_gv: 1 })
  })

  it('expands host ranges with padding, letters and strides', () => {
    expect(expandHostRange('web[01:03]')).toEqual(['web01', 'web02', 'web03'])
    expect(expandHostRange('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c'])
    expect(expandHostRange('n[1:9:4]')).toEqual(['n1', 'n5', 'n9'])
  })

  it('names the file and line of a bad INI entry', () => {
    expect(() => parseIni(new InventoryData(), '[g]\nh1 novalue\n', 'inv')).toThrow(new InventoryParseError('inv:2: Expected key=value host variable assignment, got: novalue'))
    expect(() => parseIni(new InventoryData(), '[g:bogus]\n', 'inv')).toThrow('inv:1: Section [g:bogus] has unknown type: bogus')
  })
})
