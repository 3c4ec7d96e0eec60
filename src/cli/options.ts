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

/** tsible-vault's options (ansible-vault's): the vault and -v rows shared with the other commands, then its own. */
const shared = (flag: string) => COMMON_OPTIONS.find((o) => o.flags.includes(flag))!
/** Where vault secrets come from (also tsible-inventory's). */
export const VAULT_OPTIONS: OptionSpec[] = [shared('--vault-id'), shared('--ask-vault-pass'), shared('--vault-password-file')]
const VAULT_SECRETS: OptionSpec[] = [...VAULT_OPTIONS, shared('--verbose')]
const VAULT_OUTPUT: OptionSpec = { flags: '--output <OUTPUT_FILE>', description: 'output file name for encrypt or decrypt; use - for stdout' }
const ENCRYPT_VAULT_ID: OptionSpec = { flags: '--encrypt-vault-id <ENCRYPT_VAULT_ID>', description: 'the vault id used to encrypt (required if more than one vault-id is provided)' }

/** Each tsible-vault subcommand's options, by subcommand. */
export const VAULT_COMMAND_OPTIONS: Record<string, OptionSpec[]> = {
  create: [ENCRYPT_VAULT_ID, ...VAULT_SECRETS],
  decrypt: [VAULT_OUTPUT, ...VAULT_SECRETS],
  edit: [ENCRYPT_VAULT_ID, ...VAULT_SECRETS],
  view: [...VAULT_SECRETS],
  encrypt: [...VAULT_SECRETS, VAULT_OUTPUT, ENCRYPT_VAULT_ID],
  encrypt_string: [
    ...VAULT_SECRETS,
    VAULT_OUTPUT,
    ENCRYPT_VAULT_ID,
    { flags: '-p, --prompt', description: 'Prompt for the string to encrypt' },
    { flags: '--show-input', description: 'Do not hide input when prompted for the string to encrypt' },
    { flags: '-n, --name <ENCRYPT_STRING_NAMES>', description: 'Specify the variable name', repeat: true },
    { flags: '--stdin-name <ENCRYPT_STRING_STDIN_NAME>', description: 'Specify the variable name for stdin' },
  ],
  rekey: [
    ...VAULT_SECRETS,
    ENCRYPT_VAULT_ID,
    { flags: '--new-vault-password-file <NEW_VAULT_PASSWORD_FILE>', description: 'new vault password file for rekey' },
    { flags: '--new-vault-id <NEW_VAULT_ID>', description: 'the new vault identity to use for rekey' },
  ],
}
