/**
 * Ansible's `boolean()` (ansible.module_utils.parsing.convert_bool), the one reading of
 * yes/no, on/off, 1/0... that module arguments, settings, keywords and actions share.
 */
import { PyTypeError } from './errors.js'
import { isNumber, isDict, pyStr, pyTypeName, toNumber } from './values.js'
import { pyStrip } from './str.js'

/** The strings BOOLEANS_TRUE holds (it also holds 1, 1.0 and True). */
export const BOOLEANS_TRUE: ReadonlySet<string> = new Set(['y', 'yes', 'on', '1', 'true', 't'])
/** The strings BOOLEANS_FALSE holds (it also holds 0, 0.0 and False). */
export const BOOLEANS_FALSE: ReadonlySet<string> = new Set(['n', 'no', 'off', '0', 'false', 'f'])

/**
 * BOOLEANS as Python lists it: a frozenset, so 1, 1.0 and True are one member, the small
 * ints come first and the strings in an order that varies between runs.
 */
const VALID = ['0', '1', ...[...BOOLEANS_TRUE, ...BOOLEANS_FALSE].map((s) => `'${s}'`)].join(', ')

/**
 * `boolean(value, strict)`: a bool as it is; a string, lowered and stripped, or a number
 * by the tables above. Anything else is False when not strict; strict, it is a TypeError
 * ("The value 'x' is not a valid boolean..."). A list or dict is always one, as Python
 * cannot look an unhashable value up in a set.
 */
export function boolean(value: unknown, strict = true): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const s = pyStrip(value.toLowerCase())
    if (BOOLEANS_TRUE.has(s)) return true
    if (BOOLEANS_FALSE.has(s) || !strict) return false
  } else if (isNumber(value)) {
    const n = toNumber(value)
    if (n === 1) return true
    if (n === 0 || !strict) return false
  } else if (Array.isArray(value) || isDict(value) || value instanceof Set) {
    throw new PyTypeError(`unhashable type: '${value instanceof Set ? 'set' : pyTypeName(value)}'`)
  } else if (!strict) return false
  throw new PyTypeError(`The value '${pyStr(value)}' is not a valid boolean.  Valid booleans include: ${VALID}`)
}
