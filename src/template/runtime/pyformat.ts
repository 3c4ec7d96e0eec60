/**
 * Python string formatting: `'%s:%05.2f' % (a, b)` (printf-style) and
 * `'{}:{:>4}'.format(a, b)` (format specs), as templates use them.
 */
import { formatFloat, isDict, pyFixed, isFloat, isNumber, PyTuple, pyRepr, pyStr, pyTypeName, toNumber } from '../../py/values.js'
import { defined } from './strict.js'

class FormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TypeError'
  }
}

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g

/** `fmt % args` with Python's rules: a tuple gives positional values, a dict named ones. */
export function pyPercentFormat(fmt: string, args: unknown): string {
  const positional = args instanceof PyTuple ? [...args] : [args]
  let i = 0
  const next = (): unknown => {
    if (i >= positional.length) throw new FormatError('not enough arguments for format string')
    return positional[i++]
  }
  let usedMapping = false
  const out = fmt.replace(SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%'
    let value: unknown
    if (key !== undefined) {
      if (!isDict(args)) throw new FormatError('format requires a mapping')
      usedMapping = true
      value = args[key]
    }
    const w = width === '*' ? Number(next()) : width === undefined ? undefined : Number(width)
    const p = prec === '*' ? Number(next()) : prec === undefined ? undefined : Number(prec)
    if (key === undefined) value = next()
    return formatOne(defined(value), conv, flags, w, p)
  })
  if (!usedMapping && !(args instanceof PyTuple) && isDict(args) && i === 0) return out
  if (i < positional.length && !usedMapping && !isDict(args)) throw new FormatError('not all arguments converted during string formatting')
  return out
}

function formatOne(v: unknown, conv: string, flags: string, width?: number, prec?: number): string {
  let body: string
  let numeric = false
  switch (conv) {
    case 's':
      body = pyStr(v)
      if (prec !== undefined) body = body.slice(0, prec)
      break
    case 'r':
    case 'a':
      body = pyRepr(v)
      break
    case 'c':
      body = typeof v === 'number' ? String.fromCodePoint(v) : String(v)
      break
    default: {
      numeric = true
      if (!isNumber(v) && typeof v !== 'boolean') throw new FormatError(`%${conv} format: a real number is required, not ${pyTypeName(v)}`)
      body = formatNumber(toNumber(v), conv, flags, prec)
    }
  }
  return pad(body, width, flags, numeric)
}

function formatNumber(n: number, conv: string, flags: string, prec?: number): string {
  let s: string
  switch (conv) {
    case 'd':
    case 'i':
    case 'u':
      s = Math.trunc(n).toString()
      break
    case 'x':
    case 'X':
      s = Math.trunc(Math.abs(n)).toString(16)
      if (flags.includes('#')) s = `0x${s}`
      if (conv === 'X') s = s.toUpperCase()
      if (n < 0) s = `-${s}`
      break
    case 'o':
      s = Math.trunc(Math.abs(n)).toString(8)
      if (flags.includes('#')) s = `0o${s}`
      if (n < 0) s = `-${s}`
      break
    case 'e':
    case 'E':
      s = expFormat(n, prec ?? 6)
      if (conv === 'E') s = s.toUpperCase()
      break
    case 'f':
    case 'F':
      s = pyFixed(n, prec ?? 6)
      break
    default:
      s = gFormat(n, prec ?? 6)
      if (conv === 'G') s = s.toUpperCase()
  }
  if (n >= 0 && !s.startsWith('-')) {
    if (flags.includes('+')) s = `+${s}`
    else if (flags.includes(' ')) s = ` ${s}`
  }
  return s
}

function expFormat(n: number, prec: number): string {
  const [m, e] = n.toExponential(prec).split('e')
  const exp = Number(e)
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
}

function gFormat(n: number, prec: number): string {
  const p = prec === 0 ? 1 : prec
  if (n === 0) return '0'
  const exp = Math.floor(Math.log10(Math.abs(n)))
  if (exp < -4 || exp >= p) return expFormat(n, p - 1).replace(/\.?0+e/, 'e')
  return n.toFixed(Math.max(0, p - 1 - exp)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
}

function pad(body: string, width: number | undefined, flags: string, numeric: boolean): string {
  if (width === undefined || body.length >= width) return body
  if (flags.includes('-')) return body.padEnd(width)
  if (flags.includes('0') && numeric) {
    const sign = /^[-+ ]/.test(body) ? body[0] : ''
    return sign + body.slice(sign.length).padStart(width - sign.length, '0')
  }
  return body.padStart(width)
}

/** `str.format(*args, **kwargs)` with format specs `[[fill]align][sign][#][0][width][,][.precision][type]`. */
export function pyStrFormat(fmt: string, args: unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0
  return fmt.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (m, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
    if (m === '{{') return '{'
    if (m === '}}') return '}'
    let value: unknown
    const [head, ...path] = (field ?? '').split('.')
    if (head === '') value = args[auto++]
    else if (/^\d+$/.test(head)) value = args[Number(head)]
    else value = kwargs[head]
    for (const p of path) value = (value as Record<string, unknown>)?.[p]
    value = defined(value)
    const text = conv === 'r' || conv === 'a' ? pyRepr(value) : undefined
    return applySpec(text ?? value, spec ?? '')
  })
}

function applySpec(v: unknown, spec: string): string {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?(,)?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec)
  if (!m) throw new FormatError(`Invalid format specifier`)
  const [, fillChar, alignChar, sign, , zero, widthS, comma, precS, type] = m
  let s: string
  if ((isNumber(v) || typeof v === 'boolean') && (type || !(typeof v === 'boolean'))) {
    const n = toNumber(v)
    const conv = type ?? (isFloat(v) ? 'g' : 'd')
    if (conv === 'g' && !type) s = isFloat(v) ? formatFloat(n) : String(n)
    else if (conv === '%') s = `${pyFixed(n * 100, precS ? Number(precS) : 6)}%`
    else s = formatNumber(n, conv === 'n' ? 'g' : conv, sign ?? '', precS === undefined ? undefined : Number(precS))
    if (comma) s = s.replace(/^(-?\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','))
  } else {
    s = pyStr(v)
    if (precS !== undefined) s = s.slice(0, Number(precS))
  }
  const width = widthS ? Number(widthS) : 0
  if (s.length >= width) return s
  const fill = fillChar ?? (zero ? '0' : ' ')
  const align = alignChar ?? (zero ? '=' : isNumber(v) ? '>' : '<')
  const gap = width - s.length
  if (align === '<') return s + fill.repeat(gap)
  if (align === '>') return fill.repeat(gap) + s
  if (align === '^') return fill.repeat(Math.floor(gap / 2)) + s + fill.repeat(Math.ceil(gap / 2))
  const signPart = /^[-+ ]/.test(s) ? s[0] : ''
  return signPart + fill.repeat(gap) + s.slice(signPart.length)
}
