/**
 * ansible-core 2.14's lookups under their short and `ansible.builtin.` names, with
 * Ansible's error texts. Files are found as `find_file_in_search_path` finds them
 * (`ctx.findFile(name, 'files' | 'templates')`).
 */
import { execSync } from 'node:child_process'
import {
  isDict,
  isLazyMapping,
  PluginError,
  posixpath,
  pyLstrip,
  pyPercentFormat,
  pyRepr,
  pyRstrip,
  pyStr,
  pyTruthy,
  pyTuple,
  Undefined,
  UndefinedVariableError,
  type LookupFn,
  type TemplateContext,
} from '../../src/plugin-kit.js'
import { unvault } from './unvault.js'

/** AnsibleError raised by a lookup: Ansible re-raises it unchanged. */
class AnsibleLookupError extends PluginError {
  readonly pyClass: string = 'AnsibleError'
  constructor(message: string, pyClass = 'AnsibleError') {
    super(message)
    this.name = pyClass
    this.pyClass = pyClass
  }
}

/** LookupBase._flatten: one level of lists. */
function flat(terms: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const t of terms) {
    if (Array.isArray(t)) out.push(...t)
    else out.push(t)
  }
  return out
}

const file: LookupFn = (terms, kwargs, ctx) =>
  terms.map((t) => {
    const term = pyStr(t)
    const found = ctx.findFile(term, 'files')
    if (!found) throw new AnsibleLookupError(`could not locate file in lookup: ${term}`)
    let contents = ctx.readFile(found).toString('utf8')
    if (pyTruthy(kwargs.lstrip ?? false)) contents = pyLstrip(contents)
    if (pyTruthy(kwargs.rstrip ?? true)) contents = pyRstrip(contents)
    return contents
  })

const template: LookupFn = (terms, kwargs, ctx) =>
  terms.map((t) => {
    const term = pyStr(t)
    const found = ctx.findFile(term, 'templates')
    if (!found) throw new AnsibleLookupError(`the template file ${term} could not be found for the lookup`)
    // Ansible's template variables (template_path, ansible_managed...), then template_vars.
    const vars = { ...ctx.templateVars(term, found), ...(isDict(kwargs.template_vars) ? kwargs.template_vars : {}) }
    // Delimiter options reach the environment as a '#jinja2:' override line would.
    const delims = ['variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string', 'block_start_string', 'block_end_string']
      .filter((k) => typeof kwargs[k] === 'string')
      .map((k) => `${k}:${pyRepr(kwargs[k])}`)
    const text = ctx.readFile(found).toString('utf8')
    return ctx.renderTemplate(delims.length ? `#jinja2:${delims.join(',')}\n${text}` : text, { path: found, vars })
  })

const env: LookupFn = (terms, kwargs) =>
  terms.map((t) => {
    const name = pyStr(t).trim().split(/\s+/)[0]
    const v = process.env[name]
    return v === undefined ? (kwargs.default ?? '') : v
  })

const pipe: LookupFn = (terms) =>
  terms.map((t) => {
    const term = pyStr(t)
    try {
      return pyRstrip(execSync(term, { encoding: 'utf8', shell: '/bin/sh', stdio: ['ignore', 'pipe', 'inherit'] }))
    } catch (e) {
      throw new AnsibleLookupError(`lookup_plugin.pipe(${term}) returned ${(e as { status?: number }).status ?? 1}`)
    }
  })

const lines: LookupFn = (terms) =>
  terms.flatMap((t) => {
    const term = pyStr(t)
    try {
      return execSync(term, { encoding: 'utf8', shell: '/bin/sh', stdio: ['ignore', 'pipe', 'inherit'] }).split(/\r\n|\n|\r/).filter((l, i, a) => i < a.length - 1 || l !== '')
    } catch (e) {
      throw new AnsibleLookupError(`lookup_plugin.lines(${term}) returned ${(e as { status?: number }).status ?? 1}`)
    }
  })

