/**
 * ansible.cfg discovery and the typed view of every setting.
 *
 * Discovery (Ansible's find_ini_config_file): $ANSIBLE_CONFIG (a directory means
 * <dir>/ansible.cfg), ./ansible.cfg unless the cwd is world-writable, ~/.ansible.cfg,
 * /etc/ansible/ansible.cfg. Only the first file found is read; files are never merged.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { EngineError } from '../errors/errors.js'
import { SETTINGS, type SettingDefinition, type SettingName } from './settings.js'
import { boolean } from '../py/boolean.js'

export interface ConfigSource {
  env?: NodeJS.ProcessEnv
  cwd?: string
}

export class Config {
  private readonly values = new Map<string, unknown>()
  /** Settings that came from the file, for `-v`'s "Using ... as config file". */
  readonly warnings: string[] = []

  constructor(
    /** The ansible.cfg in use, or null ("No config file found; using defaults"). */
    readonly file: string | null,
    private readonly ini: IniFile,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
  ) {}

  get<T = unknown>(name: SettingName): T {
    if (!this.values.has(name)) this.values.set(name, this.resolve(SETTINGS[name]))
    return this.values.get(name) as T
  }

  /** Sets a value from the command line (the highest source). */
  set(name: SettingName, value: unknown): void {
    this.values.set(name, value)
  }

  /** Reads a value of a plugin's own ini section, e.g. `[callback_json] json_indent`. */
  raw(section: string, key: string): string | undefined {
    return this.ini.get(section)?.get(key)
  }

  private resolve(def: SettingDefinition): unknown {
    for (const name of def.env ?? []) {
      const v = this.env[name]
      if (v !== undefined) return convert(v, def.type, this.cwd)
    }
    for (const [section, key] of def.ini ?? []) {
      const v = this.ini.get(section)?.get(key)
      if (v !== undefined) return convert(v, def.type, this.file ? dirname(this.file) : this.cwd)
    }
    return def.type.startsWith('path') && def.default !== null ? convert(def.default, def.type, this.cwd) : def.default
  }
}

/** Loads the configuration as Ansible would for a process started in `cwd` with `env`. */
export function loadConfig(source: ConfigSource = {}): Config {
  const env = source.env ?? process.env
  const cwd = source.cwd ?? process.cwd()
  const file = findConfigFile(env, cwd)
  let ini: IniFile = new Map()
  if (file) {
    try {
      ini = parseIni(readFileSync(file, 'utf8'), file)
    } catch (e) {
      if (e instanceof EngineError) throw e
      throw new EngineError(`Error reading config file (${file}): ${(e as Error).message}`, undefined, { cause: e })
    }
  }
  return new Config(file, ini, env, cwd)
}

function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const candidates: string[] = []
  const fromEnv = env.ANSIBLE_CONFIG
  if (fromEnv) {
    const p = expandPath(fromEnv, cwd)
    candidates.push(isDirectory(p) ? join(p, 'ansible.cfg') : p)
  }
  if (!isWorldWritable(cwd)) candidates.push(join(cwd, 'ansible.cfg'))
  candidates.push(join(homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg')
  for (const c of candidates) {
    try {
      accessSync(c, constants.R_OK)
      if (!isDirectory(c)) return c
    } catch {
      // not readable: try the next one
    }
  }
  return null
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

function isWorldWritable(p: string): boolean {
  try {
    return (statSync(p).mode & 0o002) !== 0
  } catch {
    return false
  }
}

type IniFile = Map<string, Map<string, string>>

/**
 * Python configparser with `inline_comment_prefixes=(';',)`: `#`/`;` comment lines,
 * `key = value` or `key: value`, indented continuation lines, keys lowercased.
 */
export function parseIni(text: string, file: string): IniFile {
  const out: IniFile = new Map()
  let section: Map<string, string> | undefined
  let lastKey: string | undefined
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const stripped = rawLine.trim()
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) {
      lastKey = stripped === '' ? undefined : lastKey
      return
    }
    const line = stripInlineComment(rawLine)
    if (/^\s/.test(rawLine) && section && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey)}\n${line.trim()}`)
      return
    }
    const header = /^\[([^\]]+)\]/.exec(line.trim())
    if (header) {
      section = out.get(header[1]) ?? new Map()
      out.set(header[1], section)
      lastKey = undefined
      return
    }
    const m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line.trim())
    if (!section) throw new EngineError(`File contains no section headers.\nfile: '${file}', line: ${i + 1}\n'${rawLine}'`)
    if (!m) throw new EngineError(`Source contains parsing errors: '${file}'\n\t[line ${i + 1}]: '${rawLine}'`)
    lastKey = m[1].toLowerCase()
    section.set(lastKey, m[2])
  })
  return out
}

function stripInlineComment(line: string): string {
  // configparser only treats ';' as an inline comment when preceded by whitespace.
  const m = /\s;/.exec(line)
  return m ? line.slice(0, m.index) : line
}

/** `~`, `$VAR` and relative paths, as Ansible's unfrackpath. */
function expandPath(p: string, base: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = p.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a, b) => env[a ?? b] ?? m)
  if (out === '~' || out.startsWith('~/')) out = homedir() + out.slice(1)
  return resolve(base, out)
}

function convert(value: unknown, type: SettingDefinition['type'], base: string): unknown {
  if (typeof value !== 'string') {
    if (Array.isArray(value) && type.startsWith('path')) return value.map((v) => expandPath(String(v), base))
    return value
  }
  switch (type) {
    case 'boolean':
      return boolean(value, false)
    case 'integer':
      return Number.parseInt(value, 10)
    case 'float':
      return Number.parseFloat(value)
    case 'list':
      return value.split(',').map((s) => unquote(s.trim())).filter((s) => s !== '')
    case 'path':
      return expandPath(unquote(value.trim()), base)
    case 'pathlist':
      return value.split(',').map((s) => expandPath(unquote(s.trim()), base))
    case 'pathspec':
      return value.split(':').filter(Boolean).map((s) => expandPath(unquote(s.trim()), base))
    case 'none':
      return value
    default:
      return unquote(value.trim())
  }
}

function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) return s.slice(1, -1)
  return s
}
