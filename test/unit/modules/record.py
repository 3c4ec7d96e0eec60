#!/usr/bin/python3
"""Records what ansible-core 2.14's modules do for each case in cases.yml: the result keys
the test compares and the files left in the case's directory. Each case runs in a fresh
temp directory (@DIR@ in args and results) prepared with the case's `files`.

usage: /usr/bin/python3 test/unit/modules/record.py   (rewrites expected.json)
"""
import json, os, subprocess, sys, tempfile, yaml

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ['changed', 'failed', 'msg', 'rc', 'stdout', 'stderr', 'found', 'state', 'mode', 'skipped', 'ping', 'content', 'ansible_facts', 'matched', 'examined', 'stat']


def sub(v, d):
    if isinstance(v, str):
        return v.replace('@DIR@', d)
    if isinstance(v, list):
        return [sub(x, d) for x in v]
    if isinstance(v, dict):
        return {k: sub(x, d) for k, x in v.items()}
    return v


def unsub(v, d):
    if isinstance(v, str):
        return v.replace(d, '@DIR@')
    if isinstance(v, list):
        return [unsub(x, d) for x in v]
    if isinstance(v, dict):
        return {k: unsub(x, d) for k, x in v.items()}
    return v


def snapshot(d):
    out = {}
    for root, dirs, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, 'rb') as fh:
                out[os.path.relpath(p, d)] = {'content': fh.read().decode('utf-8', 'replace'), 'mode': oct(os.stat(p).st_mode & 0o7777)}
    return out


def run(case):
    d = tempfile.mkdtemp(prefix='tsible-modrec-')
    for rel, content in (case.get('files') or {}).items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as fh:
            fh.write(content)
    args = json.dumps(sub(case['args'], d))
    cmd = ['ansible', 'localhost', '-m', case['module']] + (['-a', args] if case['args'] else [])
    if case.get('check'):
        cmd.append('--check')
    env = dict(os.environ, ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_STDOUT_CALLBACK='json', ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=d)
    if '{' not in r.stdout:
        raise SystemExit('%s: ansible printed no result:\n%s' % (case['name'], r.stderr))
    doc = json.loads(r.stdout[r.stdout.index('{'):])
    res = doc['plays'][0]['tasks'][0]['hosts']['localhost']
    kept = {k: res[k] for k in KEYS if k in res}
    if 'stat' in kept:
        kept['stat'] = {k: kept['stat'][k] for k in ('exists', 'isdir', 'isreg', 'mode', 'size', 'checksum') if k in kept['stat']}
    return {'result': unsub(kept, d), 'files': snapshot(d)}


def main():
    with open(os.path.join(HERE, 'cases.yml')) as fh:
        cases = yaml.safe_load(fh)
    out = {c['name']: run(c) for c in cases}
    with open(os.path.join(HERE, 'expected.json'), 'w') as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
        fh.write('\n')
    print('recorded %d cases' % len(out))


main()