const vars: LookupFn = (terms, kwargs, ctx) => {
  const out: unknown[] = []
  const dflt = kwargs.default ?? null
  for (const t of terms) {
    if (typeof t !== 'string') throw new AnsibleLookupError(`Invalid setting identifier, "${pyStr(t)}" is not a string, its a <class '${t === null ? 'NoneType' : Array.isArray(t) ? 'list' : typeof t === 'number' ? 'int' : 'dict'}'>`)
    let v = ctx.lookup(t)
    if (v instanceof Undefined) {
      const hv = ctx.lookup('hostvars')
      const host = ctx.lookup('inventory_hostname')
      if (isLazyMapping(hv) && typeof host === 'string' && hv.has(host)) {
        const h = hv.get(host)
        if (isLazyMapping(h) && h.has(t)) v = h.get(t)
        else if (isDict(h) && t in h) v = h[t]
      }
    }
    if (v instanceof Undefined) {
      if (dflt !== null) {
        out.push(dflt)
        continue
      }
      throw new UndefinedVariableError(`No variable found with this name: ${t}`)
    }
    out.push(v)
  }
  return out
}

const dict: LookupFn = (terms) => {
  const out: unknown[] = []
  for (const t of terms) {
    if (isLazyMapping(t)) for (const k of t.keys()) out.push({ key: k, value: t.get(k) })
    else if (isDict(t)) for (const [k, v] of Object.entries(t)) out.push({ key: k, value: v })
    else throw new AnsibleLookupError('with_dict expects a dict')
  }
  return out
}

function splitter(value: string, chars: string): string[] {
  const out: string[] = []
  let v = ''
  for (const c of value) {
    if (chars.includes(c)) {
      out.push(v)
      v = ''
    } else v += c
  }
  out.push(v)
  return out
}

function splitOn(terms: unknown, chars: string): string[] {
  if (typeof terms === 'string') return splitter(terms, chars)
  if (Array.isArray(terms)) return terms.flatMap((t) => splitOn(t, chars))
  return []
}

function firstFoundTerms(terms: unknown[], kwargs: Record<string, unknown>): { search: string[]; skip: boolean } {
  let total: string[] = []
  let skip = false
  for (const term of terms) {
    let opts: Record<string, unknown>
    if (isDict(term)) opts = term
    else if (typeof term === 'string') opts = kwargs
    else if (Array.isArray(term)) {
      const r = firstFoundTerms(term, kwargs)
      total.push(...r.search)
      skip = r.skip
      continue
    } else throw new AnsibleLookupError(`Invalid term supplied, can handle string, mapping or list of strings but got: <class '${term === null ? 'NoneType' : typeof term}'> for ${pyStr(term)}`, 'AnsibleLookupError')
    const files = opts.files ?? []
    const paths = opts.paths ?? []
    skip = pyTruthy(opts.skip ?? false)
    const filelist = splitOn(typeof files === 'string' ? [files] : files, ',;')
    const pathlist = splitOn(typeof paths === 'string' ? [paths] : paths, ',:;')
    if (pathlist.length) {
      for (const p of pathlist) for (const f of filelist) total.push(posixpath.join(p, f))
    } else if (filelist.length) total = filelist
    else total.push(pyStr(term))
  }
  return { search: total, skip }
}

const firstFound: LookupFn = (terms, kwargs, ctx) => {
  const { search, skip } = firstFoundTerms(terms, kwargs)
  for (const fn of search) {
    let name: unknown
    try {
      name = ctx.template(fn)
    } catch (e) {
      if (e instanceof UndefinedVariableError) continue
      throw e
    }
    const found = ctx.findFile(pyStr(name), 'files')
    if (found) return [found]
  }
  if (skip) return []
  throw new AnsibleLookupError('No file was found when using first_found.', 'AnsibleLookupError')
}

