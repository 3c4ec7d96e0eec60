#!/usr/bin/python3
"""Records ansible-core 2.14's version test (LooseVersion / StrictVersion through
version_compare) over seeded random version strings. Writes version-oracle.json."""
import json
import os
import random

from ansible.plugins.test.core import version_compare


def rand_version(r):
    parts = [str(r.choice([0, 1, 2, 9, 10, 14, 2023, r.randint(0, 30)])) for _ in range(r.randint(1, 4))]
    v = '.'.join(parts)
    k = r.random()
    if k < 0.15:
        v += r.choice(['a', 'b', 'rc', '-rc', '.post', 'dev', '-beta', '~', '+build', 'A']) + str(r.randint(0, 3))
    elif k < 0.2:
        v = r.choice(['v', 'release-']) + v
    return v


def main():
    r = random.Random(2140)
    rows = []
    for _ in range(400):
        a, b = rand_version(r), rand_version(r)
        if r.random() < 0.1:
            b = a
        for strict in (False, True):
            row = {'a': a, 'b': b, 'strict': strict, 'ops': {}}
            for op in ('lt', 'le', 'gt', 'ge', 'eq', 'ne'):
                try:
                    row['ops'][op] = {'ok': bool(version_compare(a, b, op, strict=strict or None))}
                except Exception as e:
                    row['ops'][op] = {'error': str(e)}
            rows.append(row)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'version-oracle.json'), 'w') as f:
        json.dump(rows, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()
