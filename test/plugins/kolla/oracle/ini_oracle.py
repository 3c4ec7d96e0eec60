"""Records expected merge_configs INI output from kolla-ansible's own action plugin.

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible python3 ini_oracle.py CASES.json OUT.json
CASES.json: [{"name", "sources": [text...], "whitespace": bool}]; OUT.json adds
"expected" (the written file) or "error" (str() of oslo.config's ParseError).
Needs ansible-core and oslo.config; only run by hand to refresh the fixture.
"""
import importlib.util
import io
import json
import os
import sys

src = os.environ['KOLLA_ANSIBLE_SRC']
spec = importlib.util.spec_from_file_location(
    'merge_configs', os.path.join(src, 'ansible/action_plugins/merge_configs.py'))
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)

cases = json.load(open(sys.argv[1]))
for case in cases:
    parser = mod.OverrideConfigParser(whitespace=case.get('whitespace', True))
    try:
        for text in case['sources']:
            parser.parse(io.StringIO(text))
        out = io.StringIO()
        parser.write(out)
        case['expected'] = out.getvalue()
    except Exception as e:  # noqa
        case['error'] = '%s: %s' % (type(e).__name__, e)
json.dump(cases, open(sys.argv[2], 'w'), indent=1, ensure_ascii=False)
open(sys.argv[2], 'a').write('\n')
