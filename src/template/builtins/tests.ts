/** Jinja2's builtin tests (`x is defined`, `x is equalto 3`, `select('in', ...)`...). */
import { bindArgs, type TestFn } from '../../plugin-api/types.js'
import { isFloat, isInt, isNumber, toNumber } from '../../py/values.js'
import { Undefined } from '../../py/undefined.js'
import { isMapping } from '../../py/lazy-mapping.js'
import { compare, contains } from '../runtime/ops.js'
import { isPyCallable } from '../runtime/callable.js'
import { markReadOnly } from '../engine/traits.js'

const cmp = (op: string): TestFn => (v, args) => compare(op, v, args[0])

export const jinja2Tests: Record<string, TestFn> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  false: (v) => v === false,
  true: (v) => v === true,
  integer: (v) => isInt(v),
  float: (v) => isFloat(v),
  number: (v) => isNumber(v) || typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  mapping: (v) => isMapping(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isMapping(v) || v instanceof Set,
  callable: (v) => isPyCallable(v) || typeof v === 'function',
  sameas: (v, [other]) => v === other || (v === null && other === null),
  escaped: () => false,
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  odd: (v) => toNumber(v) % 2 === 1 || toNumber(v) % 2 === -1,
  even: (v) => toNumber(v) % 2 === 0,
  divisibleby: (v, args, kwargs) => {
    const { num } = bindArgs('divisibleby', args, kwargs, ['num'])
    return toNumber(v) % toNumber(num) === 0
  },
  eq: cmp('eq'),
  equalto: cmp('eq'),
  '==': cmp('eq'),
  ne: cmp('ne'),
  '!=': cmp('ne'),
  lt: cmp('lt'),
  lessthan: cmp('lt'),
  '<': cmp('lt'),
  le: cmp('lteq'),
  '<=': cmp('lteq'),
  gt: cmp('gt'),
  greaterthan: cmp('gt'),
  '>': cmp('gt'),
  ge: cmp('gteq'),
  '>=': cmp('gteq'),
  in: (v, [seq]) => contains(seq, v),
  filter: (v, _a, _k, ctx) => typeof v === 'string' && ctx !== undefined,
  test: (v) => typeof v === 'string',
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(jinja2Tests))

