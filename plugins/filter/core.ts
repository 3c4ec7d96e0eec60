/**
 * ansible-core 2.14's `core.py` filters (bool, ternary, combine, dict2items, to_json,
 * regex_*, path and hash filters...), with Python's semantics and error wording.
 */
import {
  b64decode,
  bindArgs,
  defined,
  getitem,
  impure,
  isDict,
  isLazyMapping,
  isMapping,
  isNumber,
  jsonDumps,
  jsonLoads,
  loadYaml,
  loadYamlAll,
  posixpath as path,
  pyEq,
  PyError,
  PyRandom,
  PyRegex,
  pyRepr,
  pySplit,
  pyStr,
  pyTruthy,
  PyTuple,
  pyTuple,
  reEscape,
  RepresenterError,
  shlexQuote,
  strftime,
  toNumber,
  Undefined,
  UndefinedVariableError,
  unquotePlus,
  urlsplit,
  yamlDump as dumpYaml,
  type FilterFn,
  type Kwargs,
  type YamlDumpOptions as DumpOptions,
} from '../../src/plugin-kit.js'
import { AnsibleError, AnsibleFilterError, filterTypeError, pyClassRepr } from './errors.js'
import { passwordHash } from './crypt.js'
import { comment, hashOf, toText, uuid5, UUID_NAMESPACE_ANSIBLE } from './text.js'

function yamlKw(name: string, kwargs: Kwargs, base: DumpOptions): DumpOptions {
  const o: DumpOptions = { allowUnicode: true, ...base }
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'indent') o.indent = v === null ? null : toNumber(v)
    else if (k === 'width') o.width = v === null ? null : toNumber(v)
    else if (k === 'sort_keys') o.sortKeys = pyTruthy(v)
    else if (k === 'default_flow_style') o.defaultFlowStyle = v === null ? null : pyTruthy(v)
    else if (k === 'allow_unicode') o.allowUnicode = pyTruthy(v)
    else if (k === 'explicit_start') o.explicitStart = pyTruthy(v)
    else throw new AnsibleFilterError(`${name} - dump_all() got an unexpected keyword argument '${k}'`)
  }
  return o
}

function yamlDump(name: string, data: unknown, o: DumpOptions): string {
  try {
    return dumpYaml(defined(data), o)
  } catch (e) {
    if (e instanceof UndefinedVariableError) throw new AnsibleFilterError(`${name} - ${e.message}. ${e.message}`)
    if (e instanceof RepresenterError) throw new AnsibleFilterError(`${name} - ('cannot represent an object', ${pyRepr(e.value)})`)
    throw e
  }
}

export { toText }

export function toBool(a: unknown): unknown {
  if (a === null || typeof a === 'boolean') return a
  let v = defined(a)
  if (typeof v === 'string') v = v.toLowerCase()
  if (v === 'yes' || v === 'on' || v === '1' || v === 'true' || (isNumber(v) && toNumber(v) === 1)) return true
  return false
}

/** Ansible's is_sequence: a list or tuple (not a string). */
function isSequence(v: unknown): v is unknown[] {
  return Array.isArray(v)
}

function asDict(v: unknown): Record<string, unknown> {
  if (isLazyMapping(v)) return Object.fromEntries(v.keys().map((k) => [k, v.get(k)]))
  return v as Record<string, unknown>
}

function flatten(list: unknown, levels: unknown = null, skipNulls = true): unknown[] {
  const ret: unknown[] = []
  for (const el of iterOf(list)) {
    if (skipNulls && (el === null || el === 'None' || el === 'null')) continue
    if (isSequence(el)) {
      if (levels === null || levels === undefined) ret.push(...flatten(el, null, skipNulls))
      else if (toNumber(levels) >= 1) ret.push(...flatten(el, Math.trunc(toNumber(levels)) - 1, skipNulls))
      else ret.push(el)
    } else ret.push(el)
  }
  return ret
}

