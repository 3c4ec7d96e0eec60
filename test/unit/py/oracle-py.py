#!/usr/bin/python3
"""Records Python's re (findall/sub/search), json.dumps/json.loads and random.Random for
src/py's unit tests (re.ts, random.ts) and json.dumps/json.loads. Writes py-oracle.json."""
import json
import os
import random
import re

PATTERNS = [
    r'\d+', r'\w+', r'\s+', r'\W', r'\D', r'\S+', r'^a', r'a$', r'^\w+$', r'(\w)(\d)', r'(?P<k>\w+)=(?P<v>\w*)',
    r'(?P<x>a)(?P=x)', r'(a)|(b)', r'a*', r'a+?', r'.', r'.*', r'[^a-c]', r'[a-c]+', r'[\w.-]+@[\w.-]+', r'\bfoo\b',
    r'\Bo', r'\b\w', r'\B\w', r'\w\b', r'[\w]+', r'[^\d\s]+', r'\Aab', r'c\Z', r'(?i)ABC', r'a{2,}', r'a{,2}', r'a{2}', r'{', r'x{a}', r'\.', r'\$', r'\\', r'[\]]',
    r'[\^x]', r'[\d\s]', r'[-a]', r'[a-]', r'(?:ab)+', r'(?=b)', r'(?!a)\w', r'(?<=a)b', r'(?<!a)b', r'\x41', r'\u00e9',
    r'\t', r'\n', r'\0', r'(a)(b)?', r'[é]', r'\d{1,3}\.\d{1,3}', r'^$', r'$', r'(?#comment)a', r'a|', r'|a', r'[.]',
    r'\/', r'/', r'\:', r'\-', r'\#', r'#', r'\ ', r'\&', r'[\s\S]', r'(?s).', r'(?m)^\w', r'(?im)^A',
]
STRINGS = ['', 'abc', 'aab abc', 'foo bar_1 baz-2', 'a1b2c3', 'line1\nline2\n', 'key=val k2=', 'ABC abc', 'héllo wörld 12',
           'x{a}y', 'a.b$c\\d', 'ab\tb\n0', 'aaa', 'user@example.com, x@y.org', 'é1', ']^x-', '\x00A#/: &']
REPLS = [r'-', r'[\1]', r'\g<0>', r'<\g<0>>', r'\n', r'\\', r'', r'x\ty']
MULTI = [(r'^\w', re.M), (r'\w$', re.M), (r'b', re.I), (r'^line', re.M), (r'.', re.S)]


def res(fn):
    try:
        return {'ok': fn()}
    except re.error as e:
        return {'error': str(e)}


def main():
    out = {'re': [], 'json': [], 'random': [], 'fixed': []}
    fr = random.Random(5)
    for _ in range(400):
        x = fr.choice([fr.randint(0, 4000) / 8, fr.random() * 10 ** fr.randint(-3, 12), fr.randint(0, 10 ** 6) / 1000, -fr.random() * 100, fr.randint(0, 2 ** 40) / 1024])
        d = fr.randint(0, 4)
        out['fixed'].append({'x': x, 'd': d, 'out': '%.*f' % (d, x)})
    for p in PATTERNS:
        for s in STRINGS:
            row = {'p': p, 's': s}
            row['findall'] = res(lambda: [list(x) if isinstance(x, tuple) else x for x in re.findall(p, s)])
            m = res(lambda: re.search(p, s))
            row['search'] = {'ok': m['ok'].group(0) if m['ok'] else None} if 'ok' in m else m
            mm = res(lambda: re.match(p, s))
            row['match'] = {'ok': mm['ok'].group(0) if mm['ok'] else None} if 'ok' in mm else mm
            row['sub'] = {}
            for r in REPLS:
                row['sub'][r] = res(lambda: re.sub(p, r, s))
            out['re'].append(row)
    for p, f in MULTI:
        for s in STRINGS:
            out['re'].append({'p': p, 's': s, 'flags': {'multiline': bool(f & re.M), 'ignorecase': bool(f & re.I), 'dotall': bool(f & re.S)},
                              'findall': {'ok': re.findall(p, s, f)}})
    values = [None, True, 1, -5, 1.5, 1.5e-100, 123.456, 1e-7, 0.1 + 0.2, 'plain', 'q"u\\o\nte\t\x01\x7f', 'é☃😀', [], {}, [1, [2, {'a': None}]],
              {'b': 1, 'a': {'y': [], 'x': 'z'}}, float('inf'), float('nan')]
    for v in values:
        for kw in [{}, {'sort_keys': True}, {'indent': 2}, {'indent': 4, 'sort_keys': True, 'separators': (',', ': ')}, {'ensure_ascii': False}, {'separators': (',', ':')}]:
            out['json'].append({'v': v if not isinstance(v, float) or v == v and abs(v) != float('inf') else repr(v), 'kw': kw, 'out': json.dumps(v, **kw)})
    for seed in ['host1', 'controller-1.example', '', 'é', 0, 1, 42, 2 ** 40, 12345678901234]:
        r = random.Random(seed)
        out['random'].append({'seed': seed, 'randrange100': [r.randrange(100) for _ in range(5)], 'bits': [str(r.getrandbits(k)) for k in (1, 8, 31, 32, 33, 64, 100)],
                              'choice': r.choice('abcdefgh'), 'shuffle': (lambda l: (r.shuffle(l), l)[1])(list(range(10)))})
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'py-oracle.json'), 'w') as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write('\n')


if __name__ == '__main__':
    main()
