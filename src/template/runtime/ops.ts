/**
 * Python's operators on tsible's values: `+ - * / // % **`, comparisons, `in`, `~`,
 * with Python's type rules (int/float/bool arithmetic, str and list concatenation and
 * repetition, floor division and modulo signs) and Python's TypeError wording.
 */
import { isLazyMapping } from '../../py/lazy-mapping.js'
import { Undefined } from '../../py/undefined.js'
import { isDict, isFloat, isNumber, PyFloat, pyEq, pyFloat, pyStr, PyTuple, pyTuple, pyTypeName, toNumber } from '../../py/values.js'
import { pyPercentFormat } from './pyformat.js'
import { defined } from './strict.js'
import { PyTypeError } from '../../py/errors.js'

const isNum = (v: unknown): boolean => isNumber(v) || typeof v === 'boolean'

function numResult(a: unknown, b: unknown, n: number): number | PyFloat {
  return isFloat(a) || isFloat(b) ? pyFloat(n) : n
}

function unsupported(op: string, a: unknown, b: unknown): never {
  throw new PyTypeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`)
}

export function add(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (isNum(a) && isNum(b)) return numResult(a, b, toNumber(a) + toNumber(b))
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b
    throw new PyTypeError(`can only concatenate str (not "${pyTypeName(b)}") to str`)
  }
  if (Array.isArray(a)) {
    if (a instanceof PyTuple && b instanceof PyTuple) return pyTuple([...a, ...b])
    if (Array.isArray(b) && !(b instanceof PyTuple) && !(a instanceof PyTuple)) return [...a, ...b]
    throw new PyTypeError(`can only concatenate ${pyTypeName(a)} (not "${pyTypeName(b)}") to ${pyTypeName(a)}`)
  }
  return unsupported('+', a, b)
}

export function sub(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (isNum(a) && isNum(b)) return numResult(a, b, toNumber(a) - toNumber(b))
  return unsupported('-', a, b)
}

export function mul(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (isNum(a) && isNum(b)) return numResult(a, b, toNumber(a) * toNumber(b))
  const [seq, n] = typeof b === 'number' && Number.isInteger(b) ? [a, b] : [b, a]
  if (typeof n === 'number' && Number.isInteger(n)) {
    if (typeof seq === 'string') return seq.repeat(Math.max(0, n))
    if (Array.isArray(seq)) {
      const out: unknown[] = []
      for (let i = 0; i < n; i++) out.push(...seq)
      return seq instanceof PyTuple ? pyTuple(out) : out
    }
  }
  return unsupported('*', a, b)
}

export function truediv(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (!isNum(a) || !isNum(b)) return unsupported('/', a, b)
  if (toNumber(b) === 0) throw new ZeroDivisionError('division by zero')
  return pyFloat(toNumber(a) / toNumber(b))
}

export function floordiv(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (!isNum(a) || !isNum(b)) return unsupported('//', a, b)
  if (toNumber(b) === 0) throw new ZeroDivisionError('integer division or modulo by zero')
  return numResult(a, b, Math.floor(toNumber(a) / toNumber(b)))
}

export function mod(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (typeof a === 'string') return pyPercentFormat(a, b)
  if (!isNum(a) || !isNum(b)) return unsupported('%', a, b)
  const x = toNumber(a)
  const y = toNumber(b)
  if (y === 0) throw new ZeroDivisionError('integer division or modulo by zero')
  // Python's modulo takes the divisor's sign.
  return numResult(a, b, x - y * Math.floor(x / y))
}

export function pow(a: unknown, b: unknown): unknown {
  a = defined(a)
  b = defined(b)
  if (!isNum(a) || !isNum(b)) return unsupported('** or pow()', a, b)
  const r = toNumber(a) ** toNumber(b)
  return isFloat(a) || isFloat(b) || toNumber(b) < 0 ? pyFloat(r) : r
}

export function neg(a: unknown): unknown {
  a = defined(a)
  if (!isNum(a)) throw new PyTypeError(`bad operand type for unary -: '${pyTypeName(a)}'`)
  return isFloat(a) ? pyFloat(-toNumber(a)) : -toNumber(a)
}

export function pos(a: unknown): unknown {
  a = defined(a)
  if (!isNum(a)) throw new PyTypeError(`bad operand type for unary +: '${pyTypeName(a)}'`)
  return typeof a === 'boolean' ? Number(a) : a
}

/** `~`: both sides as strings (Undefined raises). */
export function concat(values: unknown[]): string {
  // Jinja2's plain Undefined (a false inline if) prints as ''; Ansible's strict one fails.
  return values.map((v) => (v instanceof Undefined && v.lenient ? '' : pyStr(defined(v)))).join('')
}

export function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case 'eq':
      return eq(a, b)
    case 'ne':
      return !eq(a, b)
    case 'in':
      return contains(b, a)
    case 'notin':
      return !contains(b, a)
  }
  const c = order(defined(a), defined(b), op)
  switch (op) {
    case 'lt':
      return c < 0
    case 'gt':
      return c > 0
    case 'lteq':
      return c <= 0
    default:
      return c >= 0
  }
}

const SYMBOL: Record<string, string> = { lt: '<', gt: '>', lteq: '<=', gteq: '>=' }

/** Python's ordering of two values: numbers, strings, sequences (element-wise). */
export function order(a: unknown, b: unknown, op = 'lt'): number {
  if (isNum(a) && isNum(b)) return Math.sign(toNumber(a) - toNumber(b))
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return order(a[i], b[i], op)
    }
    return Math.sign(a.length - b.length)
  }
  throw new PyTypeError(`'${SYMBOL[op] ?? '<'}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`)
}

function eq(a: unknown, b: unknown): boolean {
  defined(a)
  defined(b)
  return pyEq(a, b)
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  container = defined(container)
  if (typeof container === 'string') {
    if (typeof defined(item) !== 'string') throw new PyTypeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`)
    return container.includes(item as string)
  }
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item))
  if (isLazyMapping(container)) return typeof item === 'string' && container.has(item)
  if (isDict(container)) return Object.prototype.hasOwnProperty.call(container, typeof item === 'string' ? item : pyStr(item))
  if (container instanceof Undefined) return false
  if (container instanceof Set) return [...container].some((x) => pyEq(x, item))
  throw new PyTypeError(`argument of type '${pyTypeName(container)}' is not iterable`)
}

/** Python's ZeroDivisionError: Ansible lets it through unwrapped. */
export class ZeroDivisionError extends Error {
  override readonly name = 'ZeroDivisionError'
}
