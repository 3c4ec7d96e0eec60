#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
import sys
print('this is not JSON')
sys.stderr.write('and this went to stderr\n')
sys.exit(3)
