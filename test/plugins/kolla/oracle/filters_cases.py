"""Inputs for filters_oracle.py."""

CASES = []


def case(name, filter, input, args=(), vars=None):
    CASES.append({'name': name, 'filter': filter, 'input': input,
                  'args': list(args), 'vars': vars or {}})


def host(iface='eth0', family='ipv4', facts=None, **extra):
    h = {'api_interface': iface, 'api_address_family': family,
         'ansible_facts': facts if facts is not None else
         {'eth0': {'ipv4': {'address': '192.0.2.11'},
                   'ipv6': [{'address': 'fe80::1', 'scope': 'link', 'prefix': '64'},
                            {'address': 'fd00::250', 'scope': 'global', 'prefix': '128'},
                            {'address': 'fd00::11', 'scope': 'global', 'prefix': '64'}]},
          'br_ex': {'ipv4': {'address': '198.51.100.1'}}},
         'enable_haproxy': 'yes',
         'kolla_internal_vip_address': 'fd00::250',
         'kolla_external_vip_address': 'fd00::251'}
    h.update(extra)
    # Facts are also injected as ansible_<name> variables (Ansible's default), which is
    # where train's kolla_address reads the interface.
    for name, value in (h['ansible_facts'] or {}).items():
        h.setdefault('ansible_' + name, value)
    return h


def hv(**hosts):
    return {'inventory_hostname': 'control01', 'hostvars': hosts}


# kolla_address
case('ipv4 of this host', 'kolla_address', 'api', vars=hv(control01=host()))
case('ipv4 of another host', 'kolla_address', 'api', ['control02'],
     vars=hv(control01=host(), control02=host(facts={'eth0': {'ipv4': {'address': '192.0.2.12'}}})))
case('interface with a dash', 'kolla_address', 'api', vars=hv(control01=host(iface='br-ex')))
case('family in capitals', 'kolla_address', 'api', vars=hv(control01=host(family='IPv4')))
case('unknown family', 'kolla_address', 'api', vars=hv(control01=host(family='ipx')))
case('no interface variable', 'kolla_address', 'tunnel', vars=hv(control01=host()))
case('no family variable', 'kolla_address', 'api',
     vars=hv(control01={k: v for k, v in host().items() if k != 'api_address_family'}))
case('interface not on host', 'kolla_address', 'api', vars=hv(control01=host(iface='eth9')))
case('family not on interface', 'kolla_address', 'api', vars=hv(control01=host(iface='br-ex', family='ipv6')))
case('ipv4 address missing', 'kolla_address', 'api', vars=hv(control01=host(facts={'eth0': {'ipv4': {}}})))
case('ipv6 skips link-local and the VIP', 'kolla_address', 'api', vars=hv(control01=host(family='ipv6')))
case('ipv6 keeps the VIP without haproxy', 'kolla_address', 'api',
     vars=hv(control01=host(family='ipv6', enable_haproxy='no')))
case('ipv6 haproxy as bool', 'kolla_address', 'api',
     vars=hv(control01=host(family='ipv6', enable_haproxy=False)))
case('ipv6 no global address', 'kolla_address', 'api',
     vars=hv(control01=host(family='ipv6', facts={'eth0': {'ipv6': [{'address': 'fe80::1', 'scope': 'link'}]}})))
case('ipv6 without enable_haproxy', 'kolla_address', 'api',
     vars=hv(control01={k: v for k, v in host(family='ipv6').items() if k != 'enable_haproxy'}))
case('host not in hostvars', 'kolla_address', 'api', ['nohost'], vars=hv(control01=host()))
case('no hostvars', 'kolla_address', 'api', vars={'inventory_hostname': 'control01'})

# put_address_in_context
for ctx in ('url', 'memcache', 'rabbitmq'):
    for addr in ('192.0.2.1', 'fd00::1', '::1', 'fd00:0:0:0:0:0:0:abcd', '::ffff:192.0.2.1', 'fe80::1%eth0'):
        case('%s %s' % (ctx, addr), 'put_address_in_context', addr, [ctx])
case('url hostname', 'put_address_in_context', 'www.example.com', ['url'])
case('rabbitmq hostname', 'put_address_in_context', 'www.example.com', ['rabbitmq'])
case('rabbitmq bad ipv6', 'put_address_in_context', 'fd00::1::2', ['rabbitmq'])
case('rabbitmq leading zero ipv4', 'put_address_in_context', '192.0.2.01', ['rabbitmq'])
case('unknown context', 'put_address_in_context', '192.0.2.1', ['uri'])

