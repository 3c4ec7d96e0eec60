/**
 * Python's `time.strftime(fmt, localtime(secs) | gmtime(secs))` on Linux, which is glibc's
 * strftime in the C locale: the flags `_ - 0 ^ #`, a width, the `E`/`O` modifiers where
 * glibc takes them, and anything glibc does not know copied as written (`%Q`, `%OY`, a
 * lone `%` at the end).
 */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Conversions glibc refuses with the `E` modifier, and with `O` (then copied as written). */
const BAD_WITH_E = new Set('abdefghijklmoqvwABDEFGHIJKLMNOQSUVW'.split(''))
const BAD_WITH_O = new Set('acfioqvxADEFJKLNOQXY'.split(''))

/** A broken-down time (C's struct tm, with the zone). */
interface Tm {
  year: number
  /** 0-11 */
  mon: number
  mday: number
  hour: number
  min: number
  sec: number
  /** 0 = Sunday */
  wday: number
  /** 0-365 */
  yday: number
  /** Seconds east of UTC. */
  gmtoff: number
  /** The zone's name (Intl's, computed when %Z asks). */
  zone(): string
  epoch: number
}

export function strftime(fmt: string, secs: number | null, utc: boolean): string {
  const d = new Date(secs === null ? Date.now() : Math.floor(secs) * 1000)
  return format(fmt, brokenDown(d, utc))
}

function brokenDown(d: Date, utc: boolean): Tm {
  const year = utc ? d.getUTCFullYear() : d.getFullYear()
  const mon = utc ? d.getUTCMonth() : d.getMonth()
  const mday = utc ? d.getUTCDate() : d.getDate()
  return {
    year,
    mon,
    mday,
    hour: utc ? d.getUTCHours() : d.getHours(),
    min: utc ? d.getUTCMinutes() : d.getMinutes(),
    sec: utc ? d.getUTCSeconds() : d.getSeconds(),
    wday: utc ? d.getUTCDay() : d.getDay(),
    yday: Math.round((dayNumber(year, mon, mday) - dayNumber(year, 0, 1)) / 86400000),
    gmtoff: utc ? 0 : -d.getTimezoneOffset() * 60,
    zone: () => (utc ? 'GMT' : (Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? '')),
    epoch: Math.floor(d.getTime() / 1000),
  }
}

/** Milliseconds of a calendar date at UTC midnight (years below 100 included). */
function dayNumber(year: number, mon: number, mday: number): number {
  const d = new Date(0)
  d.setUTCFullYear(year, mon, mday)
  return d.getTime()
}

/** One conversion's state: glibc's `pad`, `width` and case flags. */
interface Spec {
  /** '' (none), '_', '-' or '0'. */
  pad: string
  /** -1 when none was given. */
  width: number
  upper: boolean
  lower: boolean
  /** The `#` flag. */
  changeCase: boolean
}

function format(fmt: string, tm: Tm): string {
  let out = ''
  let i = 0
  while (i < fmt.length) {
    if (fmt[i] !== '%') {
      out += fmt[i++]
      continue
    }
    const start = i++
    const spec: Spec = { pad: '', width: -1, upper: false, lower: false, changeCase: false }
    for (; i < fmt.length; i++) {
      const f = fmt[i]
      if (f === '_' || f === '-' || f === '0') spec.pad = f
      else if (f === '^') spec.upper = true
      else if (f === '#') spec.changeCase = true
      else break
    }
    for (; i < fmt.length && fmt[i] >= '0' && fmt[i] <= '9'; i++) spec.width = Math.max(spec.width, 0) * 10 + Number(fmt[i])
    let modifier = ''
    if (fmt[i] === 'E' || fmt[i] === 'O') modifier = fmt[i++]
    const conv = i < fmt.length ? fmt[i++] : ''
    const done = conversion(conv, modifier, spec, tm)
    // glibc's bad_format: the whole sequence as written, padded and case-converted.
    out += done ?? copy(fmt.slice(start, i), spec)
  }
  return out
}

const hour12 = (tm: Tm) => tm.hour % 12 || 12
const mod100 = (n: number) => ((n % 100) + 100) % 100

/** Numeric conversions: glibc's digits and the value (DO_NUMBER). */
const NUMBERS: Record<string, [digits: number, value: (tm: Tm) => number]> = {
  C: [1, (tm) => Math.floor(tm.year / 100)],
  d: [2, (tm) => tm.mday],
  g: [2, (tm) => mod100(iso(tm)[0])],
  G: [1, (tm) => iso(tm)[0]],
  H: [2, (tm) => tm.hour],
  I: [2, hour12],
  j: [3, (tm) => tm.yday + 1],
  m: [2, (tm) => tm.mon + 1],
  M: [2, (tm) => tm.min],
  S: [2, (tm) => tm.sec],
  u: [1, (tm) => ((tm.wday + 6) % 7) + 1],
  U: [2, (tm) => Math.floor((tm.yday - tm.wday + 7) / 7)],
  V: [2, (tm) => iso(tm)[1]],
  w: [1, (tm) => tm.wday],
  W: [2, (tm) => Math.floor((tm.yday - ((tm.wday + 6) % 7) + 7) / 7)],
  y: [2, (tm) => mod100(tm.year)],
  Y: [1, (tm) => tm.year],
}

