/**
 * inventory_file/inventory_dir and groups/group_names as ansible-core 2.14 shows them
 * (`ansible HOST -m debug`, recorded): a file inside a directory source, a host list
 * (no directory: Ansible's None shows as 'None'), the implicit localhost (neither);
 * host lists parsed with parse_address (host:port, [v6]:port).
 */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openInventory } from '../../../src/inventory/index.js'

const DIR = resolve(__dirname, '../../fixtures/inventory')

describe('inventory magic variables', () => {
  const inv = openInventory([resolve(DIR, 'dirsrc'), resolve(DIR, 'patterns.ini'), 'x1:2222,[::1]:22,x3'], { warn: () => {} })
  it('a host from a file of a directory source', () => {
    const h = inv.hostNames().find((n) => inv.inventoryMagic(n).inventory_file?.toString().startsWith(resolve(DIR, 'dirsrc')))!
    const m = inv.inventoryMagic(h)
    expect(m.inventory_dir).toBe(resolve(String(m.inventory_file), '..'))
  })
  it('a host from a file source', () => {
    expect(inv.inventoryMagic('web01')).toEqual({ inventory_file: resolve(DIR, 'patterns.ini'), inventory_dir: DIR })
  })
  it('a host list entry', () => {
    expect(inv.inventoryMagic('x1')).toEqual({ inventory_file: 'x1:2222,[::1]:22,x3', inventory_dir: 'None' })
    expect(inv.hostVars('x1')).toEqual({ ansible_port: 2222 })
    expect(inv.hostVars('::1')).toEqual({ ansible_port: 22 })
  })
  it('the implicit localhost', () => {
    expect(inv.inventoryMagic('localhost')).toEqual({})
  })
  it('groups: all, ungrouped, then groups as created; group_names sorted without all/ungrouped', () => {
    const p = openInventory([resolve(DIR, 'patterns.ini'), 'x1,x2'], { warn: () => {} })
    // ansible -i patterns.ini -i x1,x2 web02 -m debug -a "msg={{ groups.keys() | list }}"
    expect(Object.keys(p.groupsMap())).toEqual(['all', 'ungrouped', 'web', 'db', 'lb', 'all_servers', 'misc'])
    expect(p.groupsMap().all).toEqual(['x1', 'x2', 'lb1', '10.0.0.1', 'host.example.com', 'web01', 'web02', 'web03', 'web04', 'db1', 'db2'])
    expect(p.groupNames('web02')).toEqual(['all_servers', 'db', 'web'])
    expect(p.groupNames('x1')).toEqual(['ungrouped'])
  })
})
