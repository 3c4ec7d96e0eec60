/**
 * The command lines' options as data (ansible-playbook's, ansible's, ansible-inventory's):
 * one table per command drives the commander wiring, the help text and the type of the
 * parsed values (`OptionValues`), so none of them can drift from another.
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

/** The flags without their argument: `-i, --inventory, --inventory-file`. */
type FlagNames<F extends string> = F extends `${infer Names} <${string}>` ? Names : F extends `${infer Names} [${string}]` ? Names : F
type FirstLong<N extends string> = N extends `${infer A}, ${infer Rest}` ? (A extends `--${infer L}` ? L : FirstLong<Rest>) : N extends `--${infer L}` ? L : never
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S

/** The key commander stores an option under: its first long name, camel-cased (`--skip-tags` → `skipTags`). */
type OptionKey<F extends string> = Camel<FirstLong<FlagNames<F>>>

/** What an option holds once parsed: a count, a list, its parser's result, its argument, or `true`. */
type OptionValue<S extends OptionSpec> = S extends { count: true }
  ? number
  : S extends { repeat: true }
    ? string[]
    : S extends { parse: (value: string) => infer R }
      ? R
      : S['flags'] extends `${string}<${string}>` | `${string}[${string}]`
        ? string
        : boolean

/** Options that always have a value: counted ones and those with a default. */
type Always<S extends OptionSpec> = S extends { count: true } ? true : S extends { default: {} | null } ? true : false

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The parsed values of an option table, keyed as commander keys them. */
export type OptionValues<T extends readonly OptionSpec[]> = Simplify<
  { [S in T[number] as Always<S> extends true ? OptionKey<S['flags']> : never]: OptionValue<S> } & {
    [S in T[number] as Always<S> extends true ? never : OptionKey<S['flags']>]?: OptionValue<S>
  }
>

const int = (flag: string) => (v: string) => {
  const n = Number(v)
  if (!Number.isInteger(n)) throw new Error(`argument ${flag}: invalid int value: '${v}'`)
  return n
}

const INVENTORY = { flags: '-i, --inventory, --inventory-file <INVENTORY>', description: 'specify inventory host path or comma separated host list.', repeat: true } as const
const LIMIT = { flags: '-l, --limit <SUBSET>', description: 'further limit selected hosts to an additional pattern' } as const

const VERBOSE = { flags: '-v, --verbose', description: 'Causes Ansible to print more debug messages. Adding multiple -v will increase the verbosity.', count: true } as const

/** Where vault secrets come from: every command that reads data takes them. */
const VAULT_OPTIONS = [
  { flags: '--vault-id <VAULT_IDS>', description: 'the vault identity to use', repeat: true },
  { flags: '--ask-vault-password, --ask-vault-pass', description: 'ask for vault password' },
  { flags: '--vault-password-file, --vault-pass-file <VAULT_PASSWORD_FILES>', description: 'vault password file', repeat: true },
] as const satisfies readonly OptionSpec[]

/** Options shared by tsible-playbook and tsible (runtime, inventory, connection, become, vault). */
const COMMON_OPTIONS = [
  VERBOSE,
  INVENTORY,
  LIMIT,
  { flags: '-e, --extra-vars <EXTRA_VARS>', description: 'set additional variables as key=value or YAML/JSON, if filename prepend with @', repeat: true },
  { flags: '-f, --forks <FORKS>', description: 'specify number of parallel processes to use (default=5)', parse: int('-f/--forks') },
  { flags: '-M, --module-path <MODULE_PATH>', description: 'prepend colon-separated path(s) to module library' },
  { flags: '-C, --check', description: "don't make any changes; instead, try to predict some of the changes that may occur" },
  { flags: '-D, --diff', description: 'when changing (small) files and templates, show the differences in those files; works great with --check' },
  { flags: '--list-hosts', description: 'outputs a list of matching hosts; does not execute anything else' },
  ...VAULT_OPTIONS,
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
] as const satisfies readonly OptionSpec[]

