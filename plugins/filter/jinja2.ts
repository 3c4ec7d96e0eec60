/**
 * Jinja2 3.1's builtin filters, with Python value semantics (what `| list`, `| join`,
 * `| map(attribute=)`, `| selectattr`, `| default`... do in Ansible 2.14's Jinja2).
 */
import { pyRound } from '../../src/py/round.js'
import { bindArgs, defineFilters, type FilterFn, type TemplateContext } from '../../src/plugin-api/types.js'
import { Undefined } from '../../src/py/undefined.js'
import { isDict, isFloat, isNumber, PyFloat, pyFloat, pyRepr, pyStr, pyTruthy, pyTuple, pyTypeName, toNumber } from '../../src/py/values.js'
import { isLazyMapping } from '../../src/template/types.js'
import { getattr, getitem } from '../../src/template/runtime/attrs.js'
import { add, order, PyTypeError } from '../../src/template/runtime/ops.js'
import { pyPercentFormat } from '../../src/template/runtime/pyformat.js'
import { defined } from '../../src/template/runtime/strict.js'
import { iterate } from '../../src/template/engine/compile-stmt.js'
import { jinjaUnique } from './jinja2-lists.js'
import { jinjaStringFilters } from './jinja2-strings.js'
import { impure } from '../../src/template/provenance.js'
import { markReadOnly } from '../../src/template/engine/traits.js'

/** `a.b.0`-style attribute paths of map/sort/groupby/selectattr (Jinja2's make_attrgetter). */
export function attrGetter(attribute: unknown, dflt?: unknown): (v: unknown) => unknown {
  const parts = attribute === null || attribute === undefined ? [] : String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  return (v) => {
    let x = v
    for (const p of parts) x = getitem(x, p)
    if (x instanceof Undefined && dflt !== undefined) return dflt
    return x
  }
}

function dictAttr(value: unknown, name: string): unknown {
  const m = getattr({}, name)
  return m instanceof Undefined ? new Undefined(name, "'dict object'") : getattr(value, name)
}

function items(v: unknown): unknown[] {
  return iterate(defined(v))
}

/** select/reject/selectattr/rejectattr share Jinja2's `prepare_select_or_reject`. */
function selectOrReject(lookupAttr: boolean, keep: boolean): FilterFn {
  return (value, args, kwargs, ctx) => {
    let rest = args
    let get = (v: unknown) => v
    if (lookupAttr) {
      get = attrGetter(rest[0])
      rest = rest.slice(1)
    }
    const test = rest.length ? (v: unknown) => ctx.callTest(pyStr(rest[0]), v, rest.slice(1), kwargs) : (v: unknown) => pyTruthy(v)
    return items(value).filter((item) => test(get(item)) === keep)
  }
}

function mapFilter(value: unknown, args: unknown[], kwargs: Record<string, unknown>, ctx: TemplateContext): unknown[] {
  const seq = items(value)
  if (args.length === 0 && 'attribute' in kwargs) {
    const get = attrGetter(kwargs.attribute, kwargs.default)
    return seq.map(get)
  }
  const [name, ...rest] = args
  return seq.map((x) => ctx.callFilter(pyStr(name), x, rest, kwargs))
}

function toInt(value: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof value === 'string') {
    const s = value.trim().replace(/_/g, '')
    const b = toNumber(base)
    const re = b === 16 ? /^[-+]?(0x)?[0-9a-f]+$/i : b === 8 ? /^[-+]?(0o)?[0-7]+$/i : b === 2 ? /^[-+]?(0b)?[01]+$/i : /^[-+]?\d+$/
    if (re.test(s)) return parseInt(s.replace(/^([-+]?)0[xob]/i, '$1'), b)
    // Jinja2 falls back to int(float(value)) for '1.5'-like strings.
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return Math.trunc(Number(s))
    return dflt
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  if (isNumber(value)) return Math.trunc(toNumber(value))
  return dflt
}

function toFloat(value: unknown, dflt: unknown = new PyFloat(0)): unknown {
  if (isNumber(value) || typeof value === 'boolean') return pyFloat(toNumber(value))
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase()
    if (s === 'inf' || s === 'infinity' || s === '+inf') return Infinity
    if (s === '-inf' || s === '-infinity') return -Infinity
    if (s === 'nan') return NaN
    if (/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(e[-+]?\d+)?$/.test(s)) return pyFloat(Number(s.replace(/_/g, '')))
  }
  return dflt
}

