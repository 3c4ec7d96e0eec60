/** Python's `str(datetime.now())` and `str(timedelta)`, as command/shell results show them. */

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** `2026-11-23 07:30:00.123456` in local time (microseconds from a millisecond clock). */
export function pyDatetime(ms: number, micros = 0): string {
  const d = new Date(ms)
  const us = (d.getMilliseconds() * 1000 + micros) % 1_000_000
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(us, 6)}`
}

/** `0:00:01.234567`, Python's timedelta text for a non-negative duration in milliseconds. */
export function pyTimedelta(ms: number): string {
  const totalUs = Math.max(0, Math.round(ms * 1000))
  const us = totalUs % 1_000_000
  let s = Math.floor(totalUs / 1_000_000)
  const days = Math.floor(s / 86400)
  s %= 86400
  const text = `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}${us ? `.${pad(us, 6)}` : ''}`
  return days ? `${days} day${days === 1 ? '' : 's'}, ${text}` : text
}
