/**
 * Python's `configparser.ConfigParser` as the `ini` lookup uses it: `read_file` of one
 * text (RawConfigParser._read: `#`/`;` full-line comments, indented continuation lines,
 * empty lines kept inside values, `=` or `:` delimiters, DEFAULT section, strict duplicate
 * checks, valueless options with allow_no_value), `get` and `items` with BasicInterpolation
 * (`%(name)s`, `%%`). Errors carry Python's class names and messages.
 */
import { reprString } from './values.js'

export class ConfigParserError extends Error {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message)
    this.name = pyClass
  }
}

const DEFAULT = 'DEFAULT'
const MAX_INTERPOLATION_DEPTH = 10

type Section = Map<string, string | null>

export interface ConfigParserOptions {
  allowNoValue?: boolean
  /** optionxform: lower-cases option names unless replaced (case_sensitive). */
  optionxform?: (name: string) => string
}

export class ConfigParser {
  private readonly defaults: Section = new Map()
  private readonly sections = new Map<string, Section>()
  private readonly optionxform: (name: string) => string

  constructor(private readonly options: ConfigParserOptions = {}) {
    this.optionxform = options.optionxform ?? ((s) => s.toLowerCase())
  }

  /** RawConfigParser.read_file / _read, `source` named as Python names a StringIO. */
  readString(text: string, source = '<???>'): void {
    const added = new Set<string>()
    let cursect: Map<string, string[] | null> | null = null
    let sectname = ''
    let optname: string | null = null
    let indentLevel = 0
    const errors: [number, string][] = []
    const pending = new Map<Map<string, string[] | null>, Section>()
    const lines = splitLinesKeepEnds(text)
    lines.forEach((line, i) => {
      const lineno = i + 1
      const stripped = pyStrip(line)
      const isComment = stripped.startsWith('#') || stripped.startsWith(';')
      const value = isComment ? '' : stripped
      if (!value) {
        // empty_lines_in_values: an empty line belongs to the value being read.
        if (!isComment && cursect && optname && cursect.get(optname) !== null && cursect.get(optname) !== undefined) cursect.get(optname)!.push('')
        return
      }
      const firstNonspace = /\S/.exec(line)
      const curIndent = firstNonspace ? firstNonspace.index : 0
      if (cursect && optname && curIndent > indentLevel) {
        const v = cursect.get(optname)
        if (v) v.push(value)
        return
      }
      indentLevel = curIndent
      const header = /^\[(.+)\]/s.exec(value)
      if (header) {
        sectname = header[1]
        if (this.sections.has(sectname)) {
          if (added.has(sectname)) throw new ConfigParserError('DuplicateSectionError', `While reading from ${reprString(source)} [line ${String(lineno).padStart(2)}]: section ${reprString(sectname)} already exists`)
          cursect = sectionLines(pending, this.sections.get(sectname)!)
          added.add(sectname)
        } else if (sectname === DEFAULT) {
          cursect = sectionLines(pending, this.defaults)
        } else {
          const s: Section = new Map()
          this.sections.set(sectname, s)
          cursect = sectionLines(pending, s)
          added.add(sectname)
        }
        optname = null
        return
      }
      if (!cursect) {
        throw new ConfigParserError('MissingSectionHeaderError', `File contains no section headers.\nfile: ${reprString(source)}, line: ${lineno}\n${reprString(line)}`)
      }
      const m = this.options.allowNoValue ? /^(.*?)\s*(?:(=|:)\s*(.*))?$/s.exec(value) : /^(.*?)\s*(=|:)\s*(.*)$/s.exec(value)
      if (!m) {
        errors.push([lineno, line])
        return
      }
      if (!m[1]) errors.push([lineno, line])
      optname = this.optionxform(pyRstrip(m[1]))
      const key = `${sectname}\u0000${optname}`
      if (added.has(key)) {
        throw new ConfigParserError('DuplicateOptionError', `While reading from ${reprString(source)} [line ${String(lineno).padStart(2)}]: option ${reprString(optname)} in section ${reprString(sectname)} already exists`)
      }
      added.add(key)
      cursect.set(optname, m[2] === undefined ? null : [pyStrip(m[3])])
    })
    // _join_multiline_values
    for (const [lines, target] of pending) {
      for (const [k, v] of lines) target.set(k, v === null ? null : pyRstrip(v.join('\n')))
    }
    if (errors.length) {
      throw new ConfigParserError('ParsingError', `Source contains parsing errors: ${reprString(source)}${errors.map(([n, l]) => `\n\t[line ${String(n).padStart(2)}]: ${reprString(l)}`).join('')}`)
    }
  }