export function iterOf(v: unknown): unknown[] {
  v = defined(v)
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return Array.from(v)
  if (isLazyMapping(v)) return v.keys()
  if (isDict(v)) return Object.keys(v)
  if (v instanceof Set) return [...v]
  throw filterTypeError(`'${pyTypeNameOf(v)}' object is not iterable`)
}

/** type(v).__name__ */
function pyTypeNameOf(v: unknown): string {
  return pyClassRepr(v).slice(8, -2).split('.').pop()!
}

const LIST_MERGE = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']

function contains(list: unknown[], x: unknown): boolean {
  return list.some((y) => pyEq(y, x))
}

function mergeHash(x: Record<string, unknown>, y: Record<string, unknown>, recursive = true, listMerge = 'replace'): Record<string, unknown> {
  if (!LIST_MERGE.includes(listMerge)) {
    throw new AnsibleError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'")
  }
  if (!isMapping(x) || !isMapping(y)) {
    throw new AnsibleError(`failed to combine variables, expected dicts but got a '${pyTypeNameOf(x)}' and a '${pyTypeNameOf(y)}': `)
  }
  x = asDict(x)
  y = asDict(y)
  if (Object.keys(x).length === 0 || pyEq(x, y)) return { ...y }
  const out = { ...x }
  if (!recursive && listMerge === 'replace') return Object.assign(out, asDict(y))
  for (const [k, yv] of Object.entries(y)) {
    if (!(k in out)) {
      out[k] = yv
      continue
    }
    const xv = out[k]
    if (isMapping(xv) && isMapping(yv)) {
      out[k] = recursive ? mergeHash(asDict(xv), asDict(yv), recursive, listMerge) : yv
      continue
    }
    if (Array.isArray(xv) && Array.isArray(yv) && !(xv instanceof PyTuple) && !(yv instanceof PyTuple)) {
      if (listMerge === 'replace') out[k] = yv
      else if (listMerge === 'append') out[k] = [...xv, ...yv]
      else if (listMerge === 'prepend') out[k] = [...yv, ...xv]
      else if (listMerge === 'append_rp') out[k] = [...xv.filter((z) => !contains(yv, z)), ...yv]
      else if (listMerge === 'prepend_rp') out[k] = [...yv, ...xv.filter((z) => !contains(yv, z))]
      continue
    }
    out[k] = yv
  }
  return out
}

function recursiveCheckDefined(item: unknown): void {
  if (isDict(item)) for (const k of Object.keys(item)) recursiveCheckDefined(item[k])
  else if (Array.isArray(item)) item.forEach(recursiveCheckDefined)
  else defined(item)
}

const combine: FilterFn = (input, args, kwargs) => {
  const kw = { ...kwargs }
  const recursive = kw.recursive ?? false
  const listMerge = kw.list_merge ?? 'replace'
  delete kw.recursive
  delete kw.list_merge
  if (Object.keys(kw).length) throw new AnsibleFilterError("'recursive' and 'list_merge' are the only valid keyword arguments")
  const dicts = flatten([input, ...args], 1)
  recursiveCheckDefined(dicts)
  if (dicts.length === 0) return {}
  if (dicts.length === 1) return dicts[0]
  const rev = [...dicts].reverse()
  let result = rev[0] as Record<string, unknown>
  for (const d of rev.slice(1)) result = mergeHash(d as Record<string, unknown>, result, pyTruthy(recursive), pyStr(listMerge))
  return result
}

function regexFlags(kw: { ignorecase?: unknown; multiline?: unknown }) {
  return { ignorecase: pyTruthy(kw.ignorecase), multiline: pyTruthy(kw.multiline) }
}

/** re.match(...).group(1) on no match fails as Python does. */
function noneGroup(m: RegExpExecArray | null): RegExpExecArray {
  if (m) return m
  const e = new Error("'NoneType' object has no attribute 'group'") as Error & { pyClass: string }
  e.pyClass = 'AttributeError'
  throw e
}