const fileglob: LookupFn = (terms, _kwargs, ctx) => {
  const out: string[] = []
  for (const t of terms) {
    const term = pyStr(t)
    const file = posixpath.basename(term)
    const dirs: string[] = []
    if (file !== term) {
      // The directory part is found like a file (find_file_in_search_path(..., 'files', dirname)).
      const d = ctx.findFile(posixpath.dirname(term), 'files')
      if (d) dirs.push(d)
    } else for (const p of ctx.searchPath) dirs.push(posixpath.join(p, 'files'), p)
    for (const d of dirs) {
      const found = posixpath.glob(d, file)
      if (found.length) {
        out.push(...found)
        break
      }
    }
  }
  return out
}

function pyInt0(s: string, what: string): number {
  const t = s.trim().toLowerCase().replace(/_/g, '')
  const m = /^([-+]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|0+|[1-9]\d*)$/.exec(t)
  if (!m) throw new AnsibleLookupError(`can't parse ${what}=${s} as integer`)
  const body = m[2]
  const n = body.startsWith('0x') ? parseInt(body.slice(2), 16) : body.startsWith('0o') ? parseInt(body.slice(2), 8) : body.startsWith('0b') ? parseInt(body.slice(2), 2) : Number(body)
  return m[1] === '-' ? -n : n
}

