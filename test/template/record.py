#!/usr/bin/python3
"""Records expected results for the template corpus from ansible-core's own Templar.

ansible-core 2.14 (Debian's python3-ansible-core, run with /usr/bin/python3) is the oracle.
Each corpus file is a YAML list of cases:

    - name: what the case checks
      template: "{{ ['a'] + x }}"     # the text to render
      vars: {x: ['b']}                # optional; loaded as Ansible loads YAML
      mode: string                    # string (default) | file | conditional
      expect: {type: list, repr: "['a', 'b']"}   # written by this script
      # or, when Ansible raises:  error: "AnsibleUndefinedVariable: 'x' is undefined..."

mode string: Templar.template(text) as for a YAML value (escape_backslashes, convert_data).
mode file: as the template module renders a file (no data conversion, trailing newlines kept).
mode conditional: the template is a `when:` expression; expect is the boolean.

usage: record.py [--force] FILE...   (without --force only cases lacking expect/error are run)
"""
import sys
import yaml
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible.playbook.conditional import Conditional


class CorpusDumper(yaml.SafeDumper):
    pass


def _str(dumper, value):
    style = '|' if '\n' in value and not value.endswith((' ', '\t')) and '\n ' not in value else None
    return dumper.represent_scalar('tag:yaml.org,2002:str', value, style=style)


CorpusDumper.add_representer(str, _str)


def normalise_type(value):
    for t in (bool, int, float, str, list, dict, type(None)):
        if isinstance(value, t):
            return {type(None): 'NoneType'}.get(t, t.__name__)
    return type(value).__name__


def run_case(loader, case):
    variables = loader.load(yaml.safe_dump(case.get("vars") or {}, sort_keys=False)) or {}
    templar = Templar(loader=loader, variables=variables)
    mode = case.get('mode', 'string')
    text = case['template']
    if mode == 'string':
        value = templar.template(text)
    elif mode == 'file':
        value = templar.template(text, preserve_trailing_newlines=True, escape_backslashes=False,
                                 convert_data=False)
    elif mode == 'conditional':
        cond = Conditional(loader=loader)
        cond.when = [text]
        value = cond.evaluate_conditional(templar, variables)
    else:
        raise ValueError('unknown mode %s' % mode)
    return {'type': normalise_type(value), 'repr': ''.join([repr(value)])}  # plain str, also for AnsibleUnsafeText


def main(argv):
    force = '--force' in argv
    files = [a for a in argv if a != '--force']
    loader = DataLoader()
    for path in files:
        with open(path) as f:
            cases = yaml.safe_load(f) or []
        for case in cases:
            if not force and ('expect' in case or 'error' in case):
                continue
            case.pop('expect', None)
            case.pop('error', None)
            try:
                case['expect'] = run_case(loader, case)
            except Exception as e:  # the oracle's error is the expected result
                case['error'] = ''.join(['%s: %s' % (type(e).__name__, str(e).split('\n')[0])])
        with open(path, 'w') as f:
            yaml.dump(cases, f, Dumper=CorpusDumper, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


if __name__ == '__main__':
    main(sys.argv[1:])
