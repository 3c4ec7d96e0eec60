#!/usr/bin/python
# The smallest new-style module: which Python ran it.
import sys

from ansible.module_utils.basic import AnsibleModule

AnsibleModule(argument_spec={}).exit_json(changed=False, python=sys.executable)