/** tsible's own: the run's report for review, its exit status for CI, and the values never shown. */
const REPORT_OPTIONS = [
  { flags: '--report <REPORT_FILE>', description: 'write what the run changed (with --check: would change) to this file, markdown (.md) or JSON (.json); turns --diff on' },
  { flags: '--detailed-exitcode', description: 'exit 0 when nothing changed, 2 when something changed, 1 when a host failed' },
  { flags: '--secret-vars <SECRET_VARS_FILES>', description: 'mask the values of this vars file (@file) wherever values are shown', repeat: true },
] as const satisfies readonly OptionSpec[]

export const PLAYBOOK_OPTIONS = [
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
  { flags: '--version', description: "show program's version number, config file location, configured module search path, module location, executable location and exit" },
  ...REPORT_OPTIONS,
] as const satisfies readonly OptionSpec[]

/** ansible's (ad-hoc) options. */
export const ADHOC_OPTIONS = [
  ...COMMON_OPTIONS,
  { flags: '-m, --module-name <MODULE_NAME>', description: 'Name of the action to execute (default=command)', default: 'command' },
  { flags: '-a, --args <MODULE_ARGS>', description: "The action's options in space separated k=v format or JSON string" },
  { flags: '-o, --one-line', description: 'condense output' },
  { flags: '-B, --background <SECONDS>', description: 'run asynchronously, failing after X seconds' },
  { flags: '-P, --poll <POLL_INTERVAL>', description: 'set the poll interval if using -B' },
  { flags: '--version', description: 'show version and exit' },
] as const satisfies readonly OptionSpec[]

/** ansible-inventory's options. */
export const INVENTORY_OPTIONS = [
  INVENTORY,
  LIMIT,
  ...VAULT_OPTIONS,
  { flags: '--list', description: 'Output all hosts info, works as inventory script' },
  { flags: '--host <HOST>', description: 'Output specific host info, works as inventory script' },
  { flags: '--graph', description: 'create inventory graph, if supplying pattern it must be a valid group name' },
  { flags: '--vars', description: 'Add vars to graph display, ignored unless used with --graph' },
  { flags: '-y, --yaml', description: 'Use YAML format instead of default JSON, ignored for --graph' },
  { flags: '--export', description: 'When doing an --list, represent in a way that is optimized for export' },
  { flags: '--playbook-dir <BASEDIR>', description: 'Since this tool does not use playbooks, use this as a substitute playbook directory' },
  { flags: '--version', description: "show program's version number, config file location, configured module search path, module location, executable location and exit" },
] as const satisfies readonly OptionSpec[]

export type PlaybookOptions = OptionValues<typeof PLAYBOOK_OPTIONS>
export type AdhocOptions = OptionValues<typeof ADHOC_OPTIONS>
export type InventoryOptions = OptionValues<typeof INVENTORY_OPTIONS>

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
export function addOptions(program: Command, specs: readonly OptionSpec[]): Command {
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

/**
 * Parses a command line with the program `addOptions` wired from `specs` (alias long
 * names first rewritten to their primary ones): the values, typed by the same table.
 */
export function parseOptions<const T extends readonly OptionSpec[]>(program: Command, specs: T, argv: readonly string[]): OptionValues<T> {
  program.parse(expandAliases(argv, specs), { from: 'user' })
  return program.opts<OptionValues<T>>()
}

const VAULT_SECRETS = [...VAULT_OPTIONS, VERBOSE] as const
const VAULT_OUTPUT = { flags: '--output <OUTPUT_FILE>', description: 'output file name for encrypt or decrypt; use - for stdout' } as const
const ENCRYPT_VAULT_ID = { flags: '--encrypt-vault-id <ENCRYPT_VAULT_ID>', description: 'the vault id used to encrypt (required if more than one vault-id is provided)' } as const

/** tsible-vault's options (ansible-vault's), by subcommand: the vault and -v rows shared with the other commands, then its own. */
export const VAULT_COMMAND_OPTIONS = {
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
} as const satisfies Record<string, readonly OptionSpec[]>

/** The parsed values of any tsible-vault subcommand (the union of their tables). */
export type VaultCommandOptions = OptionValues<Array<(typeof VAULT_COMMAND_OPTIONS)[keyof typeof VAULT_COMMAND_OPTIONS][number]>>
