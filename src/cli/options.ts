/**
 * ansible-playbook's (and ansible's) command-line options as data: one table drives the
 * commander wiring and the help text, so the two cannot drift.
 */
import { Command, Option } from 'commander'

export interface OptionSpec {
  flags: string
  description: string
  /** Repeatable options collect into a list. */
  repeat?: boolean
  /** Counted flags (-v). */
  count?: boolean
  /** Parses the value (e.g. to an int). */
  parse?: (value: string) => unknown
  default?: unknown
  group?: 'connection' | 'become'
}

const int = (flag: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n)) throw new Error(`argument ${flag}: invalid int value: '${v}'`)
  return n
}

/** Options shared by tsible-playbook and tsible (runtime, inventory, connection, become, vault). */
export const COMMON_OPTIONS: OptionSpec[] = [
  { flags: '-v, --verbose', description: 'Causes Ansible to print more debug messages. Adding multiple -v will increase the verbosity.', count: true },
  { flags: '-i, --inventory, --inventory-file <INVENTORY>', description: 'specify inventory host path or comma separated host list.', repeat: true },
  { flags: '-l, --limit <SUBSET>', description: 'further limit selected hosts to an additional pattern' },
  { flags: '-e, --extra-vars <EXTRA_VARS>', description: 'set additional variables as key=value or YAML/JSON, if filename prepend with @', repeat: true },
  { flags: '-f, --forks <FORKS>', description: 'specify number of parallel processes to use (default=5)', parse: int('-f/--forks') },
  { flags: '-M, --module-path <MODULE_PATH>', description: 'prepend colon-separated path(s) to module library' },
  { flags: '-C, --check', description: "don't make any changes; instead, try to predict some of the changes that may occur" },
  { flags: '-D, --diff', description: 'when changing (small) files and templates, show the differences in those files; works great with --check' },
  { flags: '--list-hosts', description: 'outputs a list of matching hosts; does not execute anything else' },
  { flags: '--vault-id <VAULT_IDS>', description: 'the vault identity to use', repeat: true },
  { flags: '--ask-vault-password, --ask-vault-pass', description: 'ask for vault password' },
  { flags: '--vault-password-file, --vault-pass-file <VAULT_PASSWORD_FILES>', description: 'vault password file', repeat: true },
  { flags: '--private-key, --key-file <PRIVATE_KEY_FILE>', description: 'use this file to authenticate the connection', group: 'connection' },
  { flags: '-u, --user <REMOTE_USER>', description: 'connect as this user (default=None)', group: 'connection' },
  { flags: '-c, --connection <CONNECTION>', description: 'connection type to use (default=smart)', group: 'connection' },
  { flags: '-T, --timeout <TIMEOUT>', description: 'override the connection timeout in seconds (default=10)', parse: int('-T/--timeout'), group: 'connection' },
  { flags: '--ssh-common-args <SSH_COMMON_ARGS>', description: 'specify common arguments to pass to sftp/scp/ssh (e.g. ProxyCommand)', group: 'connection' },
  { flags: '--sftp-extra-args <SFTP_EXTRA_ARGS>', description: 'specify extra arguments to pass to sftp only (e.g. -f, -l)', group: 'connection' },
  { flags: '--scp-extra-args <SCP_EXTRA_ARGS>', description: 'specify extra arguments to pass to scp only (e.g. -l)', group: 'connection' },
  { flags: '--ssh-extra-args <SSH_EXTRA_ARGS>', description: 'specify extra arguments to pass to ssh only (e.g. -R)', group: 'connection' },
  { flags: '-k, --ask-pass', description: 'ask for connection password', group: 'connection' },
  { flags: '--connection-password-file, --conn-pass-file <CONNECTION_PASSWORD_FILE>', description: 'Connection password file', group: 'connection' },
  { flags: '-b, --become', description: 'run operations with become (does not imply password prompting)', group: 'become' },
  { flags: '--become-method <BECOME_METHOD>', description: 'privilege escalation method to use (default=sudo)', group: 'become' },
  { flags: '--become-user <BECOME_USER>', description: 'run operations as this user (default=root)', group: 'become' },
  { flags: '-K, --ask-become-pass', description: 'ask for privilege escalation password', group: 'become' },
  { flags: '--become-password-file, --become-pass-file <BECOME_PASSWORD_FILE>', description: 'Become password file', group: 'become' },
]

export const PLAYBOOK_OPTIONS: OptionSpec[] = [
  ...COMMON_OPTIONS,
  { flags: '--force-handlers', description: 'run handlers even if a task fails' },
  { flags: '--flush-cache', description: 'clear the fact cache for every host in inventory' },
  { flags: '-t, --tags <TAGS>', description: 'only run plays and tasks tagged with these values', repeat: true },
  { flags: '--skip-tags <SKIP_TAGS>', description: 'only run plays and tasks whose tags do not match these values', repeat: true },
  { flags: '--syntax-check', description: 'perform a syntax check on the playbook, but do not execute it' },
  { flags: '--list-tasks', description: 'list all tasks that would be executed' },
  { flags: '--list-tags', description: 'list all available tags' },
  { flags: '--step', description: 'one-step-at-a-time: confirm each task before running' },
  { flags: '--start-at-task <START_AT_TASK>', description: 'start the playbook at the task matching this name' },
]

/**
 * Splits ansible's flag lists (`-i, --inventory, --inventory-file <X>`) into what commander
 * takes (one short and one long name) and the extra long names, which are aliases.
 */
function splitFlags(flags: string): { flags: string; aliases: string[] } {
  const arg = /\s(<[^>]+>|\[[^\]]+\])$/.exec(flags)?.[0] ?? ''
  const names = flags.slice(0, flags.length - arg.length).split(/,\s*/)
  const short = names.filter((n) => !n.startsWith('--'))
  const long = names.filter((n) => n.startsWith('--'))
  return { flags: [...short, long[0]].filter(Boolean).join(', ') + arg, aliases: long.slice(1) }
}

/** Rewrites alias long options in argv to their primary names (`--inventory-file=x` → `--inventory=x`). */
export function expandAliases(argv: readonly string[], specs: readonly OptionSpec[]): string[] {
  const primary = new Map<string, string>()
  for (const spec of specs) {
    const { flags, aliases } = splitFlags(spec.flags)
    const main = flags.split(/,\s*/).map((n) => n.split(' ')[0]).find((n) => n.startsWith('--'))!
    for (const a of aliases) primary.set(a, main)
  }
  return argv.map((word) => {
    const [name, ...rest] = word.split('=')
    const p = primary.get(name)
    return p ? [p, ...rest].join('=') : word
  })
}

/** Adds the options of a table to a commander program. */
export function addOptions(program: Command, specs: OptionSpec[]): Command {
  for (const spec of specs) {
    const opt = new Option(splitFlags(spec.flags).flags, spec.description)
    if (spec.count) opt.argParser((_v: string, prev: number | undefined) => (prev ?? 0) + 1).default(0)
    else if (spec.repeat) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    else if (spec.parse) opt.argParser(spec.parse)
    if (spec.default !== undefined) opt.default(spec.default)
    program.addOption(opt)
  }
  return program
}
