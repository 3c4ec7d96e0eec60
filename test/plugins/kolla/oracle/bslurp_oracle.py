"""Records what kolla train's own bslurp module does (ansible/library/bslurp.py, run as
Ansible runs a module: python3 bslurp.py ARGS.json) for each case: its result, and the
destination file's bytes (base64) and mode afterwards. Each case starts from the files
it lists, in a fresh directory whose path is written @DIR@ in the cases.

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible-train-eol python3 bslurp_oracle.py OUT.json
Only run by hand to refresh the fixture.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import zlib

src = os.environ['KOLLA_ANSIBLE_SRC']
module = os.path.join(src, 'ansible/library/bslurp.py')

text = b'[client.admin]\n\tkey = AQBSecretSecretSecretSecretSecret==\n' * 3
blob = base64.b64encode(zlib.compress(text)).decode()
raw_blob = base64.b64encode(text).decode()
sha1 = __import__('hashlib').sha1(text).hexdigest()
sha256 = __import__('hashlib').sha256(text).hexdigest()

CASES = [
    ('read compressed', {'a.keyring': [text.decode(), 0o640]}, {'src': '@DIR@/a.keyring'}),
    ('read uncompressed', {'a.keyring': [text.decode(), 0o600]}, {'src': '@DIR@/a.keyring', 'compress': False}),
    ('read missing', {}, {'src': '@DIR@/none'}),
    ('write new with sha1', {}, {'src': blob, 'dest': '@DIR@/out', 'sha1': sha1, 'mode': '384'}),
    ('write new with sha256', {}, {'src': blob, 'dest': '@DIR@/out', 'sha256': sha256, 'mode': '0o600'}),
    ('write uncompressed', {}, {'src': raw_blob, 'dest': '@DIR@/out', 'compress': False, 'mode': '420'}),
    ('write unchanged', {'out': [text.decode(), 0o600]}, {'src': blob, 'dest': '@DIR@/out', 'sha1': sha1, 'mode': '384'}),
    ('write changed', {'out': ['old\n', 0o640]}, {'src': blob, 'dest': '@DIR@/out', 'sha1': sha1, 'mode': '384'}),
    ('write bad sha1', {}, {'src': blob, 'dest': '@DIR@/out', 'sha1': '0' * 40, 'mode': '384'}),
    ('write bad sha256 over existing', {'out': ['old\n', 0o600]}, {'src': blob, 'dest': '@DIR@/out', 'sha256': '0' * 64, 'mode': '384'}),
    ('write default mode', {}, {'src': blob, 'dest': '@DIR@/out'}),
    ('write empty hashes', {}, {'src': blob, 'dest': '@DIR@/out', 'sha1': '', 'sha256': '', 'mode': '384'}),
]

out = []
os.umask(0o022)
for name, files, args in CASES:
    d = tempfile.mkdtemp()
    for f, (content, mode) in files.items():
        with open(os.path.join(d, f), 'w') as fh:
            fh.write(content)
        os.chmod(os.path.join(d, f), mode)
    real = {k: v.replace('@DIR@', d) if isinstance(v, str) else v for k, v in args.items()}
    argfile = os.path.join(d, '.args.json')
    with open(argfile, 'w') as fh:
        json.dump({'ANSIBLE_MODULE_ARGS': real}, fh)
    p = subprocess.run([sys.executable, module, argfile], capture_output=True, text=True)
    result = json.loads(p.stdout)
    result.pop('invocation', None)
    case = {'name': name, 'files': files, 'args': args, 'result': result}
    dest = real.get('dest')
    if dest and os.path.exists(dest):
        case['dest'] = {'content': base64.b64encode(open(dest, 'rb').read()).decode(), 'mode': oct(os.stat(dest).st_mode & 0o777)}
    out.append(json.loads(json.dumps(case).replace(d, '@DIR@')))

with open(sys.argv[1], 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
