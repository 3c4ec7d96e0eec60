/** Python's `time.strftime(fmt, localtime(secs) | gmtime(secs))` for the C locale. */
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const p2 = (n: number) => String(n).padStart(2, '0')

export function strftime(fmt: string, secs: number | null, utc: boolean): string {
  const d = new Date(secs === null ? Date.now() : Math.floor(secs) * 1000)
  const g = utc
    ? { Y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds(), w: d.getUTCDay() }
    : { Y: d.getFullYear(), m: d.getMonth(), d: d.getDate(), H: d.getHours(), M: d.getMinutes(), S: d.getSeconds(), w: d.getDay() }
  const start = Date.UTC(g.Y, 0, 1)
  const yday = Math.floor((Date.UTC(g.Y, g.m, g.d) - start) / 86400000) + 1
  const off = utc ? 0 : -d.getTimezoneOffset()
  const tz = `${off < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(off) / 60))}${p2(Math.abs(off) % 60)}`
  const conv: Record<string, () => string> = {
    Y: () => String(g.Y),
    y: () => p2(g.Y % 100),
    m: () => p2(g.m + 1),
    d: () => p2(g.d),
    e: () => String(g.d).padStart(2, ' '),
    H: () => p2(g.H),
    I: () => p2(g.H % 12 || 12),
    M: () => p2(g.M),
    S: () => p2(g.S),
    p: () => (g.H < 12 ? 'AM' : 'PM'),
    a: () => DAYS[g.w].slice(0, 3),
    A: () => DAYS[g.w],
    b: () => MONTHS[g.m].slice(0, 3),
    h: () => MONTHS[g.m].slice(0, 3),
    B: () => MONTHS[g.m],
    j: () => String(yday).padStart(3, '0'),
    w: () => String(g.w),
    u: () => String(g.w || 7),
    z: () => tz,
    Z: () => (utc ? 'GMT' : Intl.DateTimeFormat('en', { timeZoneName: 'short' }).formatToParts(d).find((x) => x.type === 'timeZoneName')?.value ?? ''),
    s: () => String(Math.floor(d.getTime() / 1000)),
    F: () => `${g.Y}-${p2(g.m + 1)}-${p2(g.d)}`,
    T: () => `${p2(g.H)}:${p2(g.M)}:${p2(g.S)}`,
    D: () => `${p2(g.m + 1)}/${p2(g.d)}/${p2(g.Y % 100)}`,
    R: () => `${p2(g.H)}:${p2(g.M)}`,
    c: () => `${DAYS[g.w].slice(0, 3)} ${MONTHS[g.m].slice(0, 3)} ${String(g.d).padStart(2, ' ')} ${p2(g.H)}:${p2(g.M)}:${p2(g.S)} ${g.Y}`,
    x: () => `${p2(g.m + 1)}/${p2(g.d)}/${p2(g.Y % 100)}`,
    X: () => `${p2(g.H)}:${p2(g.M)}:${p2(g.S)}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  }
  return fmt.replace(/%(.)/gs, (m, c: string) => (conv[c] ? conv[c]() : m))
}
