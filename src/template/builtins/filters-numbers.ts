/** Jinja2's number filters: int, float, abs, round, filesizeformat. */
import { bindArgs, type FilterFn } from '../../plugin-api/types.js'
import { isFloat, isNumber, PyFloat, pyFloat, toNumber } from '../../py/values.js'
import { defined } from '../runtime/strict.js'

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
  const n = toNumber(defined(value))
  const f = 10 ** p
  let r: number
  if (method === 'ceil') r = Math.ceil(n * f) / f
  else if (method === 'floor') r = Math.floor(n * f) / f
  else r = roundHalfEven(n, p)
  return pyFloat(r)
}

/** Python's round(): halves go to the even neighbour, on the exact binary value. */
function roundHalfEven(n: number, digits: number): number {
  const f = 10 ** digits
  const x = n * f
  const r = Math.round(x)
  if (Math.abs(x % 1) === 0.5) return (r % 2 === 0 ? r : r - 1) / f
  return Number((Math.round(Number((n * f).toPrecision(15))) / f).toFixed(Math.max(0, digits)))
}

function filesizeformat(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
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
}

export const jinjaNumberFilters: Record<string, FilterFn> = {
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
  filesizeformat,
}
