/**
 * The INI side of kolla's `merge_configs` (ansible/action_plugins/merge_configs.py):
 * oslo.config's `iniparser` line rules feeding kolla's overriding parser, and its
 * writer.
 *
 * - One `IniMerger` takes every source in order (`parse`), then `write()` gives the file.
 * - Within one source a repeated key accumulates one value-list per occurrence; a later
 *   source replaces the whole list of a (section, key) it sets.
 * - Sections and keys keep their first-seen order; comments and layout are dropped.
 * - Keys before any section go to an orphan section, written without a header.
 */
import { pyLstrip, pyRstrip, pyStrip, reprString } from '../../src/plugin-kit.js'

/** The name kolla gives the section of keys that precede any `[section]`. */
const ORPHAN_SECTION = 'TEMPORARY_ORPHAN_VARIABLE_SECTION'

/** oslo.config's `iniparser.ParseError`; `message` is its `str()`. */
export class IniParseError extends Error {
  constructor(
    readonly msg: string,
    readonly lineno: number,
    readonly line: string,
  ) {
    super(`at line ${lineno}, ${msg}: ${reprString(line)}`)
    this.name = 'ParseError'
  }
}

/** A value-list: one assignment's lines (the first plus its continuation lines). */
type ValueList = string[]
export type IniSections = Map<string, Map<string, ValueList[]>>

/** Splits text into lines as iterating a Python StringIO does (on `\n` only). */
function lines(text: string): string[] {
  const out = text.split('\n')
  if (out.length && out[out.length - 1] === '') out.pop()
  return out
}

export class IniMerger {
  /** The merged sections, in first-seen order. */
  readonly sections: IniSections = new Map()
  /** Like oslo's parser, the line counter runs on across sources. */
  private lineno = 0
  private readonly ws: string

  constructor(whitespace = true) {
    this.ws = whitespace ? ' ' : ''
  }

  /** Parses one source and merges it over what came before. Throws `IniParseError`. */
  parse(text: string): void {
    const cur: IniSections = new Map()
    let section: Map<string, ValueList[]> | null = null

    const assign = (key: string, value: ValueList) => {
      if (section === null) section = openSection(ORPHAN_SECTION)
      const v = value.length === 1 && value[0] === '' ? [] : value
      const existing = section.get(key)
      if (existing && existing.length) existing.push(v)
      else section.set(key, [v])
    }
    const openSection = (name: string) => {
      let s = cur.get(name)
      if (!s || s.size === 0) {
        s = new Map()
        cur.set(name, s)
      }
      return s
    }
    const fail = (msg: string, line: string): never => {
      throw new IniParseError(msg, this.lineno, line)
    }

    let key: string | null = null
    let value: ValueList = []
    for (const raw of lines(text)) {
      this.lineno++
      const line = pyRstrip(raw)
      if (!line) {
        if (key) {
          assign(key, value)
          key = null
          value = []
        }
        continue
      }
      if (line.startsWith(' ') || line.startsWith('\t')) {
        if (key === null) fail('Unexpected continuation line', line)
        else value.push(pyLstrip(line))
        continue
      }
      if (key) {
        assign(key, value)
        key = null
        value = []
      }
      if (line.startsWith('[')) {
        if (!line.endsWith(']')) fail('Invalid section (must end with ])', line)
        if (line.length <= 2) fail('Empty section name', line)
        section = openSection(line.slice(1, -1))
      } else if (line.startsWith('#') || line.startsWith(';')) {
        // a comment
      } else {
        const colon = line.indexOf(':')
        const equal = line.indexOf('=')
        if (colon < 0 && equal < 0) fail("No ':' or '=' found in assignment", line)
        const at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon
        let v = pyStrip(line.slice(at + 1))
        if (v && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1)
        const k = pyStrip(line.slice(0, at))
        if (!k) fail('Key cannot be empty', line)
        key = k
        value = [v]
      }
    }
    if (key) assign(key, value)

    for (const [name, values] of cur) {
      let target = this.sections.get(name)
      if (!target) {
        target = new Map()
        this.sections.set(name, target)
      }
      for (const [k, v] of values) target.set(k, v)
    }
  }

  /** The merged file, in kolla's output format. */
  write(): string {
    const ws = this.ws
    let out = ''
    for (const [name, section] of this.sections) {
      if (name !== ORPHAN_SECTION) out += `[${name}]\n`
      for (const [key, values] of section) {
        for (const v of values) {
          if (!v.length) out += `${key}${ws}=\n`
          v.forEach((line, i) => {
            if (i === 0) out += `${key}${ws}=${ws}${line}\n`
            else out += `${' '.repeat(len(key) + ws.length * 2 + 1)}${line}\n`
          })
        }
      }
      out += '\n'
    }
    return out
  }
}

/** Python's len() of a str: code points. */
function len(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Merges INI texts in order, as merge_configs does, and returns the written file. */
export function mergeIni(sources: readonly string[], whitespace = true): string {
  const m = new IniMerger(whitespace)
  for (const s of sources) m.parse(s)
  return m.write()
}