# services
svc = {'container_name': 'svc', 'group': 'control', 'enabled': True}
gn = {'group_names': ['control', 'compute']}
for enabled in (True, False, 'yes', 'no', 'True', 'false', 1, 0):
    case('service_enabled %r' % (enabled,), 'service_enabled', dict(svc, enabled=enabled), vars=gn)
case('service_enabled missing', 'service_enabled', {'container_name': 'svc'}, vars=gn)
case('service_enabled missing, no name', 'service_enabled', {}, vars=gn)
for hig in (True, False, 'yes', 'no', 'True', 'False'):
    case('mapped host_in_groups %r' % (hig,), 'service_mapped_to_host', dict(svc, host_in_groups=hig, group='other'), vars=gn)
case('mapped in group', 'service_mapped_to_host', svc, vars=gn)
case('mapped not in group', 'service_mapped_to_host', dict(svc, group='network'), vars=gn)
case('mapped group all', 'service_mapped_to_host', dict(svc, group='all'), vars=gn)
case('mapped no group', 'service_mapped_to_host', {'container_name': 'svc', 'enabled': True}, vars=gn)
case('enabled and mapped', 'service_enabled_and_mapped_to_host', svc, vars=gn)
case('disabled and mapped', 'service_enabled_and_mapped_to_host', dict(svc, enabled='no'), vars=gn)
case('disabled without group', 'service_enabled_and_mapped_to_host', {'enabled': False}, vars=gn)
case('enabled not mapped', 'service_enabled_and_mapped_to_host', dict(svc, group='network'), vars=gn)
services = {
    'a-api': dict(svc, container_name='a_api', haproxy={'a_api': {'port': 1}, 'a_api_external': {'port': 1}}),
    'a-worker': dict(svc, container_name='a_worker', group='network'),
    'a-off': dict(svc, container_name='a_off', enabled='no', haproxy={'a_api': {'port': 2}}),
    'b-api': dict(svc, container_name='b_api', host_in_groups='yes', haproxy={'b_api': {'port': 3}}),
    'c': dict(svc, container_name='c', haproxy={}),
}
case('select services', 'select_services_enabled_and_mapped_to_host', services, vars=gn)
case('extract haproxy', 'extract_haproxy_services', services, vars=gn)
case('extract haproxy duplicate', 'extract_haproxy_services',
     dict(services, dup=dict(svc, haproxy={'b_api': {'port': 4}})), vars=gn)
case('extract haproxy missing enabled', 'extract_haproxy_services', {'x': {'haproxy': {}}}, vars=gn)

# database_shards_info


def db(shard, backup='yes', **extra):
    h = {'mariadb_shard_id': shard, 'enable_mariabackup': backup,
         'database_password': 'dbpw', 'mariadb_backup_database_password': 'bkpw',
         'mariadb_shard_root_user_prefix': 'root_shard_',
         'mariadb_shard_backup_user_prefix': 'backup_shard_'}
    h.update(extra)
    return h


case('one shard', 'database_shards_info', ['c1', 'c2', 'c3'],
     vars={'hostvars': {'c1': db(0), 'c2': db(0), 'c3': db(0)}})
case('two shards', 'database_shards_info', ['c1', 'c2', 'c3', 'c4'],
     vars={'hostvars': {'c1': db(0), 'c2': db(1), 'c3': db('0'), 'c4': db(1)}})
case('no backup', 'database_shards_info', ['c1', 'c2'],
     vars={'hostvars': {'c1': db(0, backup=False), 'c2': db(1, backup='no')}})
case('no hosts', 'database_shards_info', [], vars={'hostvars': {}})
case('missing host', 'database_shards_info', ['c1', 'x'], vars={'hostvars': {'c1': db(0)}})
case('missing shard id', 'database_shards_info', ['c1'],
     vars={'hostvars': {'c1': {k: v for k, v in db(0).items() if k != 'mariadb_shard_id'}}})
for missing in ('enable_mariabackup', 'database_password', 'mariadb_shard_root_user_prefix',
                'mariadb_shard_backup_user_prefix'):
    case('missing ' + missing, 'database_shards_info', ['c1'],
         vars={'hostvars': {'c1': {k: v for k, v in db(0).items() if k != missing}}})

# customise_fluentd
case('fluentd none customised', 'customise_fluentd',
     ['/r/templates/conf/input/00-global.conf.j2', '/r/templates/conf/input/01-syslog.conf.j2'], [[]])
case('fluentd override', 'customise_fluentd',
     ['/r/templates/conf/input/00-global.conf.j2', '/r/templates/conf/input/01-syslog.conf.j2'],
     [['/etc/kolla/config/fluentd/input/01-syslog.conf', '/etc/kolla/config/fluentd/input/05-extra.conf']])
