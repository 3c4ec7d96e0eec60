/**
 * The script the host's Python runs for a new-style module: tsible's own wrapper. It
 * imports the module and its module_utils straight from the payload zip in memory (an
 * import hook; nothing is written to disk), hands the arguments to AnsibleModule the way
 * ansible-core does (`ansible.module_utils.basic._ANSIBLE_ARGS`, a JSON document with
 * `ANSIBLE_MODULE_ARGS`), and runs the module as `__main__` with `_module_fqn` and
 * `_modlib_path` set. `_modlib_path` becomes a real zip file only if the module asks for it
 * (respawning under another interpreter does), and that file is removed at exit.
 * Python 2.7 and 3.x.
 */

export interface WrapperInput {
  /** `#!/usr/bin/python3` (with arguments, if the module's shebang had them). */
  shebang: string
  /** The payload zip, base64. */
  zipBase64: string
  /** The module's dotted name inside the zip (ansible.modules.x, ansible_collections...). */
  fqn: string
  /** The module's name as the task gave it (temporary file names). */
  name: string
  /** `{"ANSIBLE_MODULE_ARGS": {...}}` as JSON. */
  paramsJson: string
  /** Run from a file in a temporary directory: `_ansible_tmpdir` is that directory. */
  tmpdirFromFile?: boolean
}

export function wrapperScript(w: WrapperInput): string {
  const q = (s: string) => JSON.stringify(s)
  return `${w.shebang}
# -*- coding: utf-8 -*-
# tsible: runs ${w.fqn} from an in-memory payload.
import sys


def _tsible_run():
    import os
    try:
        os.getcwd()
    except OSError:
        try:
            os.chdir(os.path.expanduser('~'))
        except OSError:
            os.chdir('/')
    import atexit
    import base64
    import io
    import json
    import shutil
    import tempfile
    import types
    import zipfile

    fqn = ${q(w.fqn)}
    name = ${q(w.name)}
    script = getattr(sys.modules['__main__'], '__file__', None)
    here = os.path.dirname(os.path.realpath(script)) if script else None
    sys.path = [p for p in sys.path if p not in ('', '.', here)]

    data = base64.b64decode(${q(w.zipBase64)})
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = set(archive.namelist())
    root = os.path.join(tempfile.gettempdir(), 'ansible_%s_payload.zip' % name)

    def locate(fullname):
        base = fullname.replace('.', '/')
        if base + '/__init__.py' in entries:
            return base + '/__init__.py', True
        if base + '.py' in entries:
            return base + '.py', False
        return None, False

    class PayloadImporter(object):
        def find_spec(self, fullname, path=None, target=None):
            entry, package = locate(fullname)
            if entry is None:
                return None
            import importlib.util
            spec = importlib.util.spec_from_loader(fullname, self, origin=root + '/' + entry, is_package=package)
            spec.has_location = True
            return spec

        def find_module(self, fullname, path=None):
            return self if locate(fullname)[0] else None

        def create_module(self, spec):
            return None

        def exec_module(self, module):
            entry, package = locate(module.__name__)
            module.__file__ = root + '/' + entry
            if package:
                module.__path__ = [root + '/' + module.__name__.replace('.', '/')]
            exec(self.get_code(module.__name__), module.__dict__)

        def load_module(self, fullname):
            module = sys.modules.get(fullname)
            if module is None:
                module = sys.modules[fullname] = types.ModuleType(fullname)
            entry, package = locate(fullname)
            module.__file__ = root + '/' + entry
            module.__loader__ = self
            if package:
                module.__path__ = [root + '/' + fullname.replace('.', '/')]
                module.__package__ = fullname
            else:
                module.__package__ = fullname.rpartition('.')[0]
            try:
                exec(self.get_code(fullname), module.__dict__)
            except BaseException:
                sys.modules.pop(fullname, None)
                raise
            return module

        def get_code(self, fullname):
            entry = locate(fullname)[0]
            return compile(archive.read(entry), root + '/' + entry, 'exec', dont_inherit=True)

        def get_source(self, fullname):
            return archive.read(locate(fullname)[0]).decode('utf-8')

        def is_package(self, fullname):
            return locate(fullname)[1]

        def get_filename(self, fullname):
            return root + '/' + locate(fullname)[0]

        def get_data(self, path):
            if path.startswith(root + '/') and path[len(root) + 1:] in entries:
                return archive.read(path[len(root) + 1:])
            with open(path, 'rb') as f:
                return f.read()

    sys.meta_path.insert(0, PayloadImporter())

    class ModlibPath(str):
        """The payload as a file, written the first time something asks for its path."""
        written = []

        def _path(self):
            if not self.written:
                tmp = tempfile.mkdtemp(prefix='ansible_%s_payload_' % name)
                atexit.register(shutil.rmtree, tmp, True)
                path = os.path.join(tmp, 'ansible_%s_payload.zip' % name)
                with open(path, 'wb') as f:
                    f.write(data)
                self.written.append(path)
            return self.written[0]

        def __str__(self):
            return self._path()

        def __format__(self, spec):
            return format(self._path(), spec)

        def __fspath__(self):
            return self._path()

    params = base64.b64decode(${q(Buffer.from(w.paramsJson).toString('base64'))})
    if ${w.tmpdirFromFile ? 'True' : 'False'} and script:
        doc = json.loads(params.decode('utf-8'))
        doc['ANSIBLE_MODULE_ARGS']['_ansible_tmpdir'] = os.path.dirname(os.path.abspath(script))
        params = json.dumps(doc).encode('utf-8')
    from ansible.module_utils import basic
    basic._ANSIBLE_ARGS = params
    init = dict(_module_fqn=fqn, _modlib_path=ModlibPath(root))
    try:
        import importlib.util
        importlib.util.spec_from_loader
    except (ImportError, AttributeError):
        main = types.ModuleType('__main__')
        main.__dict__.update(init)
        main.__file__ = root + '/' + locate(fqn)[0]
        main.__package__ = fqn.rpartition('.')[0]
        sys.modules['__main__'] = main
        sys.argv[0] = main.__file__
        exec(PayloadImporter().get_code(fqn), main.__dict__)
    else:
        import runpy
        runpy.run_module(mod_name=fqn, init_globals=init, run_name='__main__', alter_sys=True)
    print('{"msg": "New-style module did not handle its own exit", "failed": true}')
    sys.exit(1)


if __name__ == '__main__':
    _tsible_run()
`
}
