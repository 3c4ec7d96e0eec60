#!/usr/bin/python
# Reports the internal _ansible_* arguments the engine sent, and returns what ansible-core
# processes on the way back: warnings, deprecations, a non-list `results`, keys a module
# must not return, junk after the JSON, a crash, an exit code after the JSON.
import json
import sys

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule


def main():
    raw = basic._load_params()
    # Without their prefix: results lose every key that starts with _ansible_.
    internal = dict((k[len('_ansible_'):], v) for k, v in raw.items() if k.startswith('_ansible_'))
    # The temporary directory's name is random: only whether there is one is compared.
    internal['tmpdir'] = internal.get('tmpdir') is not None
    module = AnsibleModule(argument_spec=dict(
        mode=dict(type='str', default='report'),
        secret=dict(type='str', no_log=True),
    ), supports_check_mode=True)
    mode = module.params['mode']
    if mode == 'crash':
        raise RuntimeError('the module crashed')
    if mode == 'junk':
        print(json.dumps(dict(changed=False, internal=internal)))
        print('some junk after the JSON')
        sys.exit(0)
    if mode == 'exit_code':
        print(json.dumps(dict(changed=False, msg='printed, then exited 3')))
        sys.exit(3)
    if mode == 'fail':
        module.fail_json(msg='failed on purpose', exception='a traceback of its own', detail=[1, 2])
    result = dict(changed=module.check_mode is False, internal=internal)
    if mode == 'warn':
        module.warn('a warning from the module')
        module.deprecate('an old option', version='9.0.0', collection_name='ns.col')
        module.deprecate('a dated one', date='2030-01-01', collection_name='ns.col')
        result['warnings'] = ['a warning returned in the result']
    if mode == 'restricted':
        result.update(_ansible_notify=['h'], add_host=dict(host_name='x'), results='not a list',
                      _ansible_verbose_always=True, ansible_facts=dict(discovered_interpreter_python='/no', ok_fact=1))
    if mode == 'empty_lists':
        result.update(warnings=[], deprecations=[], stdout='a\nb', stderr='')
    module.exit_json(**result)


if __name__ == '__main__':
    main()
