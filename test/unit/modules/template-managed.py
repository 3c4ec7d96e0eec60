#!/usr/bin/python3
"""Records what ansible-playbook 2.14 makes of the ansible_managed setting: for each
ansible.cfg value in CASES, the template module's output file, the template lookup's result
and each task's msg (json callback), with TZ=UTC and the template's mtime set to MTIME.
The machine's host name and the template owner's user name become @HOST@ and @UID@, the
run's directory @DIR@. Writes template-managed.json, read by template-managed.test.ts
(which runs tsible-playbook the same way, with the same playbook).

usage: /usr/bin/python3 test/unit/modules/template-managed.py
"""
import json, os, pwd, shutil, socket, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MTIME = 1614834367  # 2021-03-04 05:06:07 UTC
TEMPLATE = '[{{ ansible_managed }}]\npath={{ template_path }} uid={{ template_uid }} dest={{ template_destpath }} full={{ template_fullpath | basename }}\n'
PLAYBOOK = '''- hosts: localhost
  gather_facts: false
  vars:
    ansible_managed: a variable of that name is not what templates see
  tasks:
    - name: module
      template: {src: m.j2, dest: "{{ playbook_dir }}/out.txt"}
      ignore_errors: true
    - name: lookup
      debug: {msg: "{{ lookup('template', 'm.j2') }}"}
      ignore_errors: true
    - name: variable
      debug: {msg: "{{ ansible_managed }}"}
'''
CASES = {
    'default': None,
    'documented': 'Ansible managed: {file} modified on %Y-%m-%d %H:%M:%S by {uid} on {host}',
    'escapes and specs': '{{{file!r:>10}}} {file:.1} {file[3]} 100%% %-d %e %j %U %^a %#b %Q %',
    'inline comment': 'managed by Ansible ; not part of the value',
    'unknown field': 'managed {foo}',
    'positional field': 'managed {0}',
    'single brace': 'managed } here',
}


def run(value):
    d = tempfile.mkdtemp(prefix='tsible-managed-')
    try:
        os.mkdir(os.path.join(d, 'templates'))
        tpl = os.path.join(d, 'templates', 'm.j2')
        with open(tpl, 'w') as fh:
            fh.write(TEMPLATE)
        os.utime(tpl, (MTIME, MTIME))
        with open(os.path.join(d, 'playbook.yml'), 'w') as fh:
            fh.write(PLAYBOOK)
        with open(os.path.join(d, 'ansible.cfg'), 'w') as fh:
            fh.write('[defaults]\n' + ('' if value is None else 'ansible_managed = %s\n' % value))
        env = dict(os.environ, TZ='UTC', ANSIBLE_CONFIG=os.path.join(d, 'ansible.cfg'), ANSIBLE_STDOUT_CALLBACK='json',
                   ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_INVENTORY_UNPARSED_WARNING='0')
        r = subprocess.run(['ansible-playbook', 'playbook.yml'], cwd=d, env=env, capture_output=True, text=True)
        doc = json.loads(r.stdout)
        msgs = {t['task']['name']: t['hosts']['localhost'].get('msg') for t in doc['plays'][0]['tasks']}
        out = os.path.join(d, 'out.txt')
        written = open(out).read() if os.path.exists(out) else None
        host, uid = socket.gethostname(), pwd.getpwuid(os.stat(tpl).st_uid).pw_name

        def norm(s):
            return None if s is None else s.replace(d, '@DIR@').replace('on %s]' % host, 'on @HOST@]').replace('by %s ' % uid, 'by @UID@ ').replace('uid=%s ' % uid, 'uid=@UID@ ')
        return {'rc': r.returncode, 'msgs': {k: norm(v) for k, v in msgs.items()}, 'written': norm(written)}
    finally:
        shutil.rmtree(d)


def main():
    out = {'template': TEMPLATE, 'playbook': PLAYBOOK, 'mtime': MTIME, 'cases': []}
    for name, value in CASES.items():
        out['cases'].append(dict(name=name, ansible_managed=value, **run(value)))
    with open(os.path.join(HERE, 'template-managed.json'), 'w') as fh:
        json.dump(out, fh, indent=1, ensure_ascii=False)
        fh.write('\n')
    print('recorded %d cases' % len(out['cases']))


main()
