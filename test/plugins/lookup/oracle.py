#!/usr/bin/python3
"""Records the file-based lookups (file, template, first_found, fileglob) from ansible-core
2.14 over the fixture tree, with ansible_search_path = [fixture/role, fixture/play] as a
role task sees it. The fixture's absolute path is written as <fixture>.

usage: oracle.py   (rewrites cases.json next to this script)
"""
import json
import os

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, 'fixture')

CASES = [
    "{{ lookup('file', 'a.txt') }}",
    "{{ lookup('file', 'a.txt', rstrip=False) }}",
    "{{ lookup('file', 'padded.txt') }}",
    "{{ lookup('file', 'padded.txt', lstrip=True) }}",
    "{{ lookup('file', 'shared.txt') }}",
    "{{ lookup('file', 'top.txt') }}",
    "{{ lookup('file', 'sub/deep.txt') }}",
    "{{ lookup('file', 'a.txt', 'shared.txt') }}",
    "{{ query('file', 'a.txt', 'shared.txt') }}",
    "{{ lookup('file', 'utf8.txt') }}",
    "{{ lookup('file', 'crlf.txt') }}",
    "{{ lookup('file', 'bom.txt', lstrip=True) }}",
    "{{ lookup('file', fixture ~ '/play/files/one.cfg') }}",
    "{{ lookup('file', 'files/a.txt') }}",
    "{{ lookup('template', 'list.j2') }}",
    "{{ lookup('template', 'role.j2') }}",
    "{{ lookup('template', 'role.j2', template_vars={'greeting': 'hello'}) }}",
    "{{ lookup('template', fixture ~ '/play/templates/list.j2') }}",
    "{{ lookup('template', 'literal.j2') }}",
    "{{ lookup('template', 'literal.j2', convert_data=False) }}",
    "{{ query('template', 'bare.j2') }}",
    "{{ lookup('template', 'bare.j2', variable_start_string='[%', variable_end_string='%]') }}",
    "{{ lookup('first_found', ['nope.txt', 'a.txt']) }}",
    "{{ lookup('first_found', ['shared.txt', 'a.txt']) }}",
    "{{ lookup('first_found', [fixture ~ '/play/vars/' ~ os ~ '.yml', fixture ~ '/play/vars/default.yml']) }}",
    "{{ lookup('first_found', [fixture ~ '/play/vars/Nope.yml', fixture ~ '/play/vars/default.yml']) }}",
    "{{ query('first_found', {'files': ['Debian.yml', 'default.yml'], 'paths': [fixture ~ '/play/vars']}) }}",
    "{{ query('first_found', {'files': 'x.yml,default.yml', 'paths': fixture ~ '/play/vars'}) }}",
    "{{ query('first_found', {'files': ['x.yml'], 'paths': [fixture ~ '/play/vars'], 'skip': True}) }}",
    "{{ lookup('first_found', 'nope.txt', 'top.txt') }}",
    "{{ lookup('first_found', files=['nope.txt', 'one.cfg']) }}",
    "{{ query('fileglob', '*.cfg') }}",
    "{{ query('fileglob', 'sub/*.txt') }}",
    "{{ query('fileglob', 'files/sub/*.txt') }}",
    "{{ query('fileglob', 'nodir/*.txt') }}",
    "{{ query('fileglob', 'a.tx?') }}",
    "{{ query('fileglob', '*.nothing') }}",
    "{{ lookup('fileglob', fixture ~ '/play/files/t*.cfg') }}",
    "{{ lookup('fileglob', fixture ~ '/play/files/o*.cfg', fixture ~ '/play/files/t*.cfg') }}",
    "{{ query('fileglob', fixture ~ '/play/files/sub') }}",
]


def main():
    loader = DataLoader()
    out = []
    for t in CASES:
        variables = {
            'ansible_search_path': [os.path.join(FIX, 'role'), os.path.join(FIX, 'play')],
            'fixture': FIX,
            'x': 'X',
            'items': ['a', 'b'],
            'os': 'Debian',
        }
        templar = Templar(loader=loader, variables=variables)
        case = {'template': t}
        try:
            v = templar.template(t)
            case['expect'] = json.loads(json.dumps(v)) if not isinstance(v, str) else str(v)
        except Exception as e:
            case['error'] = '%s: %s' % (type(e).__name__, str(e).split('\n')[0])
        out.append(json.loads(json.dumps(case).replace(FIX, '<fixture>')))
    with open(os.path.join(HERE, 'cases.json'), 'w') as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
