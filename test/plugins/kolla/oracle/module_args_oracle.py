"""Records how a kolla-ansible release's own container modules validate the arguments in
module_args_cases.py: the parameters AnsibleModule hands the module, or its failure
message. The module's main() runs until AnsibleModule is built, then stops (nothing
reaches a container engine).

Usage: KOLLA_ANSIBLE_SRC=/path/to/kolla-ansible python3 module_args_oracle.py OUT.json
(kolla_docker is the release's kolla_container.py where kolla_docker.py is gone.)
Only run by hand to refresh the fixture.
"""
import contextlib
import importlib.util
import io
import json
import os
import sys

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

src = os.environ['KOLLA_ANSIBLE_SRC']
sys.path.insert(0, os.path.dirname(__file__))
from module_args_cases import CASES  # noqa

# The release's module_utils, importable as Ansible's packaging makes them (loaded until
# each one's imports are there).
utils = os.path.join(src, 'ansible/module_utils')
pending = sorted(f for f in (os.listdir(utils) if os.path.isdir(utils) else []) if f.endswith('.py'))
while pending:
    failed = []
    for f in pending:
        spec = importlib.util.spec_from_file_location('ansible.module_utils.' + f[:-3], os.path.join(utils, f))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        try:
            spec.loader.exec_module(mod)
        except ImportError:
            del sys.modules[spec.name]
            failed.append(f)
    if len(failed) == len(pending):
        break  # e.g. kolla_podman_worker without the podman library: a module imports it when it runs
    pending = failed


class Built(BaseException):
    pass


orig_init = basic.AnsibleModule.__init__


def init(self, *args, **kwargs):
    orig_init(self, *args, **kwargs)
    raise Built(self.params)


basic.AnsibleModule.__init__ = init

out = []
for module, cases in CASES:
    names = [module] + (['kolla_container'] if module == 'kolla_docker' else [])
    path = next((os.path.join(src, 'ansible/library', n + '.py') for n in names
                 if os.path.exists(os.path.join(src, 'ansible/library', n + '.py'))), None)
    if path is None:
        continue
    spec = importlib.util.spec_from_file_location('kolla_case_module', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for args in cases:
        case = {'module': module, 'args': args}
        name = os.path.basename(path)[:-3]
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': dict(args, _ansible_module_name=name)}))
        stdout = io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout):
                mod.main()
            case['error'] = 'main() returned without building AnsibleModule'
        except Built as b:
            case['params'] = {k: v for k, v in b.args[0].items() if v is not None}
        except SystemExit:
            case['error'] = json.loads(stdout.getvalue())['msg']
        out.append(case)

with open(sys.argv[1], 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write('\n')
