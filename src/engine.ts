/**
 * The engine as a library: builds one run (configuration, inventory, plugins, templar,
 * variables, modules, callbacks, connections) from command-line options. The CLIs are
 * thin layers over `createRun`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { localTmpName } from './module-api/copy-content.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type Config } from './config/load-config.js'
import { loadExtraVars } from './cli/extra-vars.js'
import type { PlaybookOptions } from './cli/options.js'
import { Emitter } from './executor/emitter.js'
import { loadPlaybooks } from './executor/run-playbook.js'
import type { RunContext, RunOptions } from './executor/run-context.js'
import { Stats } from './executor/stats.js'
import type { TagSelection } from './executor/tags.js'
import type { Play, Playbook } from './playbook/model.js'
import { isDict } from './py/values.js'
import { LoaderContext } from './playbook/loader-context.js'
import { loadYamlFile } from './yaml/load.js'
import { ChainSource } from './vars/chain-source.js'
import { VariableManager } from './vars/variable-manager.js'
import { JsonFileFactCache, MemoryFactCache } from './vars/fact-cache.js'
import type { TemplateScope } from './template/types.js'
import { loadPlugins, type PluginSet } from './engine/plugins.js'
import { openInventory } from './engine/inventory.js'
import { ConnectionPool } from './engine/connections.js'
import { loadCallbacks } from './engine/callbacks.js'
import { connectionMagicVars, runMagicVars } from './engine/magic.js'
import { openVault } from './vault/open-vault.js'
import { ReportCollector } from './report/report-collector.js'
import { registerSecretVars, secretVarsFiles } from './report/secret-vars.js'
import { MaskedTerminal } from './report/masked-terminal.js'

/**
 * A run's command-line options, typed by ansible-playbook's option table (src/cli/options.ts);
 * any may be left out (ad-hoc runs have no playbook options).
 */
type EngineOptions = Partial<PlaybookOptions>

export interface EngineRequest {
  opts: EngineOptions
  playbooks: string[]
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** Ad-hoc runs (`tsible -m`) use the minimal callback unless one is configured. */
  adhoc?: boolean
  /** Aborted on Ctrl-C: the run stops before its next task and its connections close. */
  interrupt?: AbortSignal
}

export interface Run {
  context: RunContext
  tagSelection: TagSelection
  /** Loads the playbooks (parse errors abort here), then the user code their roles bring. */
  loadPlaybooks(): Promise<Playbook[]>
  /** What `--report` collects from the run's events (absent without --report). */
  report?: ReportCollector
  /** Counters printed with TSIBLE_STATS=1. */
  stats(): Promise<string>
  /** A scope with the extra vars only (play-independent templating). */
  extraVarsScope(): TemplateScope
  /** A play's variables without a host (its vars, then the extra vars), for listings. */
  playScope(play: Play): TemplateScope
  close(): Promise<void>
}