  /** ConfigParser.get(section, option) with BasicInterpolation. */
  get(section: string, option: string): string | null {
    const d = this.unify(section)
    const name = this.optionxform(option)
    if (!d.has(name)) throw new ConfigParserError('NoOptionError', `No option ${reprString(name)} in section: ${reprString(section)}`)
    return this.interpolate(section, name, d.get(name)!, d)
  }

  /** ConfigParser.items(section): the defaults then the section's own options, interpolated. */
  items(section: string): [string, string | null][] {
    const d = this.unify(section)
    return [...d.keys()].map((k) => [k, this.interpolate(section, k, d.get(k)!, d)])
  }

  private unify(section: string): Section {
    const s = this.sections.get(section)
    if (!s && section !== DEFAULT) throw new ConfigParserError('NoSectionError', `No section: ${reprString(section)}`)
    return new Map([...this.defaults, ...(s ?? [])])
  }

  /** BasicInterpolation.before_get. */
  private interpolate(section: string, option: string, value: string | null, map: Section): string | null {
    if (value === null) return null
    const out: string[] = []
    this.interpolateSome(option, out, value, section, map, 1)
    return out.join('')
  }

  private interpolateSome(option: string, accum: string[], rest: string, section: string, map: Section, depth: number): void {
    const rawval = map.get(option) ?? rest
    if (depth > MAX_INTERPOLATION_DEPTH) {
      throw new ConfigParserError('InterpolationDepthError', `Recursion limit exceeded in value substitution: option ${reprString(option)} in section ${reprString(section)} contains an interpolation key which cannot be substituted in ${MAX_INTERPOLATION_DEPTH} steps. Raw value: ${reprString(rawval ?? '')}`)
    }
    while (rest) {
      const p = rest.indexOf('%')
      if (p < 0) {
        accum.push(rest)
        return
      }
      if (p > 0) {
        accum.push(rest.slice(0, p))
        rest = rest.slice(p)
      }
      const c = rest[1]
      if (c === '%') {
        accum.push('%')
        rest = rest.slice(2)
      } else if (c === '(') {
        const m = /^%\((.+?)\)s/s.exec(rest)
        if (!m) throw new ConfigParserError('InterpolationSyntaxError', `bad interpolation variable reference ${reprString(rest)}`)
        const name = this.optionxform(m[1])
        rest = rest.slice(m[0].length)
        if (!map.has(name)) {
          throw new ConfigParserError('InterpolationMissingOptionError', `Bad value substitution: option ${reprString(option)} in section ${reprString(section)} contains an interpolation key ${reprString(name)} which is not a valid option name. Raw value: ${reprString(rawval ?? '')}`)
        }
        const v = map.get(name)
        if (v !== null && v !== undefined && v.includes('%')) this.interpolateSome(name, accum, v, section, map, depth + 1)
        else accum.push(v ?? 'None')
      } else {
        throw new ConfigParserError('InterpolationSyntaxError', `'%' must be followed by '%' or '(', found: ${reprString(rest)}`)
      }
    }
  }
}

/** The lines being read into a section (values are lists until _join_multiline_values). */
function sectionLines(pending: Map<Map<string, string[] | null>, Section>, target: Section): Map<string, string[] | null> {
  for (const [lines, t] of pending) if (t === target) return lines
  const lines = new Map<string, string[] | null>()
  pending.set(lines, target)
  return lines
}

/** Iterating a StringIO: lines split after `\n`, ends kept. */
function splitLinesKeepEnds(text: string): string[] {
  const out = text.split(/(?<=\n)/)
  return out.length === 1 && out[0] === '' ? [] : out
}

const WS = '[\\s\\u001c-\\u001f\\u0085]'
function pyStrip(s: string): string {
  return s.replace(new RegExp(`^${WS}+|${WS}+$`, 'gu'), '')
}
function pyRstrip(s: string): string {
  return s.replace(new RegExp(`${WS}+$`, 'u'), '')
}
