/**
 * Ansible's own tests (ansible-core 2.14's core.py, files.py and mathstuff.py) under their
 * short and `ansible.builtin.` names. As in Jinja2, a test's value is returned as the
 * function gives it (`failed` gives the result's `failed` value, not a bool).
 */
import { existsSync, fstatSync, lstatSync, statSync } from 'node:fs'
import {
  bindArgs,
  boolean,
  defined,
  impure,
  isDict,
  isLazyMapping,
  isNumber,
  markReadOnly,
  posixpath,
  pyContains,
  pyEq,
  PyRegex,
  pyStr,
  pyTruthy,
  PyTypeError,
  toNumber,
  urlsplit,
  VaultText,
  type TestFn,
} from '../../src/plugin-kit.js'
import { AnsibleFilterError } from '../filter/errors.js'
import { iterOf, toText } from '../filter/core.js'
import { versionCompare } from './version.js'

const asBool = (v: unknown) => v as boolean

function resultDict(name: string, v: unknown): { get(k: string): unknown; has(k: string): boolean } {
  v = defined(v)
  if (isLazyMapping(v)) return v
  if (!isDict(v)) throw new AnsibleFilterError(`The '${name}' test expects a dictionary`)
  const d = v
  return { get: (k) => d[k], has: (k) => Object.prototype.hasOwnProperty.call(d, k) }
}

const flag = (name: string): TestFn => (v) => {
  const r = resultDict(name, v)
  return asBool(r.has(name) ? r.get(name) : false)
}

const failed: TestFn = (v) => {
  const r = resultDict('failed', v)
  return asBool(r.has('failed') ? r.get('failed') : false)
}
const success: TestFn = (v, a, k, c) => !pyTruthy(failed(v, a, k, c))
const unreachable: TestFn = (v) => {
  const r = resultDict('unreachable', v)
  return asBool(r.has('unreachable') ? r.get('unreachable') : false)
}

const changed: TestFn = (v) => {
  const r = resultDict('changed', v)
  if (r.has('changed')) return asBool(r.get('changed'))
  const results = r.get('results')
  if (Array.isArray(results)) {
    if (results.length === 0) throw new AnsibleFilterError('list index out of range')
    if (isDict(results[0])) return results.some((x) => isDict(x) && pyTruthy(x.changed ?? false))
  }
  return false
}

const asyncFlag = (name: string): TestFn => (v) => {
  const r = resultDict(name, v)
  if (r.has(name)) return pyEq(r.get(name), 1)
  return true
}

function regexTest(matchType: string): TestFn {
  return (v, args, kwargs) => {
    const { pattern, ignorecase, multiline, match_type } = bindArgs(matchType, args, kwargs, ['pattern', 'ignorecase', 'multiline', 'match_type'], {
      pattern: '',
      ignorecase: false,
      multiline: false,
      match_type: matchType,
    })
    const re = new PyRegex(pyStr(pattern), { ignorecase: pyTruthy(ignorecase), multiline: pyTruthy(multiline) })
    const s = toText(v)
    return match_type === 'match' ? re.match(s) !== null : re.search(s) !== null
  }
}

const version: TestFn = (v, args, kwargs) => {
  const { version: ver, operator, strict, version_type } = bindArgs('version_compare', args, kwargs, ['version', 'operator', 'strict', 'version_type'], {
    operator: 'eq',
    strict: null,
    version_type: null,
  })
  if (strict !== null && version_type !== null) throw new AnsibleFilterError("Cannot specify both 'strict' and 'version_type'")
  if (!pyTruthy(defined(v))) throw new AnsibleFilterError('Input version value cannot be empty')
  if (!pyTruthy(defined(ver))) throw new AnsibleFilterError('Version parameter to compare against cannot be empty')
  return versionCompare(toText(v), toText(ver), pyStr(operator), pyTruthy(strict), version_type === null ? null : pyStr(version_type))
}

/** Ansible's truthy test: with convert_bool, what boolean() reads as a bool counts as that bool. */
function truthy(v: unknown, convert: unknown): boolean {
  v = defined(v)
  if (pyTruthy(convert)) {
    try {
      return boolean(v)
    } catch (e) {
      if (!(e instanceof PyTypeError)) throw e
    }
  }
  return pyTruthy(v)
}

const subset = (a: unknown, b: unknown) => iterOf(a).every((x) => iterOf(b).some((y) => pyEq(x, y)))