function roundFilter(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const { precision, method } = bindArgs('round', args, kwargs, ['precision', 'method'], { precision: 0, method: 'common' })
  const p = toNumber(precision)
  const v = defined(value)
  const n = toNumber(v)
  if (method === 'common' && !isNumber(v) && typeof v !== 'boolean') throw new PyTypeError(`type ${pyTypeName(v)} doesn't define __round__ method`)
  // Python's round() of an int is an int.
  if (method === 'common' && !isFloat(v) && (typeof v === 'number' || typeof v === 'boolean')) return p >= 0 ? n : pyRound(n, p)
  const f = 10 ** p
  let r: number
  if (method === 'ceil') r = Math.ceil(n * f) / f
  else if (method === 'floor') r = Math.floor(n * f) / f
  else r = pyRound(n, p)
  return pyFloat(r)
}

function sortFilter(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const { reverse, case_sensitive, attribute } = bindArgs('sort', args, kwargs, ['reverse', 'case_sensitive', 'attribute'], {
    reverse: false,
    case_sensitive: false,
    attribute: null,
  })
  const get = attrGetter(attribute)
  const key = (v: unknown) => {
    const x = get(v)
    return !case_sensitive && typeof x === 'string' ? x.toLowerCase() : x
  }
  const out = [...items(value)].sort((a, b) => order(key(a), key(b)))
  return pyTruthy(reverse) ? out.reverse() : out
}

function dictsort(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const { case_sensitive, by, reverse } = bindArgs('dictsort', args, kwargs, ['case_sensitive', 'by', 'reverse'], {
    case_sensitive: false,
    by: 'key',
    reverse: false,
  })
  const d = defined(value)
  const pairs = (isLazyMapping(d) ? d.keys().map((k) => [k, d.get(k)]) : Object.entries(d as Record<string, unknown>)).map((p) => pyTuple(p))
  const pos = by === 'value' ? 1 : 0
  const key = (p: unknown[]) => (typeof p[pos] === 'string' && !case_sensitive ? (p[pos] as string).toLowerCase() : p[pos])
  pairs.sort((a, b) => order(key(a), key(b)))
  return pyTruthy(reverse) ? pairs.reverse() : pairs
}

function minmax(sign: number): FilterFn {
  return (value, args, kwargs) => {
    const { case_sensitive, attribute } = bindArgs('min', args, kwargs, ['case_sensitive', 'attribute'], { case_sensitive: false, attribute: null })
    const seq = items(value)
    if (seq.length === 0) return new Undefined('', undefined, 'No aggregated item, sequence was empty.')
    const get = attrGetter(attribute)
    const key = (v: unknown) => {
      const x = get(v)
      return !case_sensitive && typeof x === 'string' ? x.toLowerCase() : x
    }
    return seq.reduce((best, x) => (order(key(x), key(best)) * sign > 0 ? x : best))
  }
}

function groupby(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const { attribute, default: dflt } = bindArgs('groupby', args, kwargs, ['attribute', 'default'], { default: undefined })
  const get = attrGetter(attribute, dflt)
  const sorted = [...items(value)].sort((a, b) => order(get(a), get(b)))
  const groups: [unknown, unknown[]][] = []
  for (const item of sorted) {
    const k = get(item)
    const last = groups.at(-1)
    if (last && pyRepr(last[0]) === pyRepr(k)) last[1].push(item)
    else groups.push([k, [item]])
  }
  return groups.map(([k, list]) => pyTuple([k, list]))
}

