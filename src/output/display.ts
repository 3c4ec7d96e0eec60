/**
 * The terminal writer every callback and the engine print through (Ansible's Display):
 * banners, verbose messages, and warnings, deprecations and errors wrapped to the column
 * width and shown once per run. One instance per run; output goes to the injected
 * streams only, so tests capture it.
 */
import { EngineError } from '../errors/errors.js'
import { DEFAULT_COLORS, stringc, useColor, type ColorScheme, type Colorizer } from './color.js'
import { textWidth } from './text-width.js'
import { wrap } from '../py/textwrap.js'

/** Where output goes: a Node stream or anything with `write`. */
export interface OutputStream {
  write(chunk: string): unknown
}

export interface DisplayOptions {
  stdout: OutputStream
  stderr: OutputStream
  /** The number of `-v`. */
  verbosity?: number
  /** Banner and wrap width: 79 off a terminal, else `max(79, columns - 1)` (see `bannerColumns`). */
  columns?: number
  /** Whether to colour (see `useColor`). */
  color?: boolean
  colors?: Partial<ColorScheme>
  /** DEPRECATION_WARNINGS (default true). */
  deprecationWarnings?: boolean
  /** VERBOSE_TO_STDERR: verbose messages on stderr. */
  verboseToStderr?: boolean
}

export interface DisplayMessageOptions {
  /** A colour name (see color.ts); ignored when colours are off. */
  color?: string | null
  stderr?: boolean
  /** Ansible's screen_only/log_only: tsible has no log file, so log-only text is not shown. */
  screenOnly?: boolean
  logOnly?: boolean
  newline?: boolean
}

export interface Deprecation {
  msg: string
  version?: string | null
  date?: string | null
  collectionName?: string | null
  removed?: boolean
}

/** Ansible's banner width: `max(79, terminal columns - 1)` on a terminal, 79 otherwise. */
export function bannerColumns(isTTY: boolean, terminalColumns?: number): number {
  return isTTY && terminalColumns ? Math.max(79, terminalColumns - 1) : 79
}

/** A terminal stream as Node gives it (process.stdout): is it a TTY, how wide. */
export interface TerminalStream extends OutputStream {
  isTTY?: boolean
  columns?: number
}

/**
 * The run's Display for these streams: width from stdout's terminal, colours as Ansible
 * decides them (see `useColor`).
 */
export function createDisplay(
  streams: { stdout: TerminalStream; stderr: OutputStream },
  settings: Omit<DisplayOptions, 'stdout' | 'stderr' | 'columns' | 'color'> & { nocolor?: boolean; forceColor?: boolean },
): Display {
  const { nocolor, forceColor, ...rest } = settings
  const isTTY = Boolean(streams.stdout.isTTY)
  return new Display({
    ...rest,
    stdout: streams.stdout,
    stderr: streams.stderr,
    columns: bannerColumns(isTTY, streams.stdout.columns),
    color: useColor({ nocolor, forceColor, isTTY }),
  })
}

export class Display {
  readonly verbosity: number
  readonly columns: number
  readonly colors: Colorizer
  private readonly shown = { warnings: new Set<string>(), deprecations: new Set<string>(), errors: new Set<string>() }

  constructor(private readonly options: DisplayOptions) {
    this.verbosity = options.verbosity ?? 0
    this.columns = options.columns ?? 79
    this.colors = { ...DEFAULT_COLORS, ...options.colors, enabled: options.color ?? false }
  }

  /** Prints a message and a newline (one newline even if `msg` ends with one). */
  display(msg: string, opts: DisplayMessageOptions = {}): void {
    if (opts.logOnly) return
    const hasNewline = msg.endsWith('\n')
    let text = hasNewline ? msg.slice(0, -1) : msg
    if (opts.color) text = stringc(text, opts.color, this.colors.enabled)
    if (hasNewline || (opts.newline ?? true)) text += '\n'
    ;(opts.stderr ? this.options.stderr : this.options.stdout).write(text)
  }

  /** `\nMSG ****...` filling the column width (at least three stars). */
  banner(msg: string, color?: string | null): void {
    const text = msg.trim()
    const stars = Math.max(3, this.columns - textWidth(text))
    this.display(`\n${text} ${'*'.repeat(stars)}`, { color })
  }

  /** A message shown only above verbosity `caplevel` (v: 0, vv: 1, vvv: 2, vvvv: 3). */
  verbose(msg: string, host?: string, caplevel = 2): void {
    if (this.verbosity <= caplevel) return
    const text = host === undefined ? msg : `<${host}> ${msg}`
    this.display(text, { color: this.colors.verbose, stderr: this.options.verboseToStderr ?? false })
  }

  v(msg: string, host?: string): void {
    this.verbose(msg, host, 0)
  }
  vv(msg: string, host?: string): void {
    this.verbose(msg, host, 1)
  }
  vvv(msg: string, host?: string): void {
    this.verbose(msg, host, 2)
  }
  vvvv(msg: string, host?: string): void {
    this.verbose(msg, host, 3)
  }

  /** `[WARNING]: msg` on stderr, wrapped; the same text is shown once per run. */
  warning(msg: string, formatted = false): void {
    const text = formatted ? `\n[WARNING]: \n${msg}` : wrap(`[WARNING]: ${msg}`, this.columns).join('\n') + '\n'
    if (this.shown.warnings.has(text)) return
    this.shown.warnings.add(text)
    this.display(text, { color: this.colors.warn, stderr: true })
  }

  /** `[DEPRECATION WARNING]: ...` on stderr, once per run; a removed feature is an error. */
  deprecated(dep: Deprecation): void {
    if (!dep.removed && this.options.deprecationWarnings === false) return
    const message = deprecationMessage(dep)
    if (dep.removed) throw new EngineError(message)
    // Whitespace is kept at the line ends (Ansible wraps with drop_whitespace=False).
    const text = wrap(message, this.columns, { dropWhitespace: false }).join('\n') + '\n'
    if (this.shown.deprecations.has(text)) return
    this.shown.deprecations.add(text)
    this.display(text.trim(), { color: this.colors.deprecate, stderr: true })
  }

  /** `[ERROR]: msg` (wrapped) or `ERROR! msg` on stderr, once per run. */
  error(msg: string, wrapText = true): void {
    const text = wrapText ? wrap(`\n[ERROR]: ${msg}`, this.columns).join('\n') + '\n' : `ERROR! ${msg}`
    if (this.shown.errors.has(text)) return
    this.shown.errors.add(text)
    this.display(text, { color: this.colors.error, stderr: true })
  }
}

/** The sentence Ansible builds for a deprecation (Display.get_deprecation_message). */
function deprecationMessage(dep: Deprecation): string {
  let msg = dep.msg.trim()
  if (msg && !['!', '?', '.'].includes(msg[msg.length - 1]!)) msg += '.'
  const collection = dep.collectionName === 'ansible.builtin' ? 'ansible-core' : dep.collectionName
  const parts = dep.removed
    ? [`[DEPRECATED]: ${msg}`, 'This feature was removed']
    : [`[DEPRECATION WARNING]: ${msg}`, 'This feature will be removed']
  if (collection) parts.push(`from ${collection}`)
  parts.push(dep.date ? `in a release after ${dep.date}.` : dep.version ? `in version ${dep.version}.` : 'in a future release.')
  parts.push(dep.removed ? 'Please update your playbooks.' : 'Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.')
  return parts.join(' ')
}
