"""The plugins of every kolla-ansible release from train to master, as each release defines
them: the filter names of each filter plugin file (its FilterModule loaded with the same
release's kolla_ansible package), the argument names of each module (the argument_spec of the
AnsibleModule the module builds, caught as it is built) and the task arguments each action
plugin reads.

Usage: KOLLA_GIT_DIR=/path/to/kolla-ansible.git PBR_VERSION=0 python3 release_plugins_census.py OUT.json [REF...]
Only run by hand to refresh fixtures/release-plugins.json (docs/kolla-releases.md lists it).
"""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from ansible.module_utils import basic
GD=os.environ['KOLLA_GIT_DIR']
refs=sys.argv[2:] or ['train-eol','ussuri-eol','victoria-eol','wallaby-eol','xena-eol','yoga-eol','zed-eol','2023.1-eol','2023.2-eol','unmaintained/2024.1','2024.2-eol','stable/2025.1','stable/2025.2','stable/2026.1','master']
def git(*a): return subprocess.run(['git','--git-dir',GD,*a],capture_output=True,text=True,check=True).stdout
class Captured(BaseException): pass
captured={}
def fake_init(self, argument_spec=None, **kw):
    captured['spec']=argument_spec; raise Captured()
basic.AnsibleModule.__init__=fake_init
def load(name, path):
    spec=importlib.util.spec_from_file_location(name,path); m=importlib.util.module_from_spec(spec); sys.modules[name]=m; spec.loader.exec_module(m); return m
def spec_names(spec):
    out={}
    for k,v in sorted(spec.items()):
        out[k]=spec_names(v['options']) if isinstance(v,dict) and v.get('options') else None
    return out
out={}
for r in refs:
    d=tempfile.mkdtemp(prefix='kc-')
    subprocess.run(f"git --git-dir={GD} archive {r} ansible kolla_ansible | tar -x -C {d}",shell=True,check=True)
    print('ref',r,flush=True)
    rel={'ref':r,'commit':git('rev-parse',r+'^{commit}').strip(),'filters':{},'modules':{},'actions':{}}
    for k in [m for m in list(sys.modules) if m.startswith('kolla_ansible') or m.startswith('ansible.module_utils.kolla')]: del sys.modules[k]
    sys.path.insert(0,d)
    for root,_,files in os.walk(os.path.join(d,'ansible')):
        if os.path.basename(root)!='filter_plugins': continue
        for f in sorted(files):
            if f.endswith('.py'):
                p=os.path.join(root,f)
                rel['filters'][os.path.relpath(p,d)]=sorted(load('fp_'+re.sub(r'\W','_',p),p).FilterModule().filters())
    utils=os.path.join(d,'ansible/module_utils')
    pending=sorted(f for f in (os.listdir(utils) if os.path.isdir(utils) else []) if f.endswith('.py'))
    while pending:
        failed=[]
        for f in pending:
            try: load('ansible.module_utils.'+f[:-3], os.path.join(utils,f))
            except ImportError: del sys.modules['ansible.module_utils.'+f[:-3]]; failed.append(f)
        if len(failed)==len(pending): break
        pending=failed
    lib=os.path.join(d,'ansible/library')
    for f in sorted(os.listdir(lib)):
        if not f.endswith('.py'): continue
        m=load('kmod_'+f[:-3], os.path.join(lib,f)); captured.clear()
        try: m.main()
        except Captured: pass
        except SystemExit: pass
        rel['modules'][f[:-3]]=spec_names(captured['spec']) if 'spec' in captured else 'NOT CAPTURED'
    ap=os.path.join(d,'ansible/action_plugins')
    for f in sorted(os.listdir(ap)):
        if f.endswith('.py') and f!='__init__.py':
            src=open(os.path.join(ap,f)).read()
            rel['actions'][f[:-3]]={n:None for n in sorted(set(re.findall(r"_task\.args\.(?:get|pop)\(\s*['\"](\w+)['\"]",src)))}
    sys.path.remove(d)
    out[r]=rel
    shutil.rmtree(d)
result = [{'release': r, 'commit': x['commit'], 'filters': sorted({n for v in x['filters'].values() for n in v}),
           'filter_files': x['filters'], 'modules': x['modules'], 'actions': x['actions']} for r, x in out.items()]
with open(sys.argv[1], 'w') as f:
    json.dump(result, f, indent=1, sort_keys=True)
    f.write('\n')
