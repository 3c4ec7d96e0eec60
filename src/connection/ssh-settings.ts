/**
 * Where and how to connect, from Ansible's connection variables, the extra ssh
 * arguments (`ansible_ssh_common_args`, `ansible_ssh_extra_args`) and the ssh config
 * files. Precedence is ssh's "first value wins" over the order Ansible builds the ssh
 * command line: its own `-o Port/User/ConnectTimeout -i key`, then the extra args, then
 * `~/.ssh/config`, then `/etc/ssh/ssh_config`.
 */
import { homedir, userInfo } from 'node:os'
import { join } from 'node:path'
import { OptionsError } from '../errors/errors.js'
import { expandTokens, readSshConfig, SSH_KEYWORDS, type SshConfigFile, type SshConfigValues, type SshKeyword } from './ssh-config.js'

/** How to reach one host: Ansible's connection variables plus ssh's own settings. */
export interface SshConnectionOptions {
  /** ansible_host: a name or address, looked up in the ssh config's Host sections. */
  host: string
  port?: number
  user?: string
  /** ansible_password: tried after the keys, as sshpass would. */
  password?: string
  privateKeyFile?: string
  /** ansible_timeout in seconds: ssh's ConnectTimeout (default 10). */
  timeout?: number
  sshCommonArgs?: string
  sshExtraArgs?: string
  /** host_key_checking (default true); false is ssh's StrictHostKeyChecking=no. */
  hostKeyChecking?: boolean
  /** UserKnownHostsFile; default ~/.ssh/known_hosts. */
  knownHostsFile?: string
  /** The user's ssh config (default ~/.ssh/config); false reads none. */
  sshConfigFile?: string | false
  /** The system ssh config (default /etc/ssh/ssh_config); false reads none. */
  systemSshConfigFile?: string | false
  /** ssh-agent socket; default $SSH_AUTH_SOCK. Pass undefined explicitly for none. */
  agentSocket?: string
  /** Home directory for `~` (default the process's). */
  homeDir?: string
  /**
   * Persistent shells (channels) kept open at once on the connection: the plain one and
   * one per become in use (sshd's MaxSessions defaults to 10); past it, an idle one closes.
   */
  maxChannels?: number
}

/** One host to authenticate to: the target, or a ProxyJump hop. */
export interface SshEndpoint {
  /** The name as given (ansible_host, or a hop of ProxyJump), before HostName. */
  alias: string
  /** What to connect to (HostName applied). */
  host: string
  port: number
  user: string
  /** Private key files to try, in order (missing ones are skipped when connecting). */
  identityFiles: string[]
  identitiesOnly: boolean
  agentSocket?: string
  password?: string
}

export interface SshTarget extends SshEndpoint {
  /** ProxyJump hops, first hop first. */
  jumps: SshEndpoint[]
  /** ProxyCommand with its `%` tokens expanded (ignored when there are ProxyJump hops). */
  proxyCommand?: string
  /** `yes`: unknown and changed keys fail; `accept-new`: unknown keys are added; `no`: anything goes. */
  strictHostKeyChecking: 'yes' | 'accept-new' | 'no'
  userKnownHostsFiles: string[]
  globalKnownHostsFiles: string[]
  hashKnownHosts: boolean
  connectTimeoutMs: number
  keepaliveIntervalMs: number
  keepaliveCountMax: number
  passwordAuthentication: boolean
}

/** POSIX shell word splitting (Python's shlex.split), which Ansible applies to ssh args. */
export function shellSplit(text: string): string[] {
  const words: string[] = []
  let cur = ''
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) throw new OptionsError(`No closing quotation in ssh arguments: ${text}`)
      cur += text.slice(i + 1, end)
      i = end
      inWord = true
    } else if (c === '"') {
      i++
      for (; i < text.length && text[i] !== '"'; i++) {
        // Python's shlex: in double quotes a backslash escapes only `"` and itself.
        if (text[i] === '\\' && /["\\]/.test(text[i + 1] ?? '')) i++
        cur += text[i]
      }
      if (i >= text.length) throw new OptionsError(`No closing quotation in ssh arguments: ${text}`)
      inWord = true
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i]
      inWord = true
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur)
      cur = ''
      inWord = false
    } else {
      cur += c
      inWord = true
    }
  }
  if (inWord) words.push(cur)
  return words
}

/** The ssh options in command-line arguments: `-o K=V`, `-oK=V`, `-o K V`, `-J`, `-i`, `-p`, `-l`, `-F`. */
export function parseSshArgs(args: string): { values: SshConfigValues; configFile?: string } {
  const values: SshConfigValues = {}
  let configFile: string | undefined
  const set = (key: string, value: string): void => {
    const k = key.toLowerCase()
    if (k === 'identityfile') (values.identityfile ??= []).push(value)
    else if ((SSH_KEYWORDS as readonly string[]).includes(k) && values[k as SshKeyword] === undefined) values[k as SshKeyword] = value
  }
  const words = shellSplit(args)
  const flags: Record<string, string> = { '-J': 'proxyjump', '-i': 'identityfile', '-p': 'port', '-l': 'user' }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]
    const flag = w.slice(0, 2)
    const inline = w.length > 2 ? w.slice(2) : undefined
    const value = (): string => inline ?? words[++i] ?? ''
    if (flag === '-o') {
      const opt = value()
      const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(opt)
      if (m) set(m[1], m[2].trim())
      else if (/^[A-Za-z]+$/.test(opt) && i + 1 < words.length) set(opt, words[++i])
    } else if (flag === '-F') configFile = value()
    else if (flags[flag]) set(flags[flag], value())
  }
  return { values, configFile }
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path
}

function yes(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback
  return /^(yes|true)$/i.test(value)
}

