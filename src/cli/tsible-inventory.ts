/**
 * `tsible-inventory`: ansible-inventory's --list (JSON, or YAML with -y), --graph [group]
 * (with --vars) and --host, over the same inventory the playbooks see.
 */
import { Command, CommanderError } from 'commander'
import { yamlDump } from '../py/yaml/emitter.js'
import { loadConfig } from '../config/load-config.js'
import { openInventory, type Group, type Host, type Inventory } from '../inventory/index.js'
import { jsonDumps } from '../py/json-dumps.js'
import { isDict, pyStr } from '../py/values.js'
import { UnsafeText, VaultText } from '../yaml/tagged.js'
import { createDisplay } from '../output/display.js'
import { ChainSource } from '../vars/chain-source.js'
import { OptionsError } from '../errors/errors.js'
import { EXIT, exitCodeFor, printError } from './exit-codes.js'
import { addOptions, INVENTORY_OPTIONS, parseOptions, type InventoryOptions } from './options.js'
import { openVault } from '../vault/open-vault.js'
import { versionText } from './version.js'

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const program = addOptions(new Command('ansible-inventory'), INVENTORY_OPTIONS)
    .argument('[group]', 'group for --graph', 'all')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  let opts: InventoryOptions
  try {
    opts = parseOptions(program, INVENTORY_OPTIONS, argv)
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    throw e
  }
  if (opts.version) {
    io.stdout.write(versionText('tsible-inventory'))
    return EXIT.OK
  }
  const actions = [opts.list, opts.host !== undefined, opts.graph].filter(Boolean).length
  if (actions !== 1) {
    // (ansible-inventory also prints its --help on stdout first)
    io.stderr.write(
      actions === 0
        ? 'ERROR! No action selected, at least one of --host, --graph or --list needs to be specified.\n'
        : 'ERROR! Conflicting options used, only one of --host, --graph or --list can be used at the same time.\n',
    )
    return EXIT.OPTIONS
  }
  try {
    const config = loadConfig()
    const sources = opts.inventory?.length ? opts.inventory : config.get<string[]>('DEFAULT_HOST_LIST')
    // Warnings wrapped as Display.warning does (79 columns off a terminal).
    const display = createDisplay({ stdout: io.stdout as never, stderr: io.stderr }, { nocolor: true })
    const vault = await openVault(opts, config, { warn: (m, formatted) => display.warning(m, formatted) })
    const inv = openInventory(sources, { limit: opts.limit, playbookDir: opts.playbookDir, emptyWarning: false, warn: (m) => display.warning(m), vault, hashMerge: config.get<string>('DEFAULT_HASH_BEHAVIOUR') === 'merge' })
    if (opts.host !== undefined) {
      // As ansible-inventory: the argument is a pattern that must give exactly one host.
      const hosts = inv.hostsForPattern(opts.host)
      for (const w of inv.takeWarnings()) display.warning(w)
      if (hosts.length !== 1) throw new OptionsError('You must pass a single valid host to --host parameter')
      io.stdout.write(`${json(hostVars(inv, hosts[0], opts.playbookDir))}\n`)
    } else if (opts.graph) {
      const top = inv.data.groups.get(program.args[0] ?? 'all')
      if (!top) throw new OptionsError('Pattern must be valid group name when using --graph')
      io.stdout.write(`${graph(inv, top, 0, Boolean(opts.vars), opts.playbookDir).join('\n')}\n`)
    } else {
      const top = inv.data.groups.get('all')!
      if (opts.yaml) io.stdout.write(yamlDump(tagged(yamlInventory(inv, top, opts.playbookDir), 'yaml'), { defaultFlowStyle: false }))
      else io.stdout.write(`${json(listInventory(inv, top, opts.playbookDir))}\n`)
    }
    return EXIT.OK
  } catch (e) {
    printError(io.stderr, e)
    return exitCodeFor(e)
  }
}

/**
 * Python's json.dumps(indent=4, sort_keys=True, ensure_ascii=False) with AnsibleJSONEncoder
 * as ansible-inventory prints: floats keep their '.0', `!unsafe` text is
 * `{"__ansible_unsafe": ...}` and `!vault` text `{"__ansible_vault": ...}`.
 */
function json(v: unknown): string {
  return jsonDumps(tagged(v, 'json'), { indent: 4, sortKeys: true, ensureAscii: false })
}