case('fluentd sort by basename', 'customise_fluentd',
     ['/z/b.conf.j2', '/a/c.conf.j2', '/m/a.conf.j2'], [['/q/B.conf', '/q/_x.conf']])
case('fluentd dedup', 'customise_fluentd', ['/a/x.conf.j2', '/a/x.conf.j2'], [['/c/y.conf', '/c/y.conf']])
case('fluentd dotfile', 'customise_fluentd', ['/a/.conf', '/a/..x.j2'], [['/c/..x']])

# extract_cell
header = ['+------+------+', '| Name | UUID | Transport URL | Database Connection | Disabled |']
lines = header + [
    '|  cell0   | 00000000-0000-0000-0000-000000000000 | none:/// | mysql+pymysql://nova:pw@192.0.2.250:3306/nova_cell0 |  False   |',
    '|          | 68a3f49e-27ec-422f-9e2e-2a4e5dc8291b | rabbit://openstack:pw@192.0.2.11:5672// | mysql+pymysql://nova:pw@192.0.2.250:3306/nova |  False   |',
    '| cell0001 | 5af50f3f-82ed-47b2-9de8-7dd4eafa7648 | rabbit://openstack:pw@192.0.2.12:5673/c1 | mysql+pymysql://nova:pw@192.0.2.250:3306/nova_c1 |  True    |',
    '+------+------+',
]
case('cell unnamed', 'extract_cell', {'stdout_lines': lines}, [''])
case('cell named', 'extract_cell', {'stdout_lines': lines}, ['cell0001'])
case('cell absent', 'extract_cell', {'stdout_lines': lines}, ['cell9'])
case('cell duplicate', 'extract_cell', {'stdout_lines': lines + [lines[3]]}, ['cell0001'])
case('cell trailing space', 'extract_cell', {'stdout_lines': [lines[3] + ' ']}, ['cell0001'])

# namespace_haproxy_for_cell
cell_services = {
    'nova-novncproxy': {'group': 'x', 'enabled': True,
                        'haproxy': {'nova_novncproxy': {'port': 6080}, 'nova_novncproxy_external': {'port': 6080}}},
    'nova-serialproxy': {'group': 'x', 'enabled': False, 'haproxy': {}},
    'nova-spicehtml5proxy': {'group': 'x', 'enabled': False},
}
case('namespace with cell', 'namespace_haproxy_for_cell', cell_services, ['cell1'])
case('namespace without cell', 'namespace_haproxy_for_cell', cell_services, [''])

case('cell0 by name', 'extract_cell', {'stdout_lines': lines}, ['cell0'])

# kolla_address: train's injected facts, master's override_var and loopback handling
case('interface only among injected facts', 'kolla_address', 'api',
     vars=hv(control01=dict(host(facts={}), ansible_eth0={'ipv4': {'address': '192.0.2.99'}})))
case('interface only in ansible_facts', 'kolla_address', 'api',
     vars=hv(control01={k: v for k, v in host().items() if k != 'ansible_eth0'}))
for value in ('192.0.2.77', 'fd00:0:0::7', '::ffff:192.0.2.1', 'not-an-ip', '192.0.2.256', '', 3232235777):
    case('override_var %r' % (value,), 'kolla_address', 'api', ['control01', 'target_address'],
         vars=hv(control01=host(target_address=value)))
case('override_var unset', 'kolla_address', 'api', ['control01', 'target_address'], vars=hv(control01=host()))
case('override_var for another host', 'kolla_address', 'api', ['control02', 'target_address'],
     vars=hv(control01=host(), control02=host(target_address='198.51.100.9')))
case('override_var None', 'kolla_address', 'api', [None, None], vars=hv(control01=host()))
loop_facts = {'eth0': {'ipv4': {'address': '127.0.0.1'},
                       'ipv4_secondaries': [{'address': '127.0.0.2'}, {'address': '192.0.2.55'},
                                            {'address': '192.0.2.56'}]}}
case('loopback with secondaries', 'kolla_address', 'api', vars=hv(control01=host(facts=loop_facts)))
case('loopback without secondaries', 'kolla_address', 'api',
     vars=hv(control01=host(facts={'eth0': {'ipv4': {'address': '127.0.0.1'}}})))
case('loopback with loopback secondaries only', 'kolla_address', 'api',
     vars=hv(control01=host(facts={'eth0': {'ipv4': {'address': '127.1.2.3'},
                                            'ipv4_secondaries': [{'address': '127.0.0.9'}]}})))
case('not loopback with secondaries', 'kolla_address', 'api',
     vars=hv(control01=host(facts={'eth0': {'ipv4': {'address': '192.0.2.11'},
                                            'ipv4_secondaries': [{'address': '192.0.2.55'}]}})))

