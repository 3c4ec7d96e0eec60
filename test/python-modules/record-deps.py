#!/usr/bin/python3
"""Records what ansible-core packs with each module (test/python-modules/goldens/deps.json):
for every module of ansible-core and of some collections of Debian's `ansible` package, the
number of files of the payload zip (as ansible-core's own recursive_finder and
_add_module_to_zip write them) and one SHA-1 over their names and contents (`digest`, see
digest()).
module-deps.test.ts checks tsible's payloads against it.

usage: /usr/bin/python3 test/python-modules/record-deps.py   (ansible-core 2.14 and `ansible` installed)
"""
import glob
import hashlib
import io
import json
import os
import sys
import zipfile

import ansible.release
from ansible.executor import module_common as mc

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTIONS = ['ansible/posix', 'community/general', 'community/docker', 'openstack/cloud', 'community/mysql', 'ansible/utils']


def module_files():
    core = os.path.join(os.path.dirname(ansible.release.__file__), 'modules')
    paths = sorted(glob.glob(os.path.join(core, '*.py')))
    for c in COLLECTIONS:
        for root in sys.path:
            found = sorted(glob.glob(os.path.join(root, 'ansible_collections', c, 'plugins', 'modules', '**', '*.py'), recursive=True))
            if found:
                paths += found
                break
    return [p for p in paths if not p.endswith('__init__.py')]


def payload(path):
    data = open(path, 'rb').read()
    name = os.path.splitext(os.path.basename(path))[0]
    try:
        fqn = mc._get_ansible_module_fqn(path)
    except ValueError:
        fqn = 'ansible.modules.%s' % name
    if mc.REPLACER in data:
        data = data.replace(mc.REPLACER, b'from ansible.module_utils.basic import *')
    elif not mc.NEW_STYLE_PYTHON_MODULE_RE.search(data):
        return None
    buf = io.BytesIO()
    zf = zipfile.ZipFile(buf, 'w')
    try:
        mc.recursive_finder(name, fqn, data, zf)
    except Exception as e:  # Ansible refuses the module: record its error
        return 'ERROR: %s' % e
    mc._add_module_to_zip(zf, fqn, data)
    zf.close()
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    files = {n: hashlib.sha1(z.read(n)).hexdigest() for n in z.namelist()}
    return {'count': len(files), 'digest': digest(files)}


def digest(files):
    """SHA-1 of `name sha1(content)` lines, names sorted."""
    return hashlib.sha1(''.join('%s %s\n' % (n, files[n]) for n in sorted(files)).encode()).hexdigest()


def main():
    out = {'ansible_version': ansible.release.__version__, 'modules': {}}
    files = module_files()
    for i, path in enumerate(files):
        out['modules'][path] = payload(path)
        if i % 100 == 0:
            sys.stderr.write('%d/%d\n' % (i, len(files)))
    target = os.path.join(HERE, 'goldens', 'deps.json')
    with open(target + '.part', 'w') as f:
        json.dump(out, f, indent=0, sort_keys=True)
        f.write('\n')
    os.rename(target + '.part', target)
    sys.stderr.write('recorded %d modules in %s\n' % (len(files), target))


if __name__ == '__main__':
    main()