export async function createRun(req: EngineRequest): Promise<Run> {
  const { opts } = req
  const config = loadConfig()
  const options = runOptions(opts, config)
  const hashMerge = config.get<string>('DEFAULT_HASH_BEHAVIOUR') === 'merge'
  const secretFiles = [...secretVarsFiles(opts.secretVars ?? []), ...config.get<string[]>('TSIBLE_SECRET_VARS')]
  // A dry run, a report, or secret vars given: no secret reaches the terminal.
  const terminal = new MaskedTerminal(options.check || opts.report !== undefined || secretFiles.length > 0)
  const { display, callbacks, live } = loadCallbacks(config, options, { stdout: terminal.wrap(req.stdout), stderr: terminal.wrap(req.stderr) }, req.adhoc)
  const warn = (m: string) => display.warning(m)
  const vault = await openVault(opts, config, { warn: (m, formatted) => display.warning(m, formatted) })
  terminal.use(vault.revealed)
  registerSecretVars(secretFiles, vault)
  const extraVars = loadExtraVars(opts.extraVars ?? [], hashMerge, process.cwd(), vault)
  const playbookDir = req.playbooks.length ? join(process.cwd(), req.playbooks[0], '..') : process.cwd()
  const playbookDirs = req.playbooks.map((p) => join(process.cwd(), p, '..'))
  const plugins = await loadPlugins(config, playbookDir, {
    modulePaths: opts.modulePath?.split(':').filter(Boolean),
    python: { playbookDirs: playbookDirs.length ? playbookDirs : [playbookDir], warn, deprecated: (d) => display.deprecated(d) },
  })
  const inventory = openInventory(config, opts, playbookDir, warn, vault)
  const tmpDir = localTmpDir(config)
  const diffContext = config.get<number>('DIFF_CONTEXT')
  const report = opts.report === undefined ? undefined : new ReportCollector({ check: options.check, secrets: vault.revealed, diffContext, tmpDir })
  const factCache =
    config.get<string>('CACHE_PLUGIN') === 'jsonfile' && config.get('CACHE_PLUGIN_CONNECTION')
      ? new JsonFileFactCache(config.get<string>('CACHE_PLUGIN_CONNECTION'), config.get<string>('CACHE_PLUGIN_PREFIX') ?? '', config.get<number>('CACHE_PLUGIN_TIMEOUT'))
      : new MemoryFactCache()
  if (options.flushCache) for (const h of inventory.hostNames()) factCache.remove(h)
  const templar = plugins.createTemplar(config, vault, warn)
  const vars = new VariableManager({
    inventory,
    templar,
    facts: factCache,
    extraVars,
    hashMerge,
    injectFacts: config.get<boolean>('INJECT_FACTS_AS_VARS'),
    privateRoleVars: config.get<boolean>('DEFAULT_PRIVATE_ROLE_VARS'),
    runMagic: runMagicVars(config, options, templar.omit, opts.inventory ?? config.get<string[]>('DEFAULT_HOST_LIST'), opts.limit),
    connectionMagic: (host, task) => connectionMagicVars(config, options, host, task),
  })
  const loader = new LoaderContext({
    isAction: (n, collections) => plugins.isAction(n, collections),
    rolesPath: config.get<string[]>('DEFAULT_ROLES_PATH'),
    templateStatic: (v, extra) => templar.template(v, templar.scope(new ChainSource([extra, extraVars]))),
    warn,
    deprecated: (dep) => display.deprecated(dep),
    onRole: (path) => registerRoleDirs(plugins, path),
    onPlaybook: (dir) => registerRoleDirs(plugins, dir),
    vault,
  })
  const pool = new ConnectionPool(config)
  const emitter = new Emitter(report ? [...callbacks, report] : callbacks)
  const context: RunContext = {
    options,
    config,
    inventory,
    vars,
    templar,
    emitter,
    stats: new Stats(),
    loader,
    lookups: plugins.lookups,
    resolveModule: (n, collections) => plugins.module(n, collections),
    resolveAction: (n) => plugins.action(n),
    runModule: plugins.runModule,
    connectionFor: (host, cv) => pool.get(host, cv),
    failedHosts: new Set(),
    unreachableHosts: new Set(),
    tmpDir,
    warn,
    display,
    loadVarsFile: (path) => loadYamlFile(path, { vault }),
    vault,
    interrupt: req.interrupt,
  }
  // On Ctrl-C, close the connections at once: commands waiting on them fail, and the
  // strategy stops before the next task. Files are written atomically, so none is half-written.
  req.interrupt?.addEventListener('abort', () => void pool.closeAll(), { once: true })
  return {
    context,
    report,
    tagSelection: { only: new Set(options.tags.length ? options.tags : ['all']), skip: new Set(options.skipTags) },
    loadPlaybooks: async () => {
      const playbooks = loadPlaybooks({ files: req.playbooks, extraVars, loader })
      await plugins.loadUserCode()
      return playbooks
    },
    extraVarsScope: () => templar.scope(mapSource(extraVars)),
    playScope: (play) => templar.scope(new ChainSource([isDict(play.keywords.vars) ? play.keywords.vars : {}, extraVars])),
    stats: async () => {
      const t = templar.fileStats
      const ssh = await pool.sshStats()
      const payloads = plugins.python?.payloads.builds ? `; ${plugins.python.payloads.builds} module payloads built` : ''
      return `tsible stats: ${t.files} template files rendered in ${t.ms.toFixed(1)} ms; ${ssh.connections} ssh connections, ${ssh.channels} ssh channels, ${ssh.requests} ssh round trips${payloads}\n`
    },
    close: async () => {
      live?.finish()
      factCache.flush()
      await pool.closeAll()
      rmSync(tmpDir, { recursive: true, force: true })
    },
  }
}

/**
 * The run's controller temp directory as Ansible makes it (tempfile.mkdtemp):
 * `<local_tmp>/ansible-local-<pid><8 random [a-z0-9_]>`, in the system temp directory if
 * local_tmp cannot be made.
 */
function localTmpDir(config: Config): string {
  for (const base of [config.get<string>('DEFAULT_LOCAL_TMP'), tmpdir()]) {
    try {
      mkdirSync(base, { recursive: true, mode: 0o700 })
    } catch {
      continue
    }
    for (let attempt = 0; attempt < 100; attempt++) {
      const dir = join(base, `ansible-local-${process.pid}${localTmpName().slice(3)}`)
      try {
        mkdirSync(dir, { mode: 0o700 })
        return dir
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') break
      }
    }
  }
  return mkdtempSync(join(tmpdir(), `ansible-local-${process.pid}`))
}

/** A role's or an imported playbook's plugin directories (Ansible's add_all_plugin_dirs). */
function registerRoleDirs(plugins: PluginSet, rolePath: string): void {
  plugins.addLibraryDir(join(rolePath, 'library'))
  plugins.python?.addBase(rolePath)
  for (const kind of ['filter', 'test', 'lookup'] as const) plugins.addPluginDir(kind, join(rolePath, `${kind}_plugins`))
}

function mapSource(vars: Record<string, unknown>) {
  return {
    get: (n: string) => vars[n],
    has: (n: string) => Object.prototype.hasOwnProperty.call(vars, n),
    keys: () => Object.keys(vars),
  }
}

function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean)
}

function runOptions(opts: EngineOptions, config: Config): RunOptions {
  return {
    check: opts.check === true,
    // A report shows diffs: --report turns --diff on.
    diff: opts.diff === true || opts.report !== undefined || config.get<boolean>('DIFF_ALWAYS'),
    verbosity: Math.max(opts.verbose ?? 0, config.get<number>('DEFAULT_VERBOSITY')),
    forks: opts.forks ?? config.get<number>('DEFAULT_FORKS'),
    tags: opts.tags ? splitList(opts.tags) : config.get<string[]>('TAGS_RUN'),
    skipTags: opts.skipTags ? splitList(opts.skipTags) : config.get<string[]>('TAGS_SKIP'),
    startAtTask: opts.startAtTask,
    forceHandlers: opts.forceHandlers === true || config.get<boolean>('DEFAULT_FORCE_HANDLERS'),
    step: opts.step === true,
    become: opts.become === true ? true : undefined,
    becomeMethod: opts.becomeMethod,
    becomeUser: opts.becomeUser,
    remoteUser: opts.user,
    connection: opts.connection,
    privateKeyFile: opts.privateKey,
    timeout: opts.timeout,
    flushCache: opts.flushCache === true,
  }
}
