/**
 * ansible-core 2.14's `mathstuff.py`: set theory on lists keeping first-seen order
 * (through Jinja2's unique, case-sensitive), log/pow/root, human_readable/human_to_bytes,
 * and itertools' product/permutations/combinations/zip/zip_longest (as lists).
 */
import {
  bindArgs,
  defined,
  isDict,
  isLazyMapping,
  isNumber,
  pyEq,
  PyError,
  pyFixed,
  pyFloat,
  pyStr,
  pyTruthy,
  pyTuple,
  toNumber,
  uniqueItems,
  type FilterFn,
  type TemplateContext,
} from '../../src/plugin-kit.js'
import { AnsibleFilterError, filterTypeError } from './errors.js'
import { iterOf } from './core.js'

/**
 * Ansible 2.14's unique: Jinja2's do_unique (case_sensitive=bool(None) is False); when that
 * fails on unhashable items (dicts, lists), an AnsibleFilterError if case_sensitive=False
 * or attribute was given, else Ansible's own first-seen loop with ==.
 */
function unique(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const { case_sensitive, attribute } = bindArgs('unique', args, kwargs, ['case_sensitive', 'attribute'], { case_sensitive: null, attribute: null })
  const items = iterOf(value)
  const unhashable = attribute === null ? items.find((x) => Array.isArray(x) || isDict(x) || isLazyMapping(x)) : undefined
  if (unhashable !== undefined) {
    if (case_sensitive === false) {
      const type = Array.isArray(unhashable) ? 'list' : 'dict'
      throw new AnsibleFilterError(`Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied. unhashable type: '${type}'`)
    }
    const out: unknown[] = []
    for (const x of items) if (!has(out, x)) out.push(x)
    return out
  }
  return uniqueItems(items, pyTruthy(case_sensitive), attribute)
}

const has = (list: unknown[], x: unknown) => list.some((y) => pyEq(x, y))

function setOp(name: string, op: (a: unknown[], b: unknown[], ctx: TemplateContext) => unknown[]): FilterFn {
  return (input, args, kwargs, ctx) => {
    const { b } = bindArgs(name, args, kwargs, ['b'])
    return op(iterOf(defined(input)), iterOf(defined(b)), ctx)
  }
}

const uniq = (l: unknown[], _ctx: TemplateContext) => unique(l, [true], {})

const intersect = (a: unknown[], b: unknown[], ctx: TemplateContext) => uniq(a.filter((x) => has(b, x)), ctx)
const union = (a: unknown[], b: unknown[], ctx: TemplateContext) => uniq([...a, ...b], ctx)

function num(v: unknown, fname: string): number {
  v = defined(v)
  if (!isNumber(v) && typeof v !== 'boolean') throw filterTypeError(`${fname}() can only be used on numbers: must be real number, not ${typeName(v)}`)
  return toNumber(v)
}

function typeName(v: unknown): string {
  if (typeof v === 'string') return 'str'
  if (Array.isArray(v)) return 'list'
  if (isDict(v) || isLazyMapping(v)) return 'dict'
  if (v === null) return 'NoneType'
  return typeof v
}

function mathDomain(n: number): number {
  if (Number.isNaN(n)) throw new PyError('ValueError', 'math domain error')
  return n
}

const SIZE_RANGES: [string, number][] = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
]

function humanReadable(size: number, isbits: boolean, unit: string | null): string {
  const base = isbits ? 'bits' : 'Bytes'
  let suffix = ''
  let limit = 1
  for ([suffix, limit] of SIZE_RANGES) if ((unit === null && size >= limit) || (unit !== null && unit.toUpperCase() === suffix[0])) break
  suffix = limit !== 1 ? suffix + base[0] : base
  return `${pyFixed(size / limit, 2)} ${suffix}`
}

