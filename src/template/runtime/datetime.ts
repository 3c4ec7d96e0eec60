/**
 * Python's naive `datetime.datetime` and `datetime.timedelta` as templates see them
 * (`now()`, `to_datetime`, `template_mtime`): their attributes and methods, `str()` and
 * `repr()`, subtraction and addition, comparisons, strftime/strptime for the C locale,
 * and JSON as Ansible's encoder writes them (isoformat).
 */
import { PyDate, pyFloat, pyRepr } from '../../py/values.js'
import { ATTRS, type HasAttrs } from './py-attrs.js'
import { pyCallable } from './callable.js'

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const US_PER_DAY = 86_400_000_000n

const p = (n: number, w = 2) => String(n).padStart(w, '0')

class PyValueError extends Error {
  readonly pyClass = 'ValueError'
  constructor(message: string) {
    super(message)
    this.name = 'ValueError'
  }
}

/** A naive datetime, kept as microseconds since 0001-01-01 (proleptic Gregorian). */
export class PyDatetime implements HasAttrs {
  readonly [ATTRS] = true as const

  private constructor(readonly us: bigint) {}

  static of(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, microsecond = 0): PyDatetime {
    if (month < 1 || month > 12) throw new PyValueError('month must be in 1..12')
    if (day < 1 || day > daysIn(year, month)) throw new PyValueError('day is out of range for month')
    const days = BigInt(ordinal(year, month, day) - 1)
    const secs = BigInt(hour * 3600 + minute * 60 + second)
    return new PyDatetime(days * US_PER_DAY + secs * 1_000_000n + BigInt(microsecond))
  }

