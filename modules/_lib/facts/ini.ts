/**
 * Python's configparser.ConfigParser as the `local` collector uses it on a .fact file that
 * is not JSON: sections (DEFAULT's options in each), `key = value` or `key: value` with
 * the key lowercased, `#`/`;` comment lines, indented continuation lines, and
 * `%(name)s` interpolation. Parse errors throw IniError (configparser.Error).
 */

export class IniError extends Error {}

export function parseIni(text: string): Record<string, Record<string, string>> {
  const sections = new Map<string, Map<string, string[]>>()
  const defaults = new Map<string, string[]>()
  let cur: Map<string, string[]> | undefined
  let curName = ''
  let opt: string | undefined
  let optIndent = 0
  const errors: string[] = []
  const lines = text.split(/\r\n|\n|\r/)
  lines.forEach((line, i) => {
    const value = line.trim()
    if (value.startsWith('#') || value.startsWith(';')) return
    if (value === '') {
      // An empty line inside a multi-line value is kept; it ends nothing else.
      if (cur && opt !== undefined) cur.get(opt)?.push('')
      return
    }
    const indent = line.length - line.trimStart().length
    if (cur && opt !== undefined && indent > optIndent) {
      cur.get(opt)!.push(value)
      return
    }
    const header = /^\[(.+)\]/.exec(value)
    if (header) {
      curName = header[1]
      if (curName === 'DEFAULT') cur = defaults
      else {
        if (sections.has(curName)) throw new IniError(`While reading from '<???>' [line ${i + 1}]: section '${curName}' already exists`)
        cur = new Map()
        sections.set(curName, cur)
      }
      opt = undefined
      return
    }
    if (!cur) throw new IniError(`File contains no section headers.\nfile: '<???>', line: ${i + 1}\n${JSON.stringify(line + '\n')}`)
    const m = /^(.*?)\s*([=:])\s*(.*)$/.exec(value)
    if (!m || m[1] === '') {
      errors.push(`[line ${i + 1}]: ${JSON.stringify(line + '\n')}`)
      opt = undefined
      return
    }
    const key = m[1].trimEnd().toLowerCase()
    if (cur.has(key)) throw new IniError(`While reading from '<???>' [line ${i + 1}]: option '${key}' in section '${curName}' already exists`)
    cur.set(key, [m[3].trim()])
    opt = key
    optIndent = indent
  })
  if (errors.length) throw new IniError(`Source contains parsing errors: '<???>'\n\t${errors.join('\n\t')}`)
  const out: Record<string, Record<string, string>> = {}
  const join = (v: string[]) => v.join('\n').replace(/\s+$/, '')
  for (const [name, opts] of sections) {
    const raw = new Map<string, string>()
    for (const [k, v] of defaults) raw.set(k, join(v))
    for (const [k, v] of opts) raw.set(k, join(v))
    const section: Record<string, string> = {}
    for (const k of new Set([...opts.keys(), ...defaults.keys()])) section[k] = interpolate(raw.get(k)!, raw, name, k, 0)
    out[name] = section
  }
  return out
}

/** BasicInterpolation: `%(name)s` from the section (and DEFAULT), `%%` a percent sign. */
function interpolate(value: string, opts: Map<string, string>, section: string, option: string, depth: number): string {
  if (depth > 10) throw new IniError(`Recursion limit exceeded in value substitution: option '${option}' in section '${section}'`)
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]
    if (ch !== '%') {
      out += ch
      continue
    }
    const next = value[i + 1]
    if (next === '%') {
      out += '%'
      i++
    } else if (next === '(') {
      const m = /^%\(([^)]+)\)s/.exec(value.slice(i))
      if (!m) throw new IniError(`bad interpolation variable reference '${value.slice(i)}'`)
      const ref = m[1].toLowerCase()
      const v = opts.get(ref)
      if (v === undefined) throw new IniError(`Bad value substitution: option '${option}' in section '${section}' contains an interpolation key '${ref}' which is not a valid option name. Raw value: '${value}'`)
      out += interpolate(v, opts, section, option, depth + 1)
      i += m[0].length - 1
    } else {
      throw new IniError(`'%' must be followed by '%' or '(', found: '${value.slice(i)}'`)
    }
  }
  return out
}