function fileTest(fn: (p: string) => boolean, fdOk = false): TestFn {
  return impure((v: unknown) => {
    v = defined(v)
    // os.stat() takes an int as a file descriptor.
    if (fdOk && typeof v === 'number' && Number.isInteger(v)) {
      try {
        fstatSync(v)
        return true
      } catch {
        return false
      }
    }
    return fn(posixpath.pathStr(v))
  })
}
const st = (p: string, follow: boolean) => {
  try {
    return follow ? statSync(p) : lstatSync(p)
  } catch {
    return null
  }
}

const tests: Record<string, TestFn> = {
  failed,
  failure: failed,
  succeeded: success,
  success,
  successful: success,
  reachable: (v, a, k, c) => !pyTruthy(unreachable(v, a, k, c)),
  unreachable,
  changed,
  change: changed,
  skipped: flag('skipped'),
  skip: flag('skipped'),
  finished: asyncFlag('finished'),
  started: asyncFlag('started'),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: regexTest('search'),
  version_compare: version,
  version,
  any: (v) => iterOf(v).some(pyTruthy),
  all: (v) => iterOf(v).every(pyTruthy),
  truthy: (v, args, kwargs) => truthy(v, bindArgs('truthy', args, kwargs, ['convert_bool'], { convert_bool: false }).convert_bool),
  falsy: (v, args, kwargs) => !truthy(v, bindArgs('falsy', args, kwargs, ['convert_bool'], { convert_bool: false }).convert_bool),
  vault_encrypted: (v) => v instanceof VaultText,
  subset: (a, [b]) => subset(a, b),
  issubset: (a, [b]) => subset(a, b),
  superset: (a, [b]) => subset(b, a),
  issuperset: (a, [b]) => subset(b, a),
  contains: (seq, [value]) => pyContains(seq, value),
  nan: (v) => typeof v !== 'string' && isNumber(v) && Number.isNaN(toNumber(v)),
  isnan: (v) => typeof v !== 'string' && isNumber(v) && Number.isNaN(toNumber(v)),
  directory: fileTest((p) => !!st(p, true)?.isDirectory()),
  is_dir: fileTest((p) => !!st(p, true)?.isDirectory()),
  file: fileTest((p) => !!st(p, true)?.isFile()),
  is_file: fileTest((p) => !!st(p, true)?.isFile()),
  link: fileTest((p) => !!st(p, false)?.isSymbolicLink()),
  is_link: fileTest((p) => !!st(p, false)?.isSymbolicLink()),
  exists: fileTest((p) => existsSync(p), true),
  link_exists: fileTest((p) => !!st(p, false)),
  abs: fileTest((p) => p.startsWith('/')),
  is_abs: fileTest((p) => p.startsWith('/')),
  same_file: impure((a: unknown, [b]: unknown[]) => {
    const x = statSync(posixpath.pathStr(defined(a)))
    const y = statSync(posixpath.pathStr(defined(b)))
    return x.ino === y.ino && x.dev === y.dev
  }),
  mount: fileTest((p) => {
    const s = st(p, false)
    const parent = st(`${p}/..`, false)
    if (!s || !parent || s.isSymbolicLink()) return false
    return s.dev !== parent.dev || s.ino === parent.ino
  }),
}
/** uri.py's is_uri: urlparse always gives a scheme and path (maybe empty), so only schemes filter. */
function isUri(v: unknown, schemes: unknown): boolean {
  try {
    const x = urlsplit(pyStr(defined(v)))
    return !pyTruthy(schemes) || (Array.isArray(schemes) && schemes.includes(x.scheme))
  } catch {
    return false
  }
}
tests.uri = (v, args, kwargs) => isUri(v, bindArgs('uri', args, kwargs, ['schemes'], { schemes: null }).schemes)
tests.url = (v, args, kwargs) => {
  const { schemes } = bindArgs('url', args, kwargs, ['schemes'], { schemes: null })
  if (!isUri(v, schemes)) return false
  try {
    const x = urlsplit(pyStr(v))
    return pyTruthy(x.netloc) || x.scheme === 'file'
  } catch {
    return false
  }
}
tests.urn = (v) => isUri(v, ['urn'])
tests.is_same_file = tests.same_file
tests.is_mount = tests.mount

export const ansibleTests: Record<string, TestFn> = {}
for (const [name, fn] of Object.entries(tests)) {
  ansibleTests[name] = fn
  ansibleTests[`ansible.builtin.${name}`] = fn
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(ansibleTests))