/** Numeric conversions padded with spaces by default (DO_NUMBER_SPACEPAD). */
const SPACE_PADDED: Record<string, (tm: Tm) => number> = { e: (tm) => tm.mday, k: (tm) => tm.hour, l: hour12 }

/** Composite conversions, padded as a whole. */
const SUBFORMATS: Record<string, string> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  F: '%Y-%m-%d',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  x: '%m/%d/%y',
  X: '%H:%M:%S',
}

/** A conversion's text, or null when glibc copies the sequence as written. */
function conversion(c: string, modifier: string, s: Spec, tm: Tm): string | null {
  // glibc upper-cases month names with `#` before it looks at the modifier.
  if (s.changeCase && (c === 'b' || c === 'h' || c === 'B')) s.upper = true
  if ((modifier === 'E' && BAD_WITH_E.has(c)) || (modifier === 'O' && BAD_WITH_O.has(c))) return null
  if (c in NUMBERS) return number(NUMBERS[c][0], NUMBERS[c][1](tm), s)
  if (c in SPACE_PADDED) return number(2, SPACE_PADDED[c](tm), { ...s, pad: s.pad === '0' || s.pad === '-' ? s.pad : '_' })
  if (c in SUBFORMATS) {
    const text = format(SUBFORMATS[c], tm)
    return padTo(s.upper ? text.toUpperCase() : text, s)
  }
  switch (c) {
    case '%':
      return copy('%', s)
    case 'n':
      return copy('\n', s)
    case 't':
      return copy('\t', s)
    case 'a':
    case 'A':
      if (s.changeCase) s.upper = true
      return copy(c === 'A' ? DAYS[tm.wday] : DAYS[tm.wday].slice(0, 3), s)
    case 'b':
    case 'h':
      return copy(MONTHS[tm.mon].slice(0, 3), s)
    case 'B':
      return copy(MONTHS[tm.mon], s)
    case 'P':
    case 'p':
      if (c === 'P' || s.changeCase) s.lower = true
      return copy(tm.hour < 12 ? 'AM' : 'PM', s)
    case 's':
      // glibc formats the epoch without DO_NUMBER's zero padding.
      return padTo(String(tm.epoch), s)
    case 'z': {
      const sign = copy(tm.gmtoff < 0 ? '-' : '+', s)
      const minutes = Math.floor(Math.abs(tm.gmtoff) / 60)
      return sign + number(4, Math.floor(minutes / 60) * 100 + (minutes % 60), s)
    }
    case 'Z':
      if (s.changeCase) s.lower = true
      return copy(tm.zone(), s)
    default:
      return null
  }
}

/** glibc's `cpy`: the text, padded to the width (zeros with `0`, else spaces), case-converted. */
function copy(text: string, s: Spec): string {
  const cased = s.lower ? text.toLowerCase() : s.upper ? text.toUpperCase() : text
  return padTo(cased, s)
}

function padTo(text: string, s: Spec): string {
  const gap = s.width - text.length
  return gap > 0 ? (s.pad === '0' ? '0' : ' ').repeat(gap) + text : text
}

/**
 * glibc's DO_NUMBER: at least `digits` digits, or the width if wider, padded with zeros
 * (spaces with `_`, not at all with `-`, when the width then pads with spaces).
 */
function number(digits: number, value: number, s: Spec): string {
  const negative = value < 0
  let body = String(Math.abs(value))
  let lead = ''
  let width = s.width
  const padding = Math.max(digits, s.width) - body.length - (negative ? 1 : 0)
  if (s.pad !== '-' && padding > 0) {
    if (s.pad === '_') lead = ' '.repeat(padding)
    else body = '0'.repeat(padding) + body
    width = width > padding ? width - padding : 0
  }
  return lead + copy((negative ? '-' : '') + body, { ...s, width })
}

/** ISO 8601: the year and week number (%G, %V). */
function iso(tm: Tm): [number, number] {
  const weekday = (tm.wday + 6) % 7 // Monday = 0
  const thursday = tm.yday - weekday + 3 // the yday of this week's Thursday
  const daysIn = (y: number) => ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365)
  if (thursday < 0) return [tm.year - 1, Math.floor((thursday + daysIn(tm.year - 1)) / 7) + 1]
  if (thursday >= daysIn(tm.year)) return [tm.year + 1, 1]
  return [tm.year, Math.floor(thursday / 7) + 1]
}
