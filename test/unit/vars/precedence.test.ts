import { describe, expect, it } from 'vitest'
import { Block, Play, RoleInstance, RoleRef, Task } from '../../../src/playbook/model.js'
import { MemoryFactCache } from '../../../src/vars/fact-cache.js'
import type { VarsInventory } from '../../../src/vars/inventory-view.js'
import { VariableManager } from '../../../src/vars/variable-manager.js'
import type { Templar } from '../../../src/template/types.js'

// The raw layers only: templating is not involved, so no templar is ever called.
const unusedTemplar = new Proxy({}, { get: () => () => { throw new Error('templar not expected here') } }) as unknown as Templar

const inventory: VarsInventory = {
  hasHost: (h) => h === 'h1',
  hostNames: () => ['h1'],
  groupsMap: () => ({ all: ['h1'], ungrouped: ['h1'] }),
  groupNames: () => ['ungrouped'],
  inventoryLayers: () => [{ lvl: 'inventory', inv: 1 }],
  inventoryMagic: () => ({ inventory_dir: '/inv' }),
}

function setup(extraVars: Record<string, unknown> = {}) {
  const facts = new MemoryFactCache()
  const vm = new VariableManager({
    inventory, templar: unusedTemplar, facts, extraVars, hashMerge: false, injectFacts: true, privateRoleVars: false, runMagic: { omit: 'OMIT' },
  })
  const play = new Play({ hosts: 'all', vars: { lvl: 'play', play_only: 1 } }, '/pb', undefined)
  const role = new RoleInstance('r', '/pb/roles/r', { lvl: 'role_default', def_only: 1 }, { lvl: 'role_vars', rv: 1 }, { param: 'p' }, new RoleRef({}, play))
  play.roles.push(role)
  const block = new Block({ vars: { lvl: 'block', blk: 1 } }, play, undefined)
  block.role = role
  const task = new Task('debug', {}, { vars: { lvl: 'task' } }, block, undefined)
  task.role = role
  return { vm, play, task, facts }
}

describe('variable precedence (the 22 levels)', () => {
  it('orders the layers as Ansible does', () => {
    const { vm, play, task } = setup()
    const ctx = { play, varsFiles: {}, magic: {} }
    const src = vm.taskSource(ctx, 'h1', task)
    expect(src.get('lvl')).toBe('task')
    expect(src.get('def_only')).toBe(1)
    expect(src.get('inv')).toBe(1)
    expect(src.get('play_only')).toBe(1)
    expect(src.get('rv')).toBe(1)
    expect(src.get('blk')).toBe(1)
    expect(src.get('param')).toBe('p')
    expect(src.get('inventory_hostname')).toBe('h1')
    expect(src.get('inventory_dir')).toBe('/inv')
    expect(src.get('role_name')).toBe('r')
    // Without the task, role vars beat play vars, which beat inventory.
    expect(vm.taskSource(ctx, 'h1', undefined).get('lvl')).toBe('role_vars')
  })

  it('puts set_fact above task vars and extra vars above everything', () => {
    const { vm, play, task } = setup({ lvl: 'extra' })
    vm.setNonPersistent('h1', { lvl: 'set_fact', sf: 1 })
    const src = vm.taskSource({ play, varsFiles: {}, magic: {} }, 'h1', task)
    expect(src.get('lvl')).toBe('extra')
    expect(src.get('sf')).toBe(1)
    const { vm: vm2, play: p2, task: t2 } = setup()
    vm2.setNonPersistent('h1', { lvl: 'set_fact' })
    expect(vm2.taskSource({ play: p2, varsFiles: {}, magic: {} }, 'h1', t2).get('lvl')).toBe('set_fact')
  })

  it('exposes facts as ansible_facts (prefix removed) and injected ansible_* names', () => {
    const { vm, play, facts } = setup()
    facts.update('h1', { ansible_hostname: 'node1', ansible_local: { a: 1 } })
    const src = vm.taskSource({ play, varsFiles: {}, magic: {} }, 'h1', undefined)
    expect(src.get('ansible_facts')).toEqual({ hostname: 'node1', ansible_local: { a: 1 } })
    expect(src.get('ansible_hostname')).toBe('node1')
  })

  it('gives hostvars of a host without play, role, block or task vars', () => {
    const { vm } = setup()
    vm.setNonPersistent('h1', { sf: 1 })
    const src = vm.hostSource('h1')
    expect(src.get('inv')).toBe(1)
    expect(src.get('sf')).toBe(1)
    expect(src.get('play_only')).toBeUndefined()
    expect(src.get('def_only')).toBeUndefined()
  })
})

describe('hostvars through the templar', () => {
  it('stays a lazy mapping when read as a variable, so other hosts resolve on demand', async () => {
    const { createTemplar } = await import('../../../src/template/index.js')
    const { jinja2Filters } = await import('../../../src/template/builtins/filters.js')
    const { jinja2Tests } = await import('../../../src/template/builtins/tests.js')
    const templar = createTemplar({ filters: jinja2Filters, tests: jinja2Tests, lookups: {} })
    const twoHosts: VarsInventory = {
      ...inventory,
      hasHost: (h) => h === 'h1' || h === 'h2',
      hostNames: () => ['h1', 'h2'],
      inventoryLayers: (h) => [{ iface: h === 'h1' ? 'eth0' : 'eth1', addr: `{{ iface }}-addr` }],
    }
    const vm = new VariableManager({
      inventory: twoHosts, templar, facts: new MemoryFactCache(), extraVars: {}, hashMerge: false, injectFacts: true, privateRoleVars: false, runMagic: {},
    })
    const scope = templar.scope(vm.hostSource('h1'))
    expect(templar.template("{{ hostvars['h2'].addr }} {{ hostvars[inventory_hostname]['addr'] }}", scope)).toBe('eth1-addr eth0-addr')
    expect(templar.template('{{ hostvars | length }}', scope)).toBe('2')
  })
})
