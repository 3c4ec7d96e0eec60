#!/usr/bin/python3
"""Records ansible-core 2.14's boolean() (ansible.module_utils.parsing.convert_bool), strict
and not, for test/unit/py/boolean.test.ts. Writes boolean-oracle.json. A value is written
as JSON, with {"float": x} for a float (JSON cannot tell 1.0 from 1)."""
import json
import os

from ansible.module_utils.parsing.convert_bool import boolean

VALUES = [
    True, False, 'yes', 'Yes', 'YES', 'no', 'on', 'off', 'y', 'n', 't', 'f', 'T', 'F', 'true', 'True', 'false',
    '1', '0', ' yes ', '\tno\n', '\u2003on\u2003', '\ufeffyes', 'ye s', '', ' ', 'maybe', '1.0', '0.0', '2', '-1',
    'yes\x1c', 'y\x85', 1, 0, 2, -1, 1.0, 0.0, 0.5, 2.0, None, [], [1], {}, {'a': 1},
]


def enc(v):
    return {'float': v} if isinstance(v, float) else v


def run(v, strict):
    try:
        return boolean(v, strict=strict)
    except TypeError as e:
        # Python lists BOOLEANS in its (random) set order: keep the sentence before it.
        return {'error': str(e).split('  Valid booleans include')[0]}


rows = [{'value': enc(v), 'strict': run(v, True), 'loose': run(v, False)} for v in VALUES]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'boolean-oracle.json'), 'w') as f:
    json.dump(rows, f, indent=1, ensure_ascii=False)
    f.write('\n')
