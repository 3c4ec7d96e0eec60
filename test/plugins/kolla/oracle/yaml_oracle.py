"""Records expected merge_yaml output from kolla-ansible's own action plugin and PyYAML.

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible python3 yaml_oracle.py OUT_DIR
Writes OUT_DIR/yaml-merge-cases.json (YAML sources -> safe_load -> kolla's
update_nested_conf -> yaml.dump(default_flow_style=False, width=...)) and
OUT_DIR/yaml-dump-cases.json (JSON data, including seeded random strings ->
yaml.dump). Needs ansible-core and PyYAML; only run by hand to refresh the fixtures.
"""
import importlib.util
import json
import os
import random
import sys

import yaml

src = os.environ['KOLLA_ANSIBLE_SRC']
spec = importlib.util.spec_from_file_location(
    'merge_yaml', os.path.join(src, 'ansible/action_plugins/merge_yaml.py'))
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
sys.path.insert(0, os.path.dirname(__file__))
from yaml_cases import MERGE_CASES, DUMP_CASES  # noqa

out_dir = sys.argv[1]

merge = []
for name, sources, extend, width in MERGE_CASES:
    case = {'name': name, 'sources': sources, 'extend_lists': extend,
            'width': width}
    try:
        output = {}
        for text in sources:
            output = mod.Utils.update_nested_conf(
                output, yaml.safe_load(text) or {}, extend)
        case['expected'] = yaml.dump(output, default_flow_style=False,
                                     width=width)
    except Exception as e:  # noqa
        case['error'] = '%s: %s' % (type(e).__name__, e)
    merge.append(case)

dump = []
rnd = random.Random(20230101)
alphabet = (list('abcxyz019 :#-?,[]{}&*!|>\'"%@`.=~<') +
            ['\n', '\t', '\\', '\xe9', '\u2028', '\x85', '\xa0', '\U0001F600',
             '\ufeff', '\x07', '  ', '- ', ': ', ' #', 'true', 'null', '0x1',
             '1.5', '---', '...'])


def rstr(n):
    return ''.join(rnd.choice(alphabet) for _ in range(rnd.randint(0, n)))


def words(n):
    return ' '.join(rnd.choice(['lorem', 'ipsum', 'a', 'dolor-sit', 'x' * 30,
                                'amet,', '"q"', "it's", '\\', 'é'])
                    for _ in range(n))


cases = list(DUMP_CASES)
for i in range(150):
    cases.append(('random short %d' % i, {'k': rstr(8), rstr(6) or 'e': [rstr(5)]}, None))
for i in range(80):
    cases.append(('random long %d' % i, {'key': {'nested': words(rnd.randint(5, 40))},
                                         'list': [words(rnd.randint(5, 30))]}, None))
for i in range(40):
    cases.append(('random long mixed %d' % i, {'v': rstr(120)}, None))
for i in range(20):
    cases.append(('random width %d' % i, {'v': words(20)}, rnd.choice([20, 40, 131072])))


def rdata(depth):
    r = rnd.random()
    if depth <= 0 or r < 0.35:
        return rnd.choice([rstr(10), rstr(40), words(rnd.randint(1, 25)), rnd.randint(-5, 10 ** 6),
                           rnd.choice([True, False, None, 0.5, 1.5e-07, -3.25])])
    if r < 0.65:
        return [rdata(depth - 1) for _ in range(rnd.randint(0, 4))]
    return {(rstr(12) if rnd.random() < 0.5 else words(rnd.randint(1, 3))) or 'k': rdata(depth - 1)
            for _ in range(rnd.randint(0, 4))}


for i in range(150):
    cases.append(('random nested %d' % i, {'root': rdata(4), 'other': rdata(3)},
                  rnd.choice([None, None, None, 30, 60])))
for name, data, width in cases:
    dump.append({'name': name, 'data': data, 'width': width,
                 'expected': yaml.dump(data, default_flow_style=False, width=width)})

for fname, data in (('yaml-merge-cases.json', merge), ('yaml-dump-cases.json', dump)):
    with open(os.path.join(out_dir, fname), 'w') as f:
        json.dump(data, f, indent=1, ensure_ascii=True)
        f.write('\n')
