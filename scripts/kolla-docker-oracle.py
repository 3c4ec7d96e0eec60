#!/usr/bin/python3
"""Records what kolla 2023.1's own kolla_docker code decides, for test/docker/oracle.

Run by scripts/record-kolla-docker.sh with the path of a kolla-ansible checkout (tag
2023.1-eol); needs ansible-core 2.14 and python3-docker. For each scenario of
test/docker/oracle/scenarios.json it runs kolla's generate_module on the task arguments
(with Ansible's own argument handling) and then:
  bodies: docker-py's POST /containers/create request (URL, query, exact body bytes), as
          DockerWorker.build_container_options -> APIClient.create_container send it;
  units:  SystemdWorker.generate_unit_file();
  rules:  each compare_* method of DockerWorker and check_container_differs on the
          scenario's inspect document and image;
  toolbox: kolla_toolbox's gen_commandline (the ansible command run in the container).
Nothing is sent to an engine; systemd and the engine's version are stood in for.
Prints the goldens as JSON.
"""
import contextlib
import copy
import importlib.util
import io
import json
import os
import sys

KOLLA = sys.argv[1]
SCENARIOS = sys.argv[2]

import ansible.module_utils  # noqa: E402
import ansible.module_utils.basic as basic  # noqa: E402

ansible.module_utils.__path__.append(os.path.join(KOLLA, 'ansible', 'module_utils'))

import docker  # noqa: E402
from ansible.module_utils import kolla_systemd_worker  # noqa: E402
from ansible.module_utils.kolla_docker_worker import DockerWorker  # noqa: E402

kolla_systemd_worker.SystemdWorker.get_manager = lambda self: None
docker.APIClient._retrieve_server_version = lambda self: '1.41'

spec = importlib.util.spec_from_file_location('kolla_docker', os.path.join(KOLLA, 'ansible', 'library', 'kolla_docker.py'))
kolla_docker = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kolla_docker)


spec = importlib.util.spec_from_file_location('kolla_toolbox', os.path.join(KOLLA, 'ansible', 'library', 'kolla_toolbox.py'))
kolla_toolbox = importlib.util.module_from_spec(spec)
spec.loader.exec_module(kolla_toolbox)


class Captured(Exception):
    pass


def toolbox(args):
    """gen_commandline of the parameters kolla_toolbox's AnsibleModule makes of `args`."""
    real = kolla_toolbox.AnsibleModule
    seen = {}

    def capture(**kw):
        seen['module'] = real(**kw)
        raise Captured()

    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
    kolla_toolbox.AnsibleModule = capture
    try:
        kolla_toolbox.main()
    except Captured:
        pass
    finally:
        kolla_toolbox.AnsibleModule = real
    return kolla_toolbox.gen_commandline(seen['module'].params)


def run(fn):
    """fn's value, or what the module ended with (exit_json/fail_json) or raised."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            return {'value': fn()}
    except SystemExit:
        return {'exit': json.loads(out.getvalue())}
    except Exception as e:  # noqa: BLE001
        return {'error': '%s: %s' % (type(e).__name__, e)}


def module_for(args):
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
    return kolla_docker.generate_module()


def with_common(common, args):
    a = dict(args)
    a.setdefault('common_options', common)
    return {k: v for k, v in a.items() if v is not None}


class FakeResponse:
    status_code = 201

    def json(self):
        return {'Id': 'x', 'Warnings': []}

    def raise_for_status(self):
        pass


def body(common, args):
    module = module_for(with_common(common, args))
    dw = DockerWorker(module)
    sent = {}

    def post(url, data=None, params=None, headers=None, **kw):
        sent.update(url=url.split('localhost', 1)[-1], params=params, body=data, headers=headers)
        return FakeResponse()

    dw.dc._post = post
    dw.dc.create_container(**dw.build_container_options())
    return sent


def unit(common, args):
    module = module_for(with_common(common, args))
    return kolla_systemd_worker.SystemdWorker(module.params).generate_unit_file()


def merge(base, over):
    out = copy.deepcopy(base)
    for k, v in (over or {}).items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and v:
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


RULES = ['compare_cap_add', 'compare_security_opt', 'compare_image', 'compare_ipc_mode', 'compare_labels',
         'compare_privileged', 'compare_pid_mode', 'compare_cgroupns_mode', 'compare_tmpfs', 'compare_volumes',
         'compare_volumes_from', 'compare_environment', 'compare_container_state', 'compare_dimensions',
         'compare_command', 'compare_healthcheck']


def rules(sc, scenario):
    args = with_common(sc['common_options'], merge(sc['base_args'], scenario.get('args')))
    info = merge(sc['base_inspect'], scenario.get('inspect'))
    image = None if 'image' in scenario and scenario['image'] is None else merge(sc['base_image'], scenario.get('image'))
    module = run(lambda: module_for(args))
    if 'value' not in module:
        return {'module': module}
    dw = DockerWorker(module['value'])
    dw.dc.images = lambda **kw: [copy.deepcopy(image)] if image else []
    dw.get_container_info = lambda: copy.deepcopy(info)
    out = {}
    for name in RULES:
        r = run(lambda: getattr(dw, name)(copy.deepcopy(info)))
        out[name] = {'value': bool(r['value'])} if 'value' in r else r
    r = run(dw.check_container_differs)
    out['check_container_differs'] = {'value': bool(r['value'])} if 'value' in r else r
    return out


def main():
    with open(SCENARIOS) as f:
        sc = json.load(f)
    common = sc['common_options']
    goldens = {
        'bodies': {k: run(lambda: body(common, v)) for k, v in sc['bodies'].items()},
        'units': {k: run(lambda: unit(common, v)) for k, v in sc['units'].items()},
        'rules': {k: rules(sc, v) for k, v in sc['rules'].items()},
        'toolbox': {k: run(lambda: toolbox(v)) for k, v in sc['toolbox'].items()},
    }
    json.dump(goldens, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


main()
