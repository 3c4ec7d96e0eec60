"""Records expected results of kolla-ansible's filters (kolla_ansible package and the
role filter plugins) for the cases in filters_cases.py.

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible python3 filters_oracle.py OUT.json
The Jinja context is a real jinja2 Context whose environment has ansible-core's `bool`
filter; `hostvars` answers a missing host with an Undefined, as Ansible's HostVars does.
Only run by hand to refresh the fixture.
"""
import copy
import json
import os
import sys

import jinja2
from ansible.plugins.filter.core import to_bool

src = os.environ['KOLLA_ANSIBLE_SRC']
sys.path.insert(0, src)
sys.path.insert(0, os.path.dirname(__file__))

from kolla_ansible import database_shards, filters, fluentd_filters  # noqa
from kolla_ansible import kolla_address, nova_filters, put_address_in_context  # noqa
from filters_cases import CASES  # noqa

FILTERS = {
    'kolla_address': (kolla_address.kolla_address, True),
    'put_address_in_context': (put_address_in_context.put_address_in_context, False),
    'database_shards_info': (database_shards.database_shards_info, True),
    'customise_fluentd': (fluentd_filters.customise_fluentd, False),
    'extract_cell': (nova_filters.extract_cell, False),
    'namespace_haproxy_for_cell': (nova_filters.namespace_haproxy_for_cell, False),
}
for name, fn in filters.get_filters().items():
    FILTERS[name] = (fn, True)


class HostVars(dict):
    def get(self, key, default=None):
        if key in self:
            return self[key]
        return jinja2.Undefined(name="hostvars['%s']" % key)


env = jinja2.Environment()
env.filters['bool'] = to_bool

out = []
for case in CASES:
    fn, needs_context = FILTERS[case['filter']]
    variables = dict(case.get('vars', {}))
    if 'hostvars' in variables:
        variables['hostvars'] = HostVars(variables['hostvars'])
    context = jinja2.runtime.new_context(env, 'case', {}, variables)
    args = case.get('args', [])
    try:
        if needs_context:
            result = fn(context, copy.deepcopy(case['input']), *args)
        else:
            result = fn(copy.deepcopy(case['input']), *args)
        case['expected'] = result
    except Exception as e:  # noqa
        case['error'] = '%s: %s' % (type(e).__name__, e)
    out.append(case)

with open(sys.argv[1], 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