const regexSearch: FilterFn = (input, args, kwargs) => {
  const value = toText(input)
  const [regex, ...rest] = args
  const groups: (number | string)[] = []
  for (const arg of rest) {
    const a = pyStr(arg)
    if (a.startsWith('\\g')) groups.push(noneGroup(/^\\g<(\S+)>/.exec(a))[1])
    else if (a.startsWith('\\')) groups.push(Number(noneGroup(/^\\(\d+)/.exec(a))[1]))
    else throw new AnsibleFilterError('Unknown argument')
  }
  const re = new PyRegex(pyStr(regex), regexFlags(kwargs))
  const m = re.search(value)
  if (!m) return null
  if (!groups.length) return m[0]
  return groups.map((g) => re.group(m, g))
}

function subelements(obj: unknown, sub: unknown, skipMissing: unknown = false): unknown[] {
  let elements: unknown[]
  if (isMapping(obj)) elements = Object.values(asDict(obj))
  else if (Array.isArray(obj)) elements = [...obj]
  else throw new AnsibleFilterError('obj must be a list of dicts or a nested dict')
  let keys: unknown[]
  if (Array.isArray(sub)) keys = [...sub]
  else if (typeof sub === 'string') keys = sub.split('.')
  else throw filterTypeError('subelements must be a list or a string')
  const results: unknown[] = []
  for (const el of elements) {
    let values: unknown = el
    for (const k of keys) {
      if (isMapping(values)) {
        const d = asDict(values)
        if (!Object.prototype.hasOwnProperty.call(d, pyStr(k))) {
          if (pyTruthy(skipMissing)) {
            values = []
            break
          }
          throw new AnsibleFilterError(`could not find ${pyRepr(k)} key in iterated item ${pyRepr(values)}`)
        }
        values = d[pyStr(k)]
      } else throw filterTypeError(`the key ${pyStr(k)} should point to a dictionary, got '${pyStr(values)}'`)
    }
    if (!Array.isArray(values)) throw filterTypeError(`the key ${pyRepr(keys[keys.length - 1])} should point to a list, got ${pyRepr(values)}`)
    for (const v of values) results.push(pyTuple([el, v]))
  }
  return results
}

function pathFilter(fn: (p: string) => unknown): FilterFn {
  return (input) => fn(path.pathStr(defined(input)))
}

