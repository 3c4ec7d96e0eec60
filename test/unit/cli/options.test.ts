/**
 * The option tables: commander, wired from a table, stores each option under the key the
 * table's type (`OptionValues`) gives it, with a value of that type. The key lists below
 * are checked against the types by tsc (test/types/tsconfig.json includes this file).
 */
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import {
  ADHOC_OPTIONS,
  addOptions,
  INVENTORY_OPTIONS,
  parseOptions,
  PLAYBOOK_OPTIONS,
  type AdhocOptions,
  type InventoryOptions,
  type OptionSpec,
  type PlaybookOptions,
} from '../../../src/cli/options.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const expectType = <T extends true>(): T | undefined => undefined

const COMMON_KEYS = [
  'askBecomePass', 'askPass', 'askVaultPassword', 'become', 'becomeMethod', 'becomePasswordFile', 'becomeUser', 'check',
  'connection', 'connectionPasswordFile', 'diff', 'extraVars', 'forks', 'inventory', 'limit', 'listHosts', 'modulePath',
  'privateKey', 'scpExtraArgs', 'sftpExtraArgs', 'sshCommonArgs', 'sshExtraArgs', 'timeout', 'user', 'vaultId',
  'vaultPasswordFile', 'verbose', 'version',
] as const
const PLAYBOOK_KEYS = [...COMMON_KEYS, 'flushCache', 'forceHandlers', 'listTags', 'listTasks', 'skipTags', 'startAtTask', 'step', 'syntaxCheck', 'tags', 'report', 'detailedExitcode', 'secretVars'] as const
const ADHOC_KEYS = [...COMMON_KEYS, 'args', 'background', 'moduleName', 'oneLine', 'poll'] as const
const INVENTORY_KEYS = ['askVaultPassword', 'export', 'graph', 'host', 'inventory', 'limit', 'list', 'playbookDir', 'vars', 'vaultId', 'vaultPasswordFile', 'version', 'yaml'] as const

expectType<Equal<(typeof PLAYBOOK_KEYS)[number], keyof PlaybookOptions>>()
expectType<Equal<(typeof ADHOC_KEYS)[number], keyof AdhocOptions>>()
expectType<Equal<(typeof INVENTORY_KEYS)[number], keyof InventoryOptions>>()
expectType<Equal<PlaybookOptions['verbose'], number>>()
expectType<Equal<PlaybookOptions['forks'], number | undefined>>()
expectType<Equal<PlaybookOptions['tags'], string[] | undefined>>()
expectType<Equal<PlaybookOptions['check'], boolean | undefined>>()
expectType<Equal<PlaybookOptions['startAtTask'], string | undefined>>()
expectType<Equal<AdhocOptions['moduleName'], string>>()

/** A command line giving every option of a table once, by its first long name. */
function everyOption(specs: readonly OptionSpec[]): string[] {
  return specs.flatMap((s) => {
    const long = s.flags.split(/,\s*/).map((n) => n.split(' ')[0]).find((n) => n.startsWith('--'))!
    if (s.count) return [long]
    return /<[^>]+>$/.test(s.flags) ? [long, s.parse ? '3' : 'x'] : [long]
  })
}

function parse<const T extends readonly OptionSpec[]>(specs: T, argv: string[]) {
  return parseOptions(addOptions(new Command('t'), specs).argument('[rest...]').exitOverride(), specs, argv)
}

describe('option tables', () => {
  it.each([
    ['ansible-playbook', PLAYBOOK_OPTIONS, PLAYBOOK_KEYS],
    ['ansible', ADHOC_OPTIONS, ADHOC_KEYS],
    ['ansible-inventory', INVENTORY_OPTIONS, INVENTORY_KEYS],
  ] as const)('%s: commander keys every option as its type says', (_, specs, keys) => {
    expect(Object.keys(parse(specs, everyOption(specs))).sort()).toEqual([...keys].sort())
  })

  it('parses values as typed: counts, lists, ints, aliases, defaults', () => {
    const o = parse(PLAYBOOK_OPTIONS, ['-vvv', '-i', 'a', '--inventory-file', 'b', '-f', '7', '--key-file', 'k', '-C', '--skip-tags', 'x'])
    expect(o).toEqual({ verbose: 3, inventory: ['a', 'b'], forks: 7, privateKey: 'k', check: true, skipTags: ['x'] })
    expect(parse(ADHOC_OPTIONS, []).moduleName).toBe('command')
    expect(parse(PLAYBOOK_OPTIONS, []).verbose).toBe(0)
  })
})