  /** The local (or UTC) wall clock of a JavaScript time. */
  static fromDate(d: Date, utc = false): PyDatetime {
    const f = utc
      ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
      : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()]
    return PyDatetime.of(f[0], f[1], f[2], f[3], f[4], f[5], f[6] * 1000)
  }

  static now(utc = false): PyDatetime {
    return PyDatetime.fromEpochMs(performance.timeOrigin + performance.now(), utc)
  }

  /** datetime.fromtimestamp: a (fractional) epoch time in milliseconds as local (or UTC) wall clock. */
  static fromEpochMs(ms: number, utc = false): PyDatetime {
    const d = PyDatetime.fromDate(new Date(Math.floor(ms)), utc)
    return new PyDatetime(d.us + BigInt(Math.round((ms % 1) * 1000)))
  }

  fields(): { year: number; month: number; day: number; hour: number; minute: number; second: number; microsecond: number } {
    const days = Number(this.us / US_PER_DAY)
    const rest = Number(this.us % US_PER_DAY)
    const { year, month, day } = fromOrdinal(days + 1)
    const secs = Math.floor(rest / 1_000_000)
    return { year, month, day, hour: Math.floor(secs / 3600), minute: Math.floor(secs / 60) % 60, second: secs % 60, microsecond: rest % 1_000_000 }
  }

  weekday(): number {
    return Number((this.us / US_PER_DAY) % 7n)
  }

  strftime(fmt: string): string {
    const f = this.fields()
    const wd = this.weekday()
    const yday = Number(this.us / US_PER_DAY) + 1 - ordinal(f.year, 1, 1) + 1
    const conv: Record<string, () => string> = {
      Y: () => String(f.year),
      y: () => p(f.year % 100),
      m: () => p(f.month),
      d: () => p(f.day),
      e: () => String(f.day).padStart(2, ' '),
      H: () => p(f.hour),
      I: () => p(f.hour % 12 || 12),
      M: () => p(f.minute),
      S: () => p(f.second),
      f: () => p(f.microsecond, 6),
      p: () => (f.hour < 12 ? 'AM' : 'PM'),
      a: () => DAYS[wd].slice(0, 3),
      A: () => DAYS[wd],
      w: () => String((wd + 1) % 7),
      u: () => String(wd + 1),
      b: () => MONTHS[f.month - 1].slice(0, 3),
      h: () => MONTHS[f.month - 1].slice(0, 3),
      B: () => MONTHS[f.month - 1],
      j: () => p(yday, 3),
      z: () => '',
      Z: () => '',
      s: () => String(Math.floor(this.localEpochMs() / 1000)),
      F: () => `${f.year}-${p(f.month)}-${p(f.day)}`,
      T: () => `${p(f.hour)}:${p(f.minute)}:${p(f.second)}`,
      D: () => `${p(f.month)}/${p(f.day)}/${p(f.year % 100)}`,
      R: () => `${p(f.hour)}:${p(f.minute)}`,
      c: () => `${DAYS[wd].slice(0, 3)} ${MONTHS[f.month - 1].slice(0, 3)} ${String(f.day).padStart(2, ' ')} ${p(f.hour)}:${p(f.minute)}:${p(f.second)} ${f.year}`,
      x: () => `${p(f.month)}/${p(f.day)}/${p(f.year % 100)}`,
      X: () => `${p(f.hour)}:${p(f.minute)}:${p(f.second)}`,
      n: () => '\n',
      t: () => '\t',
      '%': () => '%',
    }
    return fmt.replace(/%(.)/gs, (m, c: string) => (conv[c] ? conv[c]() : m))
  }

  /** The epoch time of this wall clock read as local time (time.mktime). */
  private localEpochMs(): number {
    const f = this.fields()
    return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second).getTime()
  }

  isoformat(sep = 'T'): string {
    const f = this.fields()
    const frac = f.microsecond ? `.${p(f.microsecond, 6)}` : ''
    return `${p(f.year, 4)}-${p(f.month)}-${p(f.day)}${sep}${p(f.hour)}:${p(f.minute)}:${p(f.second)}${frac}`
  }

  toString(): string {
    return this.isoformat(' ')
  }

  toJSON(): string {
    return this.isoformat()
  }

  pyRepr(): string {
    const f = this.fields()
    const parts = [f.year, f.month, f.day, f.hour, f.minute]
    if (f.second || f.microsecond) parts.push(f.second)
    if (f.microsecond) parts.push(f.microsecond)
    return `datetime.datetime(${parts.join(', ')})`
  }

  getAttr(name: string): unknown {
    const f = this.fields()
    switch (name) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second':
      case 'microsecond':
        return f[name]
      case 'tzinfo':
        return null
      case 'strftime':
        return pyCallable('strftime', ([fmt]) => this.strftime(String(fmt)))
      case 'isoformat':
        return pyCallable('isoformat', ([sep], kw) => this.isoformat(String(sep ?? kw.sep ?? 'T')))
      case 'date':
        return pyCallable('date', () => new PyDate(f.year, f.month, f.day))
      case 'weekday':
        return pyCallable('weekday', () => this.weekday())
      case 'isoweekday':
        return pyCallable('isoweekday', () => this.weekday() + 1)
      case 'timestamp':
        return pyCallable('timestamp', () => pyFloat(this.localEpochMs() / 1000 + f.microsecond / 1e6))
      case 'toordinal':
        return pyCallable('toordinal', () => Number(this.us / US_PER_DAY) + 1)
      case 'ctime':
        return pyCallable('ctime', () => this.strftime('%c'))
      default:
        return undefined
    }
  }

  compare(other: PyDatetime): number {
    return this.us < other.us ? -1 : this.us > other.us ? 1 : 0
  }

  plus(d: PyTimedelta): PyDatetime {
    return new PyDatetime(this.us + d.us)
  }

  minus(other: PyDatetime | PyTimedelta): PyDatetime | PyTimedelta {
    return other instanceof PyTimedelta ? new PyDatetime(this.us - other.us) : new PyTimedelta(this.us - other.us)
  }
}
Object.defineProperty(PyDatetime, 'name', { value: 'datetime' })

/** datetime.timedelta, kept as microseconds. */
export class PyTimedelta implements HasAttrs {
  readonly [ATTRS] = true as const
  constructor(readonly us: bigint) {}

  private parts(): { days: number; seconds: number; microseconds: number } {
    let days = this.us / US_PER_DAY
    let rest = this.us % US_PER_DAY
    if (rest < 0n) {
      days -= 1n
      rest += US_PER_DAY
    }
    return { days: Number(days), seconds: Number(rest / 1_000_000n), microseconds: Number(rest % 1_000_000n) }
  }

  getAttr(name: string): unknown {
    const d = this.parts()
    if (name === 'days' || name === 'seconds' || name === 'microseconds') return d[name]
    if (name === 'total_seconds') return pyCallable('total_seconds', () => pyFloat(Number(this.us) / 1e6))
    return undefined
  }

