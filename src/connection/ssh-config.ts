/**
 * The part of OpenSSH's client configuration (`~/.ssh/config`, `/etc/ssh/ssh_config`)
 * that changes where and how tsible connects: `Host` sections with `*`/`?`/`!`
 * patterns, `Include`, and the keywords below. As in ssh, the first value obtained for
 * a keyword wins and `IdentityFile` accumulates. `Match` sections are skipped except
 * `Match all`: their criteria (exec, canonical, ...) need ssh itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join } from 'node:path'

/** Keywords tsible acts on, lower-cased as ssh compares them. */
export const SSH_KEYWORDS = [
  'hostname',
  'user',
  'port',
  'identityfile',
  'identitiesonly',
  'identityagent',
  'proxyjump',
  'proxycommand',
  'userknownhostsfile',
  'globalknownhostsfile',
  'stricthostkeychecking',
  'hashknownhosts',
  'connecttimeout',
  'serveraliveinterval',
  'serveralivecountmax',
  'passwordauthentication',
  'pubkeyauthentication',
  'preferredauthentications',
] as const

/** Keywords with one value (the first found); `identityfile` is the one that accumulates. */
export type SshKeyword = Exclude<(typeof SSH_KEYWORDS)[number], 'identityfile'>

/** Values found for a host: one per keyword, except `identityfile` (all of them, in order). */
export type SshConfigValues = Partial<Record<SshKeyword, string>> & { identityfile?: string[] }

/** One ssh pattern (`*`, `?`), case-insensitively as ssh matches host names. */
export function matchHostPattern(name: string, pattern: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 'is').test(name)
}

/**
 * ssh's pattern-list rule: any negated match rules the name out, otherwise any
 * positive match rules it in. Returns undefined when nothing matched.
 */
export function matchHostPatternList(name: string, patterns: readonly string[]): boolean | undefined {
  let matched: boolean | undefined
  for (const p of patterns) {
    if (p === '') continue
    if (p.startsWith('!')) {
      if (matchHostPattern(name, p.slice(1))) return false
    } else if (matchHostPattern(name, p)) matched = true
  }
  return matched
}

/** Splits a config line into its keyword and arguments (`Key value`, `Key=value`, quotes). */
function splitLine(line: string): { key: string; args: string[] } | undefined {
  const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(line)
  if (!m) return undefined
  const args: string[] = []
  const re = /"([^"]*)"|(\S+)/g
  let a: RegExpExecArray | null
  while ((a = re.exec(m[2])) !== null) args.push(a[1] ?? a[2])
  return { key: m[1].toLowerCase(), args }
}

/** Expands `~/` and, for Include, a `*`/`?` glob in the last path component. */
function includePaths(pattern: string, baseDir: string, home: string): string[] {
  let p = pattern.startsWith('~/') ? join(home, pattern.slice(2)) : pattern
  if (!isAbsolute(p)) p = join(baseDir, p)
  const name = basename(p)
  if (!/[*?]/.test(name)) return [p]
  const dir = dirname(p)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => matchHostPattern(f, name))
    .sort()
    .map((f) => join(dir, f))
}

interface ReadState {
  host: string
  home: string
  baseDir: string
  values: SshConfigValues
  depth: number
}

function applyFile(file: string, st: ReadState): void {
  if (!existsSync(file) || st.depth > 16) return
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return
  }
  let active = true
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(raw)) continue
    const parsed = splitLine(raw)
    if (!parsed) continue
    const { key, args } = parsed
    if (key === 'host') {
      active = matchHostPatternList(st.host, args) === true
    } else if (key === 'match') {
      active = args.length === 1 && args[0].toLowerCase() === 'all'
    } else if (!active) {
      continue
    } else if (key === 'include') {
      for (const a of args) for (const f of includePaths(a, st.baseDir, st.home)) applyFile(f, { ...st, depth: st.depth + 1 })
    } else if (key === 'identityfile') {
      ;(st.values.identityfile ??= []).push(args.join(' '))
    } else if ((SSH_KEYWORDS as readonly string[]).includes(key) && st.values[key as SshKeyword] === undefined) {
      ;(st.values as Record<string, unknown>)[key] = args.join(' ')
    }
  }
}

/** A config file, and whether it is the system one (its relative Includes are in /etc/ssh). */
export interface SshConfigFile {
  path: string
  system?: boolean
}

/**
 * Reads config files in order (user file first, then the system file), adding to
 * `values` what they say for `host` (the name as given, before HostName).
 */
export function readSshConfig(files: readonly SshConfigFile[], host: string, home: string, values: SshConfigValues = {}): SshConfigValues {
  for (const file of files) {
    // As ssh: relative Include paths are under ~/.ssh for user files, /etc/ssh for the system file.
    const baseDir = file.system ? '/etc/ssh' : join(home, '.ssh')
    applyFile(file.path, { host, home, baseDir, values, depth: 0 })
  }
  return values
}

/** ssh's `%` tokens in HostName, IdentityFile and the like. */
export function expandTokens(value: string, tokens: Record<string, string>): string {
  return value.replace(/%(.)/g, (whole, c: string) => (c === '%' ? '%' : (tokens[c] ?? whole)))
}