/** Ansible's tagged strings as each output shows them (identity kept, so YAML anchors stay). */
function tagged(v: unknown, mode: 'json' | 'yaml', seen = new Map<object, unknown>()): unknown {
  if (v instanceof UnsafeText) return mode === 'json' ? { __ansible_unsafe: v.text } : v.text
  if (v instanceof VaultText) return mode === 'json' ? { __ansible_vault: v.ciphertext } : v.ciphertext
  if (v === null || typeof v !== 'object' || !(Array.isArray(v) || isDict(v))) return v
  const prior = seen.get(v)
  if (prior) return prior
  if (Array.isArray(v)) {
    const out: unknown[] = []
    seen.set(v, out)
    for (const x of v) out.push(tagged(x, mode, seen))
    return out
  }
  const out: Record<string, unknown> = {}
  seen.set(v, out)
  for (const [k, x] of Object.entries(v)) out[k] = tagged(x, mode, seen)
  return out
}

/** A host's inventory variables, flattened by precedence (no facts, no magic variables). */
function hostVars(inv: Inventory, host: string, playbookDir?: string): Record<string, unknown> {
  const src = new ChainSource(inv.inventoryLayers(host, playbookDir))
  const out: Record<string, unknown> = {}
  for (const k of src.keys()) out[k] = src.get(k)
  return removeInternal(out)
}

/** Names ansible-inventory never shows (magic and run-wide variables). */
const INTERNAL_VARS = new Set(
  'ansible_diff_mode ansible_config_file ansible_facts ansible_forks ansible_inventory_sources ansible_limit ansible_playbook_python ansible_run_tags ansible_skip_tags ansible_verbosity ansible_version inventory_dir inventory_file inventory_hostname inventory_hostname_short groups group_names omit playbook_dir'.split(' '),
)

function removeInternal(vars: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(vars)) if (INTERNAL_VARS.has(k)) delete vars[k]
  return vars
}


function listInventory(inv: Inventory, top: Group, playbookDir?: string): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {}
  const seen = new Set<string>()
  const format = (g: Group) => {
    const entry: Record<string, unknown> = {}
    if (g.name !== 'all') entry.hosts = g.hosts.map((h) => h.name)
    entry.children = g.children.map((c) => c.name)
    out[g.name] = entry
    for (const c of g.children) {
      if (seen.has(c.name)) continue
      seen.add(c.name)
      format(c)
    }
    for (const k of ['hosts', 'children']) if (Array.isArray(entry[k]) && (entry[k] as unknown[]).length === 0) delete entry[k]
    if (Object.keys(entry).length === 0) delete out[g.name]
  }
  format(top)
  const hostvars: Record<string, unknown> = {}
  // The hosts under the top group (a failed source's unreconciled hosts are not there).
  for (const h of inv.data.groupHosts(top).map((x) => x.name)) {
    const v = hostVars(inv, h, playbookDir)
    if (Object.keys(v).length) hostvars[h] = v
  }
  return { ...out, _meta: { hostvars } }
}

function yamlInventory(inv: Inventory, top: Group, playbookDir?: string): Record<string, unknown> {
  const seen = new Set<string>()
  const format = (g: Group): Record<string, unknown> => {
    const entry: Record<string, unknown> = {}
    const children: Record<string, unknown> = {}
    for (const c of g.children) if (c.name !== 'all') Object.assign(children, format(c))
    if (Object.keys(children).length) entry.children = children
    if (g.name !== 'all') {
      const hosts: Record<string, unknown> = {}
      for (const h of g.hosts) {
        hosts[h.name] = seen.has(h.name) ? {} : hostVars(inv, h.name, playbookDir)
        seen.add(h.name)
      }
      if (Object.keys(hosts).length) entry.hosts = hosts
    }
    return { [g.name]: entry }
  }
  return format(top)
}

function graphName(name: string, depth: number): string {
  return depth ? `${'  |'.repeat(depth)}--${name}` : name
}

function showVars(vars: Record<string, unknown>, depth: number): string[] {
  return Object.keys(vars)
    .sort()
    .map((k) => graphName(`{${k} = ${pyStr(vars[k])}}`, depth))
}

function graph(inv: Inventory, g: Group, depth: number, withVars: boolean, playbookDir?: string): string[] {
  const out = [graphName(`@${g.name}:`, depth)]
  for (const c of g.children) out.push(...graph(inv, c, depth + 1, withVars, playbookDir))
  if (g.name !== 'all') {
    for (const h of g.hosts as Host[]) {
      out.push(graphName(h.name, depth + 1))
      if (withVars) out.push(...showVars(hostVars(inv, h.name, playbookDir), depth + 2))
    }
  }
  if (withVars) {
    // _get_group_variables: the group's vars, a priority other than 1, internal names removed.
    const vars = inv.groupVars(g, playbookDir)
    if (g.priority !== 1) vars.ansible_group_priority = g.priority
    out.push(...showVars(removeInternal(vars), depth + 1))
  }
  return out
}