function batch(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[][] {
  const { linecount, fill_with } = bindArgs('batch', args, kwargs, ['linecount', 'fill_with'], { fill_with: null })
  const n = toNumber(linecount)
  const seq = items(value)
  const out: unknown[][] = []
  for (let i = 0; i < seq.length; i += n) out.push(seq.slice(i, i + n))
  const last = out.at(-1)
  if (last && fill_with !== null && last.length < n) while (last.length < n) last.push(fill_with)
  return out
}

function slice(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[][] {
  const { slices, fill_with } = bindArgs('slice', args, kwargs, ['slices', 'fill_with'], { fill_with: null })
  const seq = items(value)
  const n = toNumber(slices)
  const per = Math.floor(seq.length / n)
  const extra = seq.length % n
  const out: unknown[][] = []
  let offset = 0
  for (let i = 0; i < n; i++) {
    const start = offset + i * per
    if (i < extra) offset++
    const end = offset + (i + 1) * per
    const part = seq.slice(start, end)
    if (fill_with !== null && i >= extra && extra > 0) part.push(fill_with)
    out.push(part)
  }
  return out
}

function sumFilter(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const { attribute, start } = bindArgs('sum', args, kwargs, ['attribute', 'start'], { attribute: null, start: 0 })
  const get = attribute === null ? (v: unknown) => v : attrGetter(attribute)
  return items(value).reduce((acc: unknown, x) => add(acc, get(x)), start)
}

export const jinja2Filters: Record<string, FilterFn> = {
  ...jinjaStringFilters,
  default: (value, args, kwargs) => {
    const { default_value, boolean } = bindArgs('default', args, kwargs, ['default_value', 'boolean'], { default_value: '', boolean: false })
    if (value instanceof Undefined || (pyTruthy(boolean) && !pyTruthy(value))) return default_value
    return value
  },
  list: (value) => {
    const v = defined(value)
    return typeof v === 'string' ? Array.from(v) : [...items(v)]
  },
  length: (value) => lengthOf(value),
  count: (value) => lengthOf(value),
  first: (value) => {
    const seq = items(value)
    return seq.length ? seq[0] : new Undefined('', undefined, 'No first item, sequence was empty.')
  },
  last: (value) => {
    const seq = items(value)
    return seq.length ? seq[seq.length - 1] : new Undefined('', undefined, 'No last item, sequence was empty.')
  },
  join: (value, args, kwargs) => {
    const { d, attribute } = bindArgs('join', args, kwargs, ['d', 'attribute'], { d: '', attribute: null })
    const get = attribute === null ? (v: unknown) => v : attrGetter(attribute)
    return items(value).map((x) => pyStr(defined(get(x)))).join(pyStr(defined(d)))
  },
  map: mapFilter,
  select: selectOrReject(false, true),
  reject: selectOrReject(false, false),
  selectattr: selectOrReject(true, true),
  rejectattr: selectOrReject(true, false),
  unique: jinjaUnique,
  sort: sortFilter,
  dictsort,
  items: (value) => {
    const v = defined(value)
    if (isLazyMapping(v)) return v.keys().map((k) => pyTuple([k, v.get(k)]))
    return Object.entries(v as Record<string, unknown>).map((p) => pyTuple(p))
  },
  min: minmax(-1),
  max: minmax(1),
  sum: sumFilter,
  reverse: (value) => {
    const v = defined(value)
    return typeof v === 'string' ? Array.from(v).reverse().join('') : [...items(v)].reverse()
  },
  int: (value, args, kwargs) => {
    const { default: d, base } = bindArgs('int', args, kwargs, ['default', 'base'], { default: 0, base: 10 })
    return toInt(defined(value), d, base)
  },
  float: (value, args, kwargs) => toFloat(defined(value), bindArgs('float', args, kwargs, ['default'], { default: new PyFloat(0) }).default),
  abs: (value) => {
    const v = defined(value)
    return isFloat(v) ? pyFloat(Math.abs(toNumber(v))) : Math.abs(toNumber(v))
  },
  round: roundFilter,
  string: (value) => pyStr(defined(value)),
  // Jinja2's attr() is Python's getattr: a dict's keys are not attributes.
  attr: (value, [name]) => (isDict(value) || isLazyMapping(value) ? dictAttr(value, pyStr(name)) : getattr(value, pyStr(name))),
  batch,
  slice,
  groupby,
  random: impure((value: unknown) => {
    const seq = items(value)
    return seq[Math.floor(Math.random() * seq.length)]
  }),
  format: (value, args, kwargs) => pyPercentFormat(pyStr(defined(value)), Object.keys(kwargs).length ? kwargs : pyTuple(args)),
  tojson: (value, args, kwargs) => JSON.stringify(defined(value), null, kwargs.indent === undefined ? undefined : toNumber(kwargs.indent)).replace(/[<>&']/g, (c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  pprint: (value) => pyRepr(value),
  filesizeformat: (value, args, kwargs) => {
    const { binary } = bindArgs('filesizeformat', args, kwargs, ['binary'], { binary: false })
    const bytes = toNumber(toFloat(defined(value)))
    const base = binary ? 1024 : 1000
    const units = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB']
    if (bytes === 1) return '1 Byte'
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`
    let unit = units[0]
    let div = base
    for (let i = 0; i < units.length; i++) {
      unit = units[i]
      div = base ** (i + 2)
      if (bytes < div) break
    }
    return `${((base * bytes) / div).toFixed(1)} ${unit}`
  },
}

function lengthOf(value: unknown): number {
  const v = defined(value)
  if (typeof v === 'string') return Array.from(v).length
  if (Array.isArray(v)) return v.length
  if (isLazyMapping(v)) return v.keys().length
  if (isDict(v)) return Object.keys(v).length
  if (v instanceof Set) return v.size
  throw new TypeError(`object of type '${typeof v}' has no len()`)
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(jinja2Filters))

export default defineFilters(jinja2Filters)