function sequenceOne(term: string): string[] {
  let start = 1
  let end: number | null = null
  let count: number | null = null
  let stride = 1
  let format = '%d'
  const m = /^((0?x?[0-9a-f]+)-)?(0?x?[0-9a-f]+)(\/(0?x?[0-9a-f]+))?(:(.+))?$/is.exec(term)
  if (m) {
    if (m[2] !== undefined) start = pyInt0(m[2], 'start')
    end = pyInt0(m[3], 'end')
    if (m[5] !== undefined) stride = pyInt0(m[5], 'stride')
    if (m[7] !== undefined) format = m[7]
  } else {
    const args: Record<string, string> = {}
    for (const part of term.trim().split(/\s+/)) {
      const eq = part.indexOf('=')
      if (eq > 0) args[part.slice(0, eq)] = part.slice(eq + 1).replace(/^(['"])(.*)\1$/, '$2')
      else args._raw_params = (args._raw_params ? args._raw_params + ' ' : '') + part
    }
    for (const k of ['start', 'end', 'count', 'stride']) {
      if (args[k] === undefined) continue
      const v = pyInt0(args[k], k)
      if (k === 'start') start = v
      else if (k === 'end') end = v
      else if (k === 'count') count = v
      else stride = v
      delete args[k]
    }
    if (args.format !== undefined) {
      format = args.format
      delete args.format
    }
    const rest = Object.keys(args)
    if (rest.length) throw new AnsibleLookupError(`unrecognized arguments to with_sequence: [${rest.map((k) => `'${k}'`).join(', ')}]`)
  }
  if (count === null && end === null) throw new AnsibleLookupError('must specify count or end in with_sequence')
  if (count !== null && end !== null) throw new AnsibleLookupError("can't specify both count and end in with_sequence")
  if (count !== null) {
    if (count !== 0) end = start + count * stride - 1
    else [start, end, stride] = [0, 0, 0]
  }
  if (stride > 0 && end! < start) throw new AnsibleLookupError('to count backwards make stride negative')
  if (stride < 0 && end! > start) throw new AnsibleLookupError("to count forward don't make stride negative")
  if (format.split('%').length - 1 !== 1) throw new AnsibleLookupError(`bad formatting string: ${format}`)
  if (stride === 0) return []
  const out: string[] = []
  const stop = end! + (stride >= 0 ? 1 : -1)
  for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) {
    try {
      out.push(pyPercentFormat(format, i))
    } catch {
      throw new AnsibleLookupError(`problem formatting ${i} with '${format}'`)
    }
  }
  return out
}

const sequence: LookupFn = (terms) => terms.flatMap((t) => sequenceOne(pyStr(t)))

const subelements: LookupFn = (terms) => {
  const err = (msg = '') => new AnsibleLookupError('subelements lookup expects a list of two or three items, ' + msg)
  if (terms.length < 2 || terms.length > 3) throw err()
  const [src, key, flags = {}] = terms
  if (!(Array.isArray(src) || isDict(src)) || typeof key !== 'string') throw err('first a dict or a list, second a string pointing to the subkey')
  const keys = key.split('.')
  let elements: unknown[]
  if (isDict(src)) {
    if ((src.skipped ?? false) !== false) return []
    elements = Object.values(src)
  } else elements = src
  if (!isDict(flags)) throw err("the optional third item must be a dict with flags ('skip_missing',)")
  const skipMissing = pyTruthy(flags.skip_missing ?? false)
  const ret: unknown[] = []
  for (const orig of elements) {
    if (!isDict(orig)) throw new AnsibleLookupError(`subelements lookup expects a dictionary, got '${pyStr(orig)}'`)
    if ((orig.skipped ?? false) !== false) continue
    // Ansible pops the list out of the (templated copy of the) item.
    const item0: Record<string, unknown> = { ...orig }
    let sub: Record<string, unknown> = item0
    let sublist: unknown[] = []
    keys.forEach((k, i) => {
      const last = i === keys.length - 1
      if (!(k in sub)) {
        if (skipMissing) return
        throw new AnsibleLookupError(`could not find '${k}' key in iterated item '${pyStr(sub)}'`)
      }
      if (!last) {
        if (!isDict(sub[k])) {
          if (skipMissing) return
          throw new AnsibleLookupError(`the key ${k} should point to a dictionary, got '${pyStr(sub[k])}'`)
        }
        sub[k] = { ...(sub[k] as Record<string, unknown>) }
        sub = sub[k] as Record<string, unknown>
      } else {
        if (!Array.isArray(sub[k])) throw new AnsibleLookupError(`the key ${k} should point to a list, got '${pyStr(sub[k])}'`)
        sublist = sub[k] as unknown[]
        delete sub[k]
      }
    })
    for (const item1 of sublist) ret.push(pyTuple([item0, item1]))
  }
  return ret
}

function listify(t: unknown, ctx: TemplateContext): unknown[] {
  const v = typeof t === 'string' ? ctx.template(t) : t
  return Array.isArray(v) ? v : [v]
}

const nested: LookupFn = (terms, _kwargs, ctx) => {
  const lists = terms.map((t) => listify(t, ctx))
  if (lists.length === 0) throw new AnsibleLookupError('with_nested requires at least one element in the nested list')
  let result: unknown[] = lists[0]
  for (const next of lists.slice(1)) result = result.flatMap((x) => next.map((y) => flat([x, y])))
  return result.map((x) => flat([x]).length === 1 && !Array.isArray(x) ? [x] : flat(x as unknown[]))
}

const together: LookupFn = (terms, _kwargs, ctx) => {
  const lists = terms.map((t) => listify(t, ctx))
  if (lists.length === 0) throw new AnsibleLookupError('with_together requires at least one element in each list')
  const n = Math.max(...lists.map((l) => l.length))
  return Array.from({ length: n }, (_, i) => flat(lists.map((l) => (i < l.length ? l[i] : null))))
}

const base: Record<string, LookupFn> = {
  file,
  template,
  env,
  pipe,
  lines,
  vars,
  items: (terms) => flat(terms),
  list: (terms) => terms,
  indexed_items: (terms) => flat(terms).map((x, i) => pyTuple([i, x])),
  dict,
  first_found: firstFound,
  fileglob,
  sequence,
  subelements,
  nested,
  cartesian: nested,
  together,
  unvault,
}

export const lookups: Record<string, LookupFn> = {}
for (const [name, fn] of Object.entries(base)) {
  lookups[name] = fn
  lookups[`ansible.builtin.${name}`] = fn
}