  toString(): string {
    const d = this.parts()
    const hms = `${Math.floor(d.seconds / 3600)}:${p(Math.floor(d.seconds / 60) % 60)}:${p(d.seconds % 60)}${d.microseconds ? `.${p(d.microseconds, 6)}` : ''}`
    return d.days ? `${d.days} day${Math.abs(d.days) === 1 ? '' : 's'}, ${hms}` : hms
  }

  pyRepr(): string {
    const d = this.parts()
    const parts = [d.days && `days=${d.days}`, d.seconds && `seconds=${d.seconds}`, d.microseconds && `microseconds=${d.microseconds}`].filter(Boolean)
    return `datetime.timedelta(${parts.join(', ')})`
  }

  toJSON(): string {
    return this.toString()
  }

  compare(other: PyTimedelta): number {
    return this.us < other.us ? -1 : this.us > other.us ? 1 : 0
  }
}
Object.defineProperty(PyTimedelta, 'name', { value: 'timedelta' })

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

function daysIn(y: number, m: number): number {
  return [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
}

/** date.toordinal(): 0001-01-01 is day 1. */
function ordinal(y: number, m: number, d: number): number {
  const yb = y - 1
  let n = yb * 365 + Math.floor(yb / 4) - Math.floor(yb / 100) + Math.floor(yb / 400)
  for (let i = 1; i < m; i++) n += daysIn(y, i)
  return n + d
}

function fromOrdinal(n: number): { year: number; month: number; day: number } {
  let year = Math.max(1, Math.floor(n / 365.2425))
  while (ordinal(year + 1, 1, 1) <= n) year++
  while (ordinal(year, 1, 1) > n) year--
  let rest = n - ordinal(year, 1, 1) + 1
  let month = 1
  while (rest > daysIn(year, month)) rest -= daysIn(year, month++)
  return { year, month, day: rest }
}

/** datetime.strptime for the C locale's directives. */
export function strptime(text: string, fmt: string): PyDatetime {
  const fail = (): never => {
    throw new PyValueError(`time data ${pyRepr(text)} does not match format ${pyRepr(fmt)}`)
  }
  const v = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0, pm: null as boolean | null, hour12: null as number | null }
  let i = 0
  const num = (min: number, max: number): number => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(text.slice(i))
    if (!m) return fail()
    i += m[0].length
    return Number(m[0])
  }
  const word = (names: string[]): number => {
    const rest = text.slice(i).toLowerCase()
    const idx = names.findIndex((n) => rest.startsWith(n.toLowerCase()))
    if (idx < 0) return fail()
    i += names[idx].length
    return idx
  }
  for (let k = 0; k < fmt.length; k++) {
    const c = fmt[k]
    if (c !== '%') {
      if (/\s/.test(c)) {
        while (i < text.length && /\s/.test(text[i])) i++
      } else if (text[i] === c) i++
      else fail()
      continue
    }
    const d = fmt[++k]
    switch (d) {
      case 'Y': v.year = num(4, 4); break
      case 'y': { const y = num(2, 2); v.year = y < 69 ? 2000 + y : 1900 + y; break }
      case 'm': v.month = num(1, 2); break
      case 'd': v.day = num(1, 2); break
      case 'H': v.hour = num(1, 2); break
      case 'I': v.hour12 = num(1, 2); break
      case 'M': v.minute = num(1, 2); break
      case 'S': v.second = num(1, 2); break
      case 'f': { const s = /^\d{1,6}/.exec(text.slice(i)); if (!s) fail(); i += s![0].length; v.microsecond = Number(s![0].padEnd(6, '0')); break }
      case 'p': v.pm = word(['AM', 'PM']) === 1; break
      case 'b': case 'h': v.month = word(MONTHS.map((m) => m.slice(0, 3))) + 1; break
      case 'B': v.month = word(MONTHS) + 1; break
      case 'a': word(DAYS.map((x) => x.slice(0, 3))); break
      case 'A': word(DAYS); break
      case 'j': num(1, 3); break
      case '%': if (text[i] === '%') i++; else fail(); break
      default: throw new PyValueError(`'${d}' is a bad directive in format '${fmt}'`)
    }
  }
  if (i !== text.length) throw new PyValueError(`unconverted data remains: ${text.slice(i)}`)
  if (v.hour12 !== null) v.hour = (v.hour12 % 12) + (v.pm ? 12 : 0)
  if (v.month > 12 || v.day > 31 || v.hour > 23 || v.minute > 59 || v.second > 61) fail()
  return PyDatetime.of(v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
}