export const coreFilters: Record<string, FilterFn> = {
  bool: (input) => toBool(input),
  ternary: (input, args, kwargs) => {
    const { true_val, false_val, none_val } = bindArgs('ternary', args, kwargs, ['true_val', 'false_val', 'none_val'], { none_val: null })
    if (true_val === undefined || false_val === undefined) throw filterTypeError("ternary() missing 1 required positional argument: 'false_val'")
    if (input === null && none_val !== null) return none_val
    return pyTruthy(defined(input)) ? true_val : false_val
  },
  combine,
  dict2items: (input, args, kwargs) => {
    const { key_name, value_name } = bindArgs('dict2items', args, kwargs, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
    const d = defined(input)
    if (!isMapping(d)) throw filterTypeError(`dict2items requires a dictionary, got ${pyClassRepr(d)} instead.`)
    return Object.entries(asDict(d)).map(([k, v]) => ({ [pyStr(key_name)]: k, [pyStr(value_name)]: v }))
  },
  items2dict: (input, args, kwargs) => {
    const { key_name, value_name } = bindArgs('items2dict', args, kwargs, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' })
    const l = defined(input)
    if (!isSequence(l)) throw filterTypeError(`items2dict requires a list, got ${pyClassRepr(l)} instead.`)
    const out: Record<string, unknown> = {}
    for (const item of l) {
      if (!isMapping(item)) throw filterTypeError(`items2dict requires a list of dictionaries, got ${pyStr(l)} instead.`)
      const d = asDict(item)
      const [k, v] = [pyStr(key_name), pyStr(value_name)]
      if (!(k in d) || !(v in d)) throw filterTypeError(`items2dict requires each dictionary in the list to contain the keys '${k}' and '${v}', got ${pyStr(l)} instead.`)
      out[pyStr(d[k])] = d[v]
    }
    return out
  },
  to_json: (input, args, kwargs) => jsonDumps(input, dumpsKw(kwargs, {})),
  to_nice_json: (input, args, kwargs) => {
    const { indent, sort_keys } = bindArgs('to_nice_json', args, kwargs, ['indent', 'sort_keys', 'ensure_ascii', 'separators'], { indent: 4, sort_keys: true })
    return jsonDumps(input, dumpsKw(kwargs, { indent: indent as number, sortKeys: pyTruthy(sort_keys), separators: [',', ': '] }))
  },
  to_yaml: (input, args, kwargs) => yamlDump('to_yaml', input, yamlKw('to_yaml', kwargs, { defaultFlowStyle: null })),
  to_nice_yaml: (input, args, kwargs) => {
    const { indent } = bindArgs('to_nice_yaml', args, {}, ['indent'], { indent: kwargs.indent ?? 4 })
    const kw = { ...kwargs }
    delete kw.indent
    return yamlDump('to_nice_yaml', input, yamlKw('to_nice_yaml', kw, { indent: toNumber(indent), defaultFlowStyle: false }))
  },
  from_json: (input) => {
    const v = defined(input)
    if (typeof v !== 'string') throw filterTypeError(`the JSON object must be str, bytes or bytearray, not ${pyTypeNameOf(v)}`)
    return jsonLoads(v)
  },
  from_yaml: (input) => (typeof input === 'string' ? loadYaml(input) : input),
  from_yaml_all: (input) => (typeof input === 'string' ? loadYamlAll(input) : input),
  regex_replace: (input, args, kwargs) => {
    const { value, pattern, replacement, ignorecase, multiline } = bindArgs('regex_replace', [input, ...args], kwargs, ['value', 'pattern', 'replacement', 'ignorecase', 'multiline'], {
      pattern: '',
      replacement: '',
      ignorecase: false,
      multiline: false,
    })
    return new PyRegex(pyStr(pattern), regexFlags({ ignorecase, multiline })).sub(toText(value), pyStr(replacement))
  },
  regex_findall: (input, args, kwargs) => {
    const { regex, multiline, ignorecase } = bindArgs('regex_findall', args, kwargs, ['regex', 'multiline', 'ignorecase'], { multiline: false, ignorecase: false })
    return new PyRegex(pyStr(regex), regexFlags({ ignorecase, multiline })).findall(toText(input))
  },
  regex_search: regexSearch,
  regex_escape: (input, args, kwargs) => {
    const { re_type } = bindArgs('regex_escape', args, kwargs, ['re_type'], { re_type: 'python' })
    const s = toText(input)
    if (re_type === 'python') return reEscape(s)
    if (re_type === 'posix_basic') return s.replace(/([\].[^$*\\])/g, '\\$1')
    if (re_type === 'posix_extended') throw new AnsibleFilterError(`Regex type (${pyStr(re_type)}) not yet implemented`)
    throw new AnsibleFilterError(`Invalid regex type (${pyStr(re_type)})`)
  },
  basename: pathFilter(path.basename),
  dirname: pathFilter(path.dirname),
  expanduser: pathFilter(path.expanduser),
  expandvars: pathFilter(path.expandvars),
  realpath: impure(pathFilter(path.realpath)),
  relpath: (input, args, kwargs) => {
    const { start } = bindArgs('relpath', args, kwargs, ['start'], { start: '.' })
    const p = path.pathStr(defined(input))
    if (!p) throw new PyError('ValueError', 'no path specified')
    return path.relpath(p, path.pathStr(start))
  },
  splitext: pathFilter((p) => pyTuple(path.splitext(p))),
  win_basename: pathFilter(path.winBasename),
  win_dirname: pathFilter(path.winDirname),
  win_splitdrive: pathFilter((p) => pyTuple(path.winSplitdrive(p))),
  fileglob: impure((input: unknown) => {
    const pattern = toText(input)
    const dir = path.dirname(pattern)
    return path.glob(dir || '.', path.basename(pattern)).map((f) => (dir ? f : path.basename(f)))
  }),
  path_join: (input) => {
    const p = defined(input)
    if (typeof p === 'string') return p
    if (isSequence(p)) {
      if (p.length === 0) throw filterTypeError("join() missing 1 required positional argument: 'a'")
      const parts = p.map((x) => path.pathStr(x))
      return path.join(parts[0], ...parts.slice(1))
    }
    throw filterTypeError(`|path_join expects string or sequence, got ${pyClassRepr(p)} instead.`)
  },
  quote: (input) => shlexQuote(input === null ? '' : toText(input)),
  md5: (input) => hashOf(input, 'md5'),
  sha1: (input) => hashOf(input, 'sha1'),
  checksum: (input) => hashOf(input, 'sha1'),
  hash: (input, args, kwargs) => hashOf(input, pyStr(bindArgs('hash', args, kwargs, ['hashtype'], { hashtype: 'sha1' }).hashtype)),
  b64encode: (input, args, kwargs) => {
    const { encoding } = bindArgs('b64encode', args, kwargs, ['encoding'], { encoding: 'utf-8' })
    const enc = pyStr(encoding).toLowerCase().replace(/[-_]/g, '')
    return Buffer.from(toText(input), enc === 'utf16le' || enc === 'utf16' ? 'utf16le' : enc === 'latin1' ? 'latin1' : 'utf8').toString('base64')
  },
  b64decode: (input, args, kwargs) => {
    const { encoding } = bindArgs('b64decode', args, kwargs, ['encoding'], { encoding: 'utf-8' })
    return b64decode(toText(input), pyStr(encoding))
  },
  to_uuid: (input, args, kwargs) => {
    const { namespace } = bindArgs('to_uuid', args, kwargs, ['namespace'], { namespace: UUID_NAMESPACE_ANSIBLE })
    return uuid5(pyStr(namespace), toText(input))
  },
  mandatory: (input, args, kwargs) => {
    const { msg } = bindArgs('mandatory', args, kwargs, ['msg'], { msg: null })
    if (input instanceof Undefined) {
      if (msg !== null) throw new AnsibleFilterError(pyStr(msg))
      const name = input.owner === undefined && !input.hint ? `'${input.name}' ` : `'${input.name}' `
      throw new AnsibleFilterError(`Mandatory variable ${name} not defined.`)
    }
    return input
  },
  comment: (input, args, kwargs) => comment(input, args, kwargs),
  type_debug: (input) => pyTypeNameOf(input),
  extract: (input, args, kwargs) => {
    const { container, morekeys } = bindArgs('extract', args, kwargs, ['container', 'morekeys'], { morekeys: null })
    const keys = morekeys === null ? [input] : Array.isArray(morekeys) ? [input, ...morekeys] : [input, morekeys]
    let value = container
    for (const k of keys) value = getitem(value, k)
    return value
  },
  flatten: (input, args, kwargs) => {
    const { levels, skip_nulls } = bindArgs('flatten', args, kwargs, ['levels', 'skip_nulls'], { levels: null, skip_nulls: true })
    return flatten(input, levels, pyTruthy(skip_nulls))
  },
  subelements: (input, args, kwargs) => {
    const { subelements: s, skip_missing } = bindArgs('subelements', args, kwargs, ['subelements', 'skip_missing'], { skip_missing: false })
    return subelements(defined(input), s, skip_missing)
  },
  split: (input, args, kwargs) => {
    const { sep, maxsplit } = bindArgs('split', args, kwargs, ['sep', 'maxsplit'], { sep: null, maxsplit: -1 })
    const s = defined(input)
    if (typeof s !== 'string') throw filterTypeError(`descriptor 'split' for 'str' objects doesn't apply to a '${pyTypeNameOf(s)}' object`)
    return pySplit(s, sep, maxsplit)
  },
  urlsplit: (input, args, kwargs) => {
    const { query } = bindArgs('urlsplit', args, kwargs, ['query'], { query: '' })
    const r = urlsplit(toText(input))
    if (pyTruthy(query)) {
      const q = pyStr(query)
      if (!(q in r)) throw new AnsibleFilterError(`urlsplit: unknown URL component: ${q}`)
      return r[q]
    }
    return r
  },
  password_hash: impure(passwordHash),
  urldecode: (input) => {
    const v = defined(input)
    if (typeof v !== 'string') throw new PyError('AttributeError', `'${pyTypeNameOf(v)}' object has no attribute 'replace'`)
    return unquotePlus(v)
  },
  strftime: (input, args, kwargs) => {
    const { second, utc } = bindArgs('strftime', args, kwargs, ['second', 'utc'], { second: null, utc: false })
    let secs: number | null = null
    if (second !== null) {
      const n = typeof second === 'string' ? Number(second.trim()) : isNumber(second) ? toNumber(second) : NaN
      if (Number.isNaN(n) || (typeof second === 'string' && second.trim() === '')) throw new AnsibleFilterError(`Invalid value for epoch value (${pyStr(second)})`)
      secs = n
    }
    return strftime(toText(input), secs, pyTruthy(utc))
  },
  random: impure((input: unknown, args: unknown[], kwargs: Kwargs) => {
    const { start, step, seed } = bindArgs('random', args, kwargs, ['start', 'step', 'seed'], { start: null, step: null, seed: null })
    const r = new PyRandom(seed === null ? Math.floor(Math.random() * 2 ** 52) : seed)
    const end = defined(input)
    if (typeof end === 'number' && Number.isInteger(end)) return r.randrange(pyTruthy(start) ? toNumber(start) : 0, end, pyTruthy(step) ? toNumber(step) : 1)
    if (typeof end === 'string' || Array.isArray(end) || isMapping(end)) {
      if (pyTruthy(start) || pyTruthy(step)) throw new AnsibleFilterError('start and step can only be used with integer values')
      return r.choice(iterOf(end))
    }
    throw new AnsibleFilterError('random can only be used on sequences and integers')
  }),
  shuffle: impure((input: unknown, args: unknown[], kwargs: Kwargs) => {
    const { seed } = bindArgs('shuffle', args, kwargs, ['seed'], { seed: null })
    // randomize_list: any error (a value that is not iterable, a bad seed) gives what it had.
    let l: unknown[]
    try {
      l = [...iterOf(input)]
    } catch {
      return input
    }
    try {
      new PyRandom(pyTruthy(seed) ? seed : Math.floor(Math.random() * 2 ** 52)).shuffle(l)
    } catch {
      // the list as it was
    }
    return l
  }),
}

function dumpsKw(kwargs: Kwargs, base: Parameters<typeof jsonDumps>[1]): Parameters<typeof jsonDumps>[1] {
  // An undefined value anywhere in the data fails as Ansible's strict undefined does; vault
  // values are written as their plaintext unless vault_to_text=false (2.14's filter default).
  const o = { ...base, default: defined, vaultToText: 'vault_to_text' in kwargs ? pyTruthy(kwargs.vault_to_text) : true }
  if ('indent' in kwargs) o!.indent = kwargs.indent === null ? null : typeof kwargs.indent === 'string' ? kwargs.indent : toNumber(kwargs.indent)
  if ('sort_keys' in kwargs) o!.sortKeys = pyTruthy(kwargs.sort_keys)
  if ('ensure_ascii' in kwargs) o!.ensureAscii = pyTruthy(kwargs.ensure_ascii)
  if ('separators' in kwargs && Array.isArray(kwargs.separators)) o!.separators = kwargs.separators.map(pyStr) as [string, string]
  if (o!.indent !== null && o!.indent !== undefined && !('separators' in kwargs) && !base?.separators) o!.separators = [',', ': ']
  return o
}
