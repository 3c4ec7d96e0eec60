/** Jinja2's filters over sequences and mappings: select/map, sort, groupby, batch, unique... */
import { bindArgs, type FilterFn, type TemplateContext } from '../../plugin-api/types.js'
import { Undefined } from '../../py/undefined.js'
import { isLazyMapping } from '../../py/lazy-mapping.js'
import { hashKey, isDict, pyRepr, pyStr, pyTruthy, pyTuple, toNumber } from '../../py/values.js'
import { add, order } from '../runtime/ops.js'
import { defined } from '../runtime/strict.js'
import { attrGetter, items } from './attr-getter.js'

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

/**
 * Jinja2's do_unique over items already iterated: the first of each key, keys compared as
 * a Python set compares them (1, 1.0 and True are one). Ansible's unique calls it too.
 */
export function uniqueItems(seq: unknown[], caseSensitive: boolean, attribute: unknown): unknown[] {
  const get = attribute === null ? (v: unknown) => v : attrGetter(attribute)
  const seen = new Set<string>()
  const out: unknown[] = []
  for (const item of seq) {
    let k = get(item)
    if (!caseSensitive && typeof k === 'string') k = k.toLowerCase()
    const key = hashKey(k)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(item)
  }
  return out
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

export const jinjaSequenceFilters: Record<string, FilterFn> = {
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
  unique: (value, args, kwargs) => {
    const { case_sensitive, attribute } = bindArgs('unique', args, kwargs, ['case_sensitive', 'attribute'], { case_sensitive: false, attribute: null })
    return uniqueItems(items(value), pyTruthy(case_sensitive), attribute)
  },
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
  batch,
  slice,
  groupby,
}
