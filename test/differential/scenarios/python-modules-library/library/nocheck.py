#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule

AnsibleModule(argument_spec=dict(x=dict(type='int'))).exit_json(changed=True)
