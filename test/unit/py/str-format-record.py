#!/usr/bin/python3
"""Records what Python's str.format makes of format strings with string keyword arguments
(as Ansible formats its ansible_managed setting): str-format-cases.json, read by
str-format.test.ts. A case is {format, expect} or {format, error: 'Class: message'}.

usage: /usr/bin/python3 test/unit/py/str-format-record.py
"""
import json, os

KWARGS = {'host': 'vm', 'uid': 'root', 'file': "tmpl/m\u00e9'.j2"}
FORMATS = [
    'Ansible managed', '{host}', 'x}}y{{z', '{{host}}', '{file!r}', '{file!a}', '{file!s}', '{host!r:.2}', '{host!s:>4}',
    '{', '}', 'a{b', 'a}b', '{host', '{host!}', '{host!x}', '{host!rr}', '{host!', '{host:', '{host:}', '{host:05}', '{host:>05}',
    '{host:x<6}', '{host:*^7}', '{host:^7.1s}', '{host:^8}', '{host:.0}', '{host:.}', '{host:=5}', '{host:+}', '{host:-}',
    '{host: }', '{host:z}', '{host:#}', '{host:,}', '{host:_}', '{host:d}', '{host:%}', '{host:s}', '{host:ss}', '{host:5d}',
    '{host:{uid}}', '{host:{x}}', '{host:{{}}}', '{host:>{w}}', '{host:{uid:{file}}}', '{host[0]}', '{host[9]}', '{host[a]}',
    '{host[0][0]}', '{host[}', '{host]}', '{host[0]x}', '{host[]}', '{host.}', '{host..a}', '{host.nope}', '{0}', '{}', '{1}',
    '{00}', '{host}{}', '{-1}', '{ host}', '{host }', '{!r}', '{:}', '{0x1}', '{a{b}', '{file:>12}', '{file:.3}',
    'Ansible managed: {file} modified on %Y-%m-%d %H:%M:%S by {uid} on {host}',
]


def main():
    cases = []
    for fmt in FORMATS:
        try:
            cases.append({'format': fmt, 'expect': fmt.format(**KWARGS)})
        except Exception as e:
            cases.append({'format': fmt, 'error': '%s: %s' % (type(e).__name__, e)})
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'str-format-cases.json'), 'w') as fh:
        json.dump({'kwargs': KWARGS, 'cases': cases}, fh, indent=1, ensure_ascii=False)
        fh.write('\n')
    print('recorded %d cases' % len(cases))


main()