# kolla_url
for fqdn in ('192.0.2.1', 'fd00::1', 'api.example.com'):
    for proto, port in (('http', 80), ('https', 443), ('ws', 80), ('wss', 443), ('http', 443),
                        ('https', 80), ('http', '80'), ('https', 8443), ('ftp', 80), ('http', ' 80 ')):
        case('url %s %s %r' % (fqdn, proto, port), 'kolla_url', fqdn, [proto, port])
case('url with path', 'kolla_url', 'fd00::1', ['https', 9292, '/v2'])
case('url memcache context', 'kolla_url', 'fd00::1', ['http', 11211, '', 'memcache'])
case('url rabbitmq context', 'kolla_url', '192.0.2.1', ['amqp', 5672, '/', 'rabbitmq'])
case('url bad context', 'kolla_url', '192.0.2.1', ['http', 80, '', 'uri'])
case('url float port', 'kolla_url', '192.0.2.1', ['http', 80.9])
case('url bool port', 'kolla_url', '192.0.2.1', ['http', True])
case('url bad port', 'kolla_url', '192.0.2.1', ['http', 'eighty'])
case('url None port', 'kolla_url', '192.0.2.1', ['http', None])
case('url missing port', 'kolla_url', '192.0.2.1', ['http'])
case('url None path', 'kolla_url', '192.0.2.1', ['http', 8080, None])

# bcrypt_hash (with a salt: deterministic)
for pw, salt in (('secret', 'salt'), ('', 'x'), ('p\xe4ssw\u00f6rd', 'prometheus'), ('a' * 80, 'long'),
                 ('pw', 'a-very-long-salt-string-that-is-longer-than-sixteen-bytes')):
    case('bcrypt %r %r' % (pw[:10], salt[:10]), 'bcrypt_hash', pw, [salt])
case('bcrypt salt not a string', 'bcrypt_hash', 'pw', [12])
case('bcrypt password not a string', 'bcrypt_hash', 42, ['salt'])

# get_expected_ironic_compute_services
batch = {'classic': ['c1', 'c2'], 'multi': [['nova-compute-ironic-1', 'compute'],
                                             ['nova-compute-ironic-2', 'nova-compute-ironic-1']]}
confs = [{'conductor_group': 'g1', 'shard_key': 's1'}, {'custom_host': 'special'}]
grp = 'nova-compute-ironic'
case('ironic classic', 'get_expected_ironic_compute_services', batch, [[], grp])
case('ironic classic empty dict conf', 'get_expected_ironic_compute_services', batch, [{}, grp])
case('ironic multi', 'get_expected_ironic_compute_services', batch, [confs, grp])
case('ironic defaults', 'get_expected_ironic_compute_services', batch,
     [[{}, {'conductor_group': None, 'custom_host': ''}], grp])
case('ironic missing conf', 'get_expected_ironic_compute_services',
     {'classic': [], 'multi': [['nova-compute-ironic-3']]}, [confs, grp])
case('ironic group 0 is the last conf', 'get_expected_ironic_compute_services',
     {'classic': [], 'multi': [['nova-compute-ironic-0']]}, [confs, grp])
case('ironic bad group number', 'get_expected_ironic_compute_services',
     {'classic': [], 'multi': [['nova-compute-ironic-x']]}, [confs, grp])
case('ironic no classic key', 'get_expected_ironic_compute_services', {'multi': []}, [[], grp])

# nova_az_host_map / nova_aggregate_host_map
def cmp(node, **extra):
    h = {'ansible_facts': {'nodename': node}}
    h.update(extra)
    return h


compute_hv = {'c1': cmp('node1', nova_compute_availability_zone='az1', nova_compute_aggregates=['agg1', 'agg2']),
              'c2': cmp('node2', nova_compute_availability_zone='az1', nova_compute_aggregates=['agg2']),
              'c3': cmp('node3', nova_compute_availability_zone='', nova_compute_aggregates=[]),
              'c4': cmp('node4', nova_compute_availability_zone='az2'),
              'c5': cmp('node5', nova_compute_aggregates=None)}
for f in ('nova_az_host_map', 'nova_aggregate_host_map'):
    case(f + ' hosts', f, compute_hv, [['c1', 'c2', 'c3', 'c4', 'c5']])
    case(f + ' none', f, compute_hv, [[]])
    case(f + ' missing nodename', f, {'c1': {'ansible_facts': {}, 'nova_compute_availability_zone': 'a',
                                             'nova_compute_aggregates': ['x']}}, [['c1']])
