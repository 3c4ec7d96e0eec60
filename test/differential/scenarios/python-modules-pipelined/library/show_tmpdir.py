#!/usr/bin/python
# Reports what a module sees of its environment: its temporary directory setting and its
# arguments (Ansible's internal ones are removed from results by the engine).
import os
from ansible.module_utils.basic import AnsibleModule

module = AnsibleModule(argument_spec=dict(n=dict(type='int')), supports_check_mode=True)
module.exit_json(changed=False, tmpdir_given=module._tmpdir is not None, n=module.params['n'],
                 check=module.check_mode, diff=module._diff, cwd_exists=os.path.isdir(os.getcwd()))
