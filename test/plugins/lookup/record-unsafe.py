#!/usr/bin/python3
"""record.py for cases whose result is AnsibleUnsafeText (lookup results): the same
recording, with repr() turned into a plain str so that the YAML dumper can write it.

usage: record-unsafe.py [--force] FILE...
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'template'))
import record  # noqa: E402

_run_case = record.run_case


def run_case(loader, case):
    out = _run_case(loader, case)
    return {'type': str(out['type']), 'repr': str.__str__(out['repr'])}


record.run_case = run_case

if __name__ == '__main__':
    record.main(sys.argv[1:])
