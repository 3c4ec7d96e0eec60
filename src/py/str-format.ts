/**
 * Python 3.11's `str.format(**kwargs)` with string values, as Ansible formats the
 * `ansible_managed` setting (`'...{host}...'.format(host=..., uid=..., file=...)`): literal
 * `{{` `}}`, `{name}`, `{name[0]}`, `!r`/`!s`/`!a`, a format spec (fill, align, `0`, width,
 * precision, nested `{...}`), and Python's exception, class and message, for anything else
 * (`KeyError: 'foo'`, `IndexError: Replacement index 0 out of range...`, `ValueError: Single
 * '}' encountered in format string`). An attribute (`{host.upper}`) is an AttributeError: a
 * bound method's repr, with its address, is not reproduced.
 */
import { pyRepr } from './values.js'

/** A Python exception from str.format: `name` is its class (KeyError, ValueError...). */
export class StrFormatError extends Error {
  constructor(
    readonly pyClass: 'KeyError' | 'IndexError' | 'ValueError' | 'TypeError' | 'AttributeError',
    message: string,
  ) {
    super(message)
    this.name = pyClass
  }
}

const valueError = (m: string) => new StrFormatError('ValueError', m)

export function pyFormatStrings(fmt: string, kwargs: Readonly<Record<string, string>>, depth = 2): string {
  if (depth <= 0) throw valueError('Max string recursion exceeded')
  let out = ''
  let i = 0
  while (i < fmt.length) {
    const c = fmt[i++]
    if (c !== '{' && c !== '}') {
      out += c
      continue
    }
    if (fmt[i] === c) {
      out += c
      i++
      continue
    }
    if (c === '}') throw valueError("Single '}' encountered in format string")
    if (i >= fmt.length) throw valueError("Single '{' encountered in format string")
    const field = parseField(fmt, i)
    i = field.next
    out += renderField(field, kwargs, depth)
  }
  return out
}

interface Field {
  name: string
  conversion: string | null
  spec: string
  /** Where the text after the field starts. */
  next: number
}

/** CPython's parse_field: the name (brackets skipped), `!c`, then the spec up to its matching `}`. */
function parseField(fmt: string, start: number): Field {
  let i = start
  let c = ''
  while (i < fmt.length) {
    c = fmt[i++]
    if (c === '{') throw valueError("unexpected '{' in field name")
    if (c === '[') {
      while (i < fmt.length && fmt[i] !== ']') i++
      continue
    }
    if (c === '}' || c === ':' || c === '!') break
  }
  const name = fmt.slice(start, i - 1)
  if (c !== '!' && c !== ':') {
    if (c !== '}') throw valueError("expected '}' before end of string")
    return { name, conversion: null, spec: '', next: i }
  }
  let conversion: string | null = null
  if (c === '!') {
    if (i >= fmt.length) throw valueError('end of string while looking for conversion specifier')
    conversion = fmt[i++]
    if (i < fmt.length) {
      const after = fmt[i++]
      if (after === '}') return { name, conversion, spec: '', next: i }
      if (after !== ':') throw valueError("expected ':' after conversion specifier")
    }
  }
  const specStart = i
  for (let depth = 1; i < fmt.length; ) {
    const s = fmt[i++]
    if (s === '{') depth++
    else if (s === '}' && --depth === 0) return { name, conversion, spec: fmt.slice(specStart, i - 1), next: i }
  }
  throw valueError("unmatched '{' in format spec")
}

function renderField(field: Field, kwargs: Readonly<Record<string, string>>, depth: number): string {
  let value = lookup(field.name, kwargs)
  if (field.conversion === 'r') value = pyRepr(value)
  else if (field.conversion === 'a') value = ascii(pyRepr(value))
  else if (field.conversion !== null && field.conversion !== 's') throw valueError(`Unknown conversion specifier ${field.conversion}`)
  const spec = field.spec.includes('{') ? pyFormatStrings(field.spec, kwargs, depth - 1) : field.spec
  return formatString(value, spec)
}

/** The field name: a keyword, then `[index]` parts (`.attr` fails: see the file's comment). */
function lookup(name: string, kwargs: Readonly<Record<string, string>>): string {
  const first = /^[^.[]*/.exec(name)![0]
  if (first === '' || /^\d+$/.test(first)) {
    throw new StrFormatError('IndexError', `Replacement index ${first === '' ? 0 : Number(first)} out of range for positional args tuple`)
  }
  if (!Object.prototype.hasOwnProperty.call(kwargs, first)) throw new StrFormatError('KeyError', pyRepr(first))
  let value = kwargs[first]
  let rest = name.slice(first.length)
  while (rest) {
    if (rest[0] === '.') {
      const attr = /^\.([^.[]*)/.exec(rest)![1]
      if (attr === '') throw valueError('Empty attribute in format string')
      throw new StrFormatError('AttributeError', `'str' object has no attribute ${pyRepr(attr)}`)
    }
    const close = rest.indexOf(']')
    if (close < 0) throw valueError("Missing ']' in format string")
    const key = rest.slice(1, close)
    if (key === '') throw valueError('Empty attribute in format string')
    if (!/^\d+$/.test(key)) throw new StrFormatError('TypeError', "string indices must be integers, not 'str'")
    const index = Number(key)
    if (index >= value.length) throw new StrFormatError('IndexError', 'string index out of range')
    value = value[index]
    rest = rest.slice(close + 1)
    if (rest && rest[0] !== '.' && rest[0] !== '[') throw valueError("Only '.' or '[' may follow ']' in format field specifier")
  }
  return value
}

/** `format(text, spec)` for a str: [[fill]align][0][width][.precision][s], Python's errors otherwise. */
function formatString(text: string, spec: string): string {
  if (spec === '') return text
  const m = /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d*))?([\s\S]*)$/.exec(spec)!
  const [, fill, align, sign, zero, alternate, zeroPad, width, grouping, precision, type] = m
  if (precision === '') throw valueError('Format specifier missing precision')
  if (type.length > 1) throw valueError(`Invalid format specifier '${spec}' for object of type 'str'`)
  if (grouping) throw valueError(`Cannot specify '${grouping}' with 's'.`)
  if (type !== '' && type !== 's') throw valueError(`Unknown format code '${type}' for object of type 'str'`)
  if (sign === ' ') throw valueError('Space not allowed in string format specifier')
  if (sign) throw valueError('Sign not allowed in string format specifier')
  if (zero) throw valueError('Negative zero coercion (z) not allowed in string format specifier')
  if (alternate) throw valueError('Alternate form (#) not allowed in string format specifier')
  if (align === '=') throw valueError("'=' alignment not allowed in string format specifier")
  const body = precision === undefined ? text : [...text].slice(0, Number(precision)).join('')
  const gap = Number(width ?? 0) - [...body].length
  if (gap <= 0) return body
  const f = fill ?? (zeroPad ? '0' : ' ')
  if (align === '>') return f.repeat(gap) + body
  if (align === '^') return f.repeat(Math.floor(gap / 2)) + body + f.repeat(gap - Math.floor(gap / 2))
  return body + f.repeat(gap)
}

/** Python's ascii(): repr with non-ASCII characters escaped. */
function ascii(repr: string): string {
  return [...repr]
    .map((ch) => {
      const code = ch.codePointAt(0)!
      if (code < 0x80) return ch
      if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`
      if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`
      return `\\U${code.toString(16).padStart(8, '0')}`
    })
    .join('')
}
