/**
 * Terminal colours as Ansible applies them (ansible/utils/color.py): named colours and
 * `colorN`/`rgbRGB`/`grayN` forms, each line of a text wrapped separately.
 */

/** The colour of each kind of output; Ansible's COLOR_* settings (ANSIBLE_COLOR_OK, ...). */
export interface ColorScheme {
  changed: string
  debug: string
  deprecate: string
  diffAdd: string
  diffLines: string
  diffRemove: string
  error: string
  highlight: string
  ok: string
  skip: string
  unreachable: string
  verbose: string
  warn: string
}

export const DEFAULT_COLORS: Readonly<ColorScheme> = {
  changed: 'yellow',
  debug: 'dark gray',
  deprecate: 'purple',
  diffAdd: 'green',
  diffLines: 'cyan',
  diffRemove: 'red',
  error: 'red',
  highlight: 'white',
  ok: 'green',
  skip: 'cyan',
  unreachable: 'bright red',
  verbose: 'blue',
  warn: 'bright purple',
}

/** A colour scheme and whether colours are on at all. */
export interface Colorizer extends ColorScheme {
  enabled: boolean
}

const CODES: Record<string, string> = {
  black: '0;30',
  'bright gray': '0;37',
  blue: '0;34',
  white: '1;37',
  green: '0;32',
  'bright blue': '1;34',
  cyan: '0;36',
  'bright green': '1;32',
  red: '0;31',
  'bright cyan': '1;36',
  purple: '0;35',
  'bright red': '1;31',
  yellow: '0;33',
  'bright purple': '1;35',
  'dark gray': '1;30',
  'bright yellow': '1;33',
  magenta: '0;35',
  'bright magenta': '1;35',
  normal: '0',
}

/** The SGR parameters of a colour name. */
function parseColor(name: string): string {
  const m = /^(?:color(\d+)|rgb([0-5])([0-5])([0-5])|gray(\d+))/.exec(name)
  if (!m) {
    const code = CODES[name]
    if (code === undefined) throw new RangeError(`unknown color '${name}'`)
    return code
  }
  if (m[1] !== undefined) return `38;5;${Number(m[1])}`
  if (m[2] !== undefined) return `38;5;${16 + 36 * Number(m[2]) + 6 * Number(m[3]) + Number(m[4])}`
  return `38;5;${232 + Number(m[5])}`
}

/** Text in a colour; each line is wrapped on its own, so an embedded newline stays uncoloured. */
export function stringc(text: string, color: string, enabled: boolean): string {
  if (!enabled) return text
  const code = parseColor(color)
  return text
    .split('\n')
    .map((t) => `\x1b[${code}m${t}\x1b[0m`)
    .join('\n')
}

/** `lead=num` padded for the recap, coloured when non-zero. */
export function colorize(lead: string, num: number, color: string | null, enabled: boolean): string {
  const s = `${lead}=${String(num).padEnd(4)}`
  return num !== 0 && enabled && color !== null ? stringc(s, color, true) : s
}

/** The recap's host column: padded to 26, or to 37 around the colour codes. */
export function hostcolor(
  host: string,
  stats: { failures: number; unreachable: number; changed: number },
  colors: Colorizer,
): string {
  if (!colors.enabled) return host.padEnd(26)
  const color = stats.failures !== 0 || stats.unreachable !== 0 ? colors.error : stats.changed !== 0 ? colors.changed : colors.ok
  return stringc(host, color, true).padEnd(37)
}

/**
 * Whether Ansible would colour its output: never off a terminal or with nocolor, unless
 * force_color, which wins over both (ansible/utils/color.py checks it last).
 */
export function useColor(settings: { nocolor?: boolean; forceColor?: boolean; isTTY?: boolean }): boolean {
  if (settings.forceColor) return true
  return !settings.nocolor && Boolean(settings.isTTY)
}