function humanToBytes(number: unknown, defaultUnit: unknown, isbits: boolean): number {
  const s = pyStr(number)
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(s)!
  if (m[1] === '' || m[1] === '.') throw new AnsibleFilterError(`human_to_bytes() can't interpret following string: ${s}`)
  const n = Number(m[1])
  let unit = m[2] ?? (defaultUnit === null ? null : pyStr(defaultUnit))
  if (unit === null) return roundHalfEven(n)
  const key = unit[0].toUpperCase()
  const limit = SIZE_RANGES.find(([k]) => k === key)?.[1]
  if (limit === undefined) throw new AnsibleFilterError(`human_to_bytes() can't interpret following string: ${s}`)
  const unitClass = isbits ? 'b' : 'B'
  const className = isbits ? 'bit' : 'byte'
  if (unit.length > 1 && !unit.toLowerCase().includes(className) && unit[1] !== unitClass) {
    throw new AnsibleFilterError(`human_to_bytes() can't interpret following string: ${s}`)
  }
  unit = unit
  return roundHalfEven(n * limit)
}

function roundHalfEven(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

function product(lists: unknown[][], repeat = 1): unknown[] {
  const pools: unknown[][] = []
  for (let i = 0; i < repeat; i++) pools.push(...lists)
  let result: unknown[][] = [[]]
  for (const pool of pools) result = result.flatMap((r) => pool.map((x) => [...r, x]))
  return result.map((r) => pyTuple(r))
}

function permutations(pool: unknown[], r: number): unknown[] {
  const out: unknown[] = []
  const rec = (prefix: number[]) => {
    if (prefix.length === r) {
      out.push(pyTuple(prefix.map((i) => pool[i])))
      return
    }
    for (let i = 0; i < pool.length; i++) if (!prefix.includes(i)) rec([...prefix, i])
  }
  if (r <= pool.length) rec([])
  return out
}

function combinations(pool: unknown[], r: number): unknown[] {
  const out: unknown[] = []
  const rec = (start: number, prefix: unknown[]) => {
    if (prefix.length === r) {
      out.push(pyTuple(prefix))
      return
    }
    for (let i = start; i < pool.length; i++) rec(i + 1, [...prefix, pool[i]])
  }
  rec(0, [])
  return out
}

export const mathFilters: Record<string, FilterFn> = {
  unique,
  intersect: setOp('intersect', intersect),
  union: (input, args, kwargs, ctx) => {
    const { b } = bindArgs('union', args, kwargs, ['b'])
    const [x, y] = [defined(input), defined(b)]
    // Python's a + b when one side is a str and the other a list.
    if (typeof x === 'string' && Array.isArray(y)) throw filterTypeError('can only concatenate str (not "list") to str')
    if (Array.isArray(x) && typeof y === 'string') throw filterTypeError('can only concatenate list (not "str") to list')
    return union(iterOf(x), iterOf(y), ctx)
  },
  difference: setOp('difference', (a, b, ctx) => uniq(a.filter((x) => !has(b, x)), ctx)),
  symmetric_difference: setOp('symmetric_difference', (a, b, ctx) => {
    const i = intersect(a, b, ctx)
    return union(a, b, ctx).filter((x) => !has(i, x))
  }),
  log: (input, args, kwargs) => {
    const { base } = bindArgs('log', args, kwargs, ['base'], { base: Math.E })
    const x = num(input, 'log')
    const b = num(base, 'log')
    if (x <= 0 || b <= 0) throw new PyError('ValueError', 'math domain error')
    if (b === 1) throw new PyError('ZeroDivisionError', 'float division by zero')
    return pyFloat(mathDomain(b === 10 ? Math.log10(x) : Math.log(x) / Math.log(b)))
  },
  pow: (input, args, kwargs) => {
    const { y } = bindArgs('pow', args, kwargs, ['y'])
    return pyFloat(mathDomain(num(input, 'pow') ** num(y, 'pow')))
  },
  root: (input, args, kwargs) => {
    const { base } = bindArgs('root', args, kwargs, ['base'], { base: 2 })
    const x = num(input, 'root')
    const b = num(base, 'root')
    if (x < 0) throw filterTypeError('root() can only be used on numbers: math domain error')
    if (b === 0) throw new PyError('ZeroDivisionError', 'float division by zero')
    return pyFloat(b === 2 ? Math.sqrt(x) : x ** (1 / b))
  },
  human_readable: (input, args, kwargs) => {
    const { isbits, unit } = bindArgs('human_readable', args, kwargs, ['isbits', 'unit'], { isbits: false, unit: null })
    const v = defined(input)
    let size: number
    if (isNumber(v) || typeof v === 'boolean') size = toNumber(v)
    else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) throw filterTypeError("human_readable() failed on bad input: '>=' not supported between instances of 'str' and 'int'")
    else throw filterTypeError(`human_readable() failed on bad input: '>=' not supported between instances of '${typeName(v)}' and 'int'`)
    return humanReadable(size, pyTruthy(isbits), unit === null ? null : pyStr(unit))
  },
  human_to_bytes: (input, args, kwargs) => {
    const { default_unit, isbits } = bindArgs('human_to_bytes', args, kwargs, ['default_unit', 'isbits'], { default_unit: null, isbits: false })
    return humanToBytes(defined(input), default_unit, pyTruthy(isbits))
  },
  product: (input, args, kwargs) => {
    const repeat = kwargs.repeat === undefined ? 1 : toNumber(kwargs.repeat)
    return product([input, ...args].map((l) => iterOf(l)), repeat)
  },
  permutations: (input, args, kwargs) => {
    const pool = iterOf(input)
    const r = args[0] ?? kwargs.r ?? null
    return permutations(pool, r === null ? pool.length : toNumber(r))
  },
  combinations: (input, args, kwargs) => {
    const r = args[0] ?? kwargs.r
    if (r === undefined) throw filterTypeError("combinations() missing required argument 'r' (pos 2)")
    return combinations(iterOf(input), toNumber(r))
  },
  zip: (input, args) => {
    const lists = [input, ...args].map((l) => iterOf(l))
    const n = Math.min(...lists.map((l) => l.length))
    return Array.from({ length: n }, (_, i) => pyTuple(lists.map((l) => l[i])))
  },
  zip_longest: (input, args, kwargs) => {
    const fill = kwargs.fillvalue ?? null
    const lists = [input, ...args].map((l) => iterOf(l))
    const n = Math.max(0, ...lists.map((l) => l.length))
    return Array.from({ length: n }, (_, i) => pyTuple(lists.map((l) => (i < l.length ? l[i] : fill))))
  },
  rekey_on_member: (input, args, kwargs) => {
    const { key, duplicates } = bindArgs('rekey_on_member', args, kwargs, ['key', 'duplicates'], { duplicates: 'error' })
    if (duplicates !== 'error' && duplicates !== 'overwrite') throw new AnsibleFilterError(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(duplicates)}`)
    const data = defined(input)
    // `bool(data) and bool(key)`: an undefined key is an undefined-variable error.
    if (pyTruthy(data)) defined(key)
    let items: unknown[]
    if (isDict(data)) items = Object.values(data)
    else if (Array.isArray(data)) items = data
    else throw filterTypeError('Type is not a valid list, set, or dict')
    const out: Record<string, unknown> = {}
    for (const item of items) {
      if (!isDict(item)) throw filterTypeError('List item is not a valid dict')
      const k = pyStr(key)
      if (!(k in item)) throw new AnsibleFilterError(`Key ${k} was not found`)
      const ke = pyStr(item[k])
      if (pyTruthy(out[ke]) && duplicates === 'error') throw new AnsibleFilterError(`Key ${ke} is not unique, cannot correctly turn into dict`)
      out[ke] = item
    }
    return out
  },
}
