"""Records expected results of kolla-ansible's filters (kolla_ansible package and the
role filter plugins) for the cases in filters_cases.py.

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible PBR_VERSION=0 python3 filters_oracle.py OUT.json
Any release from train-eol to master: the cases of filters the release lacks are left out.
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

import importlib  # noqa
from filters_cases import CASES  # noqa

# Every filter the release defines, from each of its kolla_ansible modules that exists:
# the FilterModule tables (filters, fluentd_filters, nova_filters) and the functions
# ansible/filter_plugins/address.py and database.py expose. A filter takes the Jinja
# context when it is decorated with pass_context (contextfilter before Jinja 3).
FILTERS = {}
for module, names in (('kolla_address', ['kolla_address']),
                      ('put_address_in_context', ['put_address_in_context']),
                      ('kolla_url', ['kolla_url']),
                      ('database_shards', ['database_shards_info']),
                      ('filters', None), ('fluentd_filters', None), ('nova_filters', None)):
    try:
        mod = importlib.import_module('kolla_ansible.' + module)
    except ImportError:
        continue
    table = mod.get_filters() if names is None else {n: getattr(mod, n) for n in names}
    for name, fn in table.items():
        needs_context = (getattr(fn, 'jinja_pass_arg', None) is not None or
                         getattr(fn, 'contextfilter', False))
        FILTERS[name] = (fn, needs_context)


class HostVars(dict):
    def get(self, key, default=None):
        if key in self:
            return self[key]
        return jinja2.Undefined(name="hostvars['%s']" % key)


env = jinja2.Environment()
env.filters['bool'] = to_bool

out = []
for case in CASES:
    if case['filter'] not in FILTERS:
        continue
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
        if isinstance(result, bytes):
            # bcrypt_hash returns bytes; a template renders their text.
            result = result.decode()
        case['expected'] = result
    except Exception as e:  # noqa
        case['error'] = '%s: %s' % (type(e).__name__, e)
    out.append(case)

with open(sys.argv[1], 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
