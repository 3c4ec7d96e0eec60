#!/usr/bin/python
# A new-style module of the playbook's own: AnsibleModule, a module_utils of its own, check mode, no_log, facts, warnings.
from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.greeting import phrase


def main():
    module = AnsibleModule(
        argument_spec=dict(
            name=dict(type='str', required=True),
            token=dict(type='str', no_log=True),
            path=dict(type='path'),
            fail=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    p = module.params
    if p['fail']:
        module.fail_json(msg='greeting refused', name=p['name'])
    text = phrase(p['name'])
    changed = True
    if p['path']:
        try:
            with open(p['path']) as f:
                changed = f.read() != text
        except IOError:
            pass
        if changed and not module.check_mode:
            with open(p['path'], 'w') as f:
                f.write(text)
    module.warn('greeted %s' % p['name'])
    module.exit_json(changed=changed, greeting=text, token_seen=p['token'] is not None,
                     ansible_facts={'last_greeting': text}, diff={'before': '', 'after': text})


if __name__ == '__main__':
    main()