/** Reads the config files for one name, under the values already decided. */
function configFor(alias: string, first: SshConfigValues, files: SshConfigFile[], home: string): SshConfigValues {
  const values: SshConfigValues = { ...first, identityfile: [...(first.identityfile ?? [])] }
  return readSshConfig(files, alias, home, values)
}

function endpointOf(alias: string, v: SshConfigValues, home: string, agentSocket: string | undefined): SshEndpoint {
  const host = v.hostname ? expandTokens(v.hostname, { h: alias }) : alias
  const port = v.port ? Number(v.port) : 22
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new OptionsError(`Bad port '${v.port}' for ssh host ${alias}`)
  const user = v.user ?? userInfo().username
  const tokens = { d: home, u: userInfo().username, h: host, r: user, p: String(port), n: alias, l: alias }
  let identityFiles = (v.identityfile ?? []).map((f) => expandHome(expandTokens(f, tokens), home))
  if (identityFiles.length === 0) {
    identityFiles = ['id_rsa', 'id_ecdsa', 'id_ed25519'].map((f) => join(home, '.ssh', f))
  }
  let agent = agentSocket
  if (v.identityagent !== undefined) {
    const a = v.identityagent
    agent = a.toLowerCase() === 'none' ? undefined : a === 'SSH_AUTH_SOCK' ? agentSocket : expandHome(a, home)
  }
  return { alias, host, port, user, identityFiles, identitiesOnly: yes(v.identitiesonly, false), agentSocket: agent }
}

/** Parses `[user@]host[:port]` (or `ssh://user@host:port`) of a ProxyJump hop. */
function parseJump(spec: string): { alias: string; user?: string; port?: string } {
  const s = spec.replace(/^ssh:\/\//, '')
  const at = s.lastIndexOf('@')
  const user = at >= 0 ? s.slice(0, at) : undefined
  const rest = at >= 0 ? s.slice(at + 1) : s
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest)
  return { alias: m ? m[1] : rest, user, port: m?.[2] }
}

/** Everything needed to open the connection for these options. */
export function resolveSshTarget(options: SshConnectionOptions): SshTarget {
  const home = options.homeDir ?? homedir()
  const agentSocket = 'agentSocket' in options ? options.agentSocket : process.env.SSH_AUTH_SOCK
  // What Ansible puts on the ssh command line itself comes first.
  const first: SshConfigValues = {}
  if (options.port !== undefined) first.port = String(options.port)
  if (options.user !== undefined) first.user = options.user
  if (options.privateKeyFile) first.identityfile = [options.privateKeyFile]
  if (options.hostKeyChecking === false) first.stricthostkeychecking = 'no'
  if (options.knownHostsFile !== undefined) first.userknownhostsfile = options.knownHostsFile
  const extra = parseSshArgs([options.sshCommonArgs, options.sshExtraArgs].filter(Boolean).join(' '))
  first.identityfile = [...(first.identityfile ?? []), ...(extra.values.identityfile ?? [])]
  for (const [k, val] of Object.entries(extra.values)) {
    if (k !== 'identityfile' && first[k as SshKeyword] === undefined) first[k as SshKeyword] = val as string
  }
  // `-F file` replaces both files, as in ssh.
  const files: SshConfigFile[] =
    extra.configFile !== undefined
      ? [{ path: expandHome(extra.configFile, home) }]
      : [
          ...(options.sshConfigFile === false ? [] : [{ path: options.sshConfigFile ?? join(home, '.ssh', 'config') }]),
          ...(options.systemSshConfigFile === false ? [] : [{ path: options.systemSshConfigFile ?? '/etc/ssh/ssh_config', system: true }]),
        ]
  const v = configFor(options.host, first, files, home)
  const target = endpointOf(options.host, v, home, agentSocket)
  target.password = options.password
  const jumpSpec = v.proxyjump && v.proxyjump.toLowerCase() !== 'none' ? v.proxyjump : undefined
  const jumps = (jumpSpec ? jumpSpec.split(',') : []).map((spec) => {
    const hop = parseJump(spec.trim())
    const hopFirst: SshConfigValues = {}
    if (hop.user) hopFirst.user = hop.user
    if (hop.port) hopFirst.port = hop.port
    return endpointOf(hop.alias, configFor(hop.alias, hopFirst, files, home), home, agentSocket)
  })
  const proxy = v.proxycommand && v.proxycommand.toLowerCase() !== 'none' ? v.proxycommand : undefined
  const strict = (v.stricthostkeychecking ?? 'yes').toLowerCase()
  const timeoutS = options.timeout ?? (v.connecttimeout ? Number(v.connecttimeout) : 10)
  return {
    ...target,
    jumps,
    proxyCommand: proxy && expandTokens(proxy, { h: target.host, p: String(target.port), r: target.user, n: options.host }),
    strictHostKeyChecking: strict === 'no' || strict === 'off' ? 'no' : strict === 'accept-new' ? 'accept-new' : 'yes',
    userKnownHostsFiles: shellSplit(v.userknownhostsfile ?? '~/.ssh/known_hosts ~/.ssh/known_hosts2').map((f) => expandHome(f, home)),
    globalKnownHostsFiles: shellSplit(v.globalknownhostsfile ?? '/etc/ssh/ssh_known_hosts /etc/ssh/ssh_known_hosts2'),
    hashKnownHosts: yes(v.hashknownhosts, false),
    connectTimeoutMs: Math.max(1, timeoutS) * 1000,
    keepaliveIntervalMs: Number(v.serveraliveinterval ?? 0) * 1000,
    keepaliveCountMax: Number(v.serveralivecountmax ?? 3),
    passwordAuthentication: yes(v.passwordauthentication, true),
  }
}
