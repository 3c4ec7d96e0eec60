/**
 * kolla's filters called from templates through tsible's real templar, the way kolla's
 * group_vars and templates call them, with `hostvars` as a lazy mapping of per-host
 * scopes whose values are templated on read (api_interface: "{{ network_interface }}").
 */
import { describe, expect, it } from 'vitest'
import { kollaFilters } from '../../../plugins/kolla/index.js'
import { jinja2Filters } from '../../../src/template/builtins/filters.js'
import { jinja2Tests } from '../../../src/template/builtins/tests.js'
import { createTemplar } from '../../../src/template/index.js'
import type { TemplateScope } from '../../../src/template/types.js'
import { LAZY_MAPPING, type LazyMapping } from '../../../src/py/lazy-mapping.js'
import { ChainSource } from '../../../src/vars/chain-source.js'

const templar = createTemplar({ filters: { ...jinja2Filters, ...kollaFilters } as never, tests: jinja2Tests as never, lookups: {} as never })

const common = {
  network_interface: 'eth0',
  api_interface: '{{ network_interface }}',
  api_address_family: "{{ 'ipv6' if use_v6 | default(false) else 'ipv4' }}",
  enable_haproxy: 'yes',
  kolla_internal_vip_address: 'fd00::250',
  kolla_external_vip_address: '{{ kolla_internal_vip_address }}',
  groups: { control: ['control01', 'control02'] },
}

function facts(n: number) {
  return {
    eth0: {
      ipv4: { address: `192.0.2.1${n}` },
      ipv6: [
        { address: 'fd00::250', scope: 'global' },
        { address: `fd00::1${n}`, scope: 'global' },
      ],
    },
  }
}

function inventory(extra: Record<string, Record<string, unknown>> = {}) {
  const hosts: Record<string, Record<string, unknown>> = {
    control01: { ...common, inventory_hostname: 'control01', ansible_facts: facts(1), ...extra.control01 },
    control02: { ...common, inventory_hostname: 'control02', ansible_facts: facts(2), ...extra.control02 },
  }
  const scopes: Record<string, TemplateScope> = {}
  const hostvars: LazyMapping = {
    [LAZY_MAPPING]: true,
    get: (h) => {
      const s = scopes[h]
      return {
        [LAZY_MAPPING]: true,
        get: (k: string) => s.lookup(k),
        has: (k: string) => s.has(k),
        keys: () => [...s.keys()],
      } as LazyMapping
    },
    has: (h) => h in hosts,
    keys: () => Object.keys(hosts),
  }
  for (const [h, vars] of Object.entries(hosts)) scopes[h] = templar.scope(new ChainSource([vars])).child({ hostvars })
  return scopes
}

describe('kolla filters through the templar', () => {
  it("'api' | kolla_address, for this host and for others in a loop", () => {
    const s = inventory().control01
    expect(templar.template("{{ 'api' | kolla_address }}", s)).toBe('192.0.2.11')
    expect(templar.template("{% for h in groups['control'] %}{{ 'api' | kolla_address(h) }};{% endfor %}", s)).toBe('192.0.2.11;192.0.2.12;')
    expect(templar.template("{{ 'api' | kolla_address | put_address_in_context('url') }}:5000", s)).toBe('192.0.2.11:5000')
  })

  it('reads the other host in its own variable context (IPv6, VIP excluded)', () => {
    const s = inventory({ control02: { use_v6: true } }).control01
    expect(templar.template("{{ 'api' | kolla_address('control02') }}", s)).toBe('fd00::12')
    expect(templar.template("{{ 'api' | kolla_address('control02') | put_address_in_context('url') }}", s)).toBe('[fd00::12]')
    expect(templar.template("{{ 'api' | kolla_address('control02') | put_address_in_context('rabbitmq') }}", s)).toBe(
      '16#fd00,16#0,16#0,16#0,16#0,16#0,16#0,16#12',
    )
  })

  it('service filters with host_in_groups templated per host', () => {
    const s = inventory({
      control01: {
        group_names: ['control'],
        services: {
          api: { container_name: 'api', group: 'control', enabled: '{{ true }}', haproxy: { api: { port: 1 } } },
          agent: { container_name: 'agent', group: 'compute', enabled: true },
          cell: { container_name: 'cell', enabled: 'yes', host_in_groups: "{{ inventory_hostname in groups['control'] }}" },
        },
      },
    }).control01
    expect(templar.template('{{ services | select_services_enabled_and_mapped_to_host | list }}', s)).toEqual(['api', 'cell'])
    expect(templar.template("{{ services['agent'] | service_enabled_and_mapped_to_host }}", s)).toBe(false)
    expect(templar.template('{{ services | extract_haproxy_services }}', s)).toEqual({ api: { port: 1 } })
  })

  it('database_shards_info over groups', () => {
    const shard = {
      mariadb_shard_id: 0,
      enable_mariabackup: 'no',
      database_password: 'pw',
      mariadb_shard_root_user_prefix: 'root_shard_',
      mariadb_shard_backup_user_prefix: 'backup_shard_',
    }
    const s = inventory({ control01: shard, control02: shard }).control01
    expect(templar.template("{{ groups['control'] | database_shards_info() }}", s)).toEqual({
      shards: { '0': { hosts: ['control01', 'control02'] } },
      users: [{ password: 'pw', user: 'root_shard_0', shard_id: '0' }],
    })
  })

  it('a FilterError surfaces with its text', () => {
    const s = inventory().control01
    expect(() => templar.template("{{ 'tunnel' | kolla_address }}", s)).toThrow(
      "Interface name undefined for network 'tunnel' (set 'tunnel_interface')",
    )
  })
})
