/**
 * One play (PlaybookExecutor's per-play loop and TaskQueueManager.run): its keywords
 * templated with play-level variables, its hosts split into `serial` batches, each batch
 * run by the linear strategy, and Ansible's rules for stopping the playbook.
 */
import { boolean } from '../py/boolean.js'
import { compilePlay } from '../playbook/load-playbook.js'
import { Block, type Play, type RoleInstance, Task } from '../playbook/model.js'
import { isUndefined } from '../py/undefined.js'
import { isDict, pyStr, pyTruthy } from '../py/values.js'
import type { PlayContext } from '../vars/variable-manager.js'
import { playInfo } from './events.js'
import { allHandlers } from './handlers.js'
import { taskScope } from './host-task.js'
import { PlayIterator } from './play-iterator.js'
import type { RunContext } from './run-context.js'
import { runLinear } from './strategy-linear.js'
import { RUN_FAILED_BREAK_PLAY, RUN_FAILED_HOSTS, RUN_OK, RUN_UNREACHABLE_HOSTS, type StrategyContext } from './types.js'
import { filterTagged, type TagSelection } from './tags.js'
import { serialBatches } from './serial.js'
import { warmConnections } from './warm-connections.js'
import { runFree } from './strategy-free.js'
import { EngineError } from '../errors/errors.js'
import { displayName } from './events.js'
import { fnmatch } from '../py/fnmatch.js'

/**
 * ansible.builtin's strategies: host_pinned is free keeping each worker on its host until
 * the host is done, which with a worker per host (as here) is free itself.
 */
const STRATEGIES: Readonly<Record<string, ((ctx: StrategyContext) => Promise<number>) | undefined>> = {
  linear: runLinear,
  free: runFree,
  host_pinned: runFree,
}

export interface PlayOutcome {
  /** The last batch's result; none when no host matched (the run's result stays as it was). */
  result?: number
  /** The playbook stops after this play (a whole batch failed, any_errors_fatal, ...). */
  stop: boolean
}

export async function runPlay(run: RunContext, play: Play, tags: TagSelection): Promise<PlayOutcome> {
  run.vars.setPlaybookDir(play.basedir)
  const pctx: PlayContext = { play, varsFiles: {}, magic: { playbook_dir: play.basedir }, removedHosts: new Set() }
  const playScope = taskScope(run, pctx, 'localhost', undefined)
  const kw = (k: string) => {
    const v = play.keywords[k] === undefined ? undefined : run.templar.template(play.keywords[k], playScope)
    return v === run.templar.omit ? undefined : v // post_validate: `omit` gives the default
  }
  const name = play.keywords.name === undefined ? play.name : pyStr(kw('name'))
  pctx.varsFiles = loadVarsFiles(run, play, playScope)
  const hostsPattern = (kw('hosts') ?? '') as string | string[]
  const allHosts = run.inventory.hostsForPattern(hostsPattern, kw('order') as string | undefined)
  for (const w of run.inventory.takeWarnings()) run.warn(w)
  const strategy = String(kw('strategy') ?? run.config.get('DEFAULT_STRATEGY'))
  const info = playInfo(play, name, hostsPattern, run.options.check, strategy)
  if (allHosts.length === 0) {
    await run.emitter.emit('onPlayStart', info)
    await run.emitter.emit('onNoHostsMatched')
    return { stop: false }
  }
  warnIfReserved(run, play, pctx)
  const serial = kw('serial')
  const batches = serialBatches(allHosts, serial)
  const mfpRaw = kw('max_fail_percentage')
  const maxFailPercentage = mfpRaw === undefined || mfpRaw === null ? undefined : Number(mfpRaw)
  const runStrategy = STRATEGIES[strategy.replace(/^ansible\.builtin\./, '')]
  if (!runStrategy) throw new EngineError(`Invalid play strategy specified: ${strategy}`, play.location)
  let result = RUN_OK
  for (const [index, batch] of batches.entries()) {
    warmConnections(run, pctx, batches[index + 1])
    Object.defineProperties(pctx.magic, Object.getOwnPropertyDescriptors(playMagic(run, pctx, name, allHosts, batch)))
    await run.emitter.emit('onPlayStart', info)
    const failed = new Set<string>()
    const iterator = createIterator(run, play, pctx, batch, tags, kw)
    for (const h of batch) if (run.failedHosts.has(h)) iterator.markFailed(h)
    const failedBefore = run.failedHosts.size
    const unreachableBefore = run.unreachableHosts.size
    const ctx: StrategyContext = { run, play: pctx, iterator, hosts: batch, failed, maxFailPercentage, tags }
    result = await runStrategy(ctx)
    // A host still failed at the end of the batch (e.g. one that ran forced handlers after
    // its failure) is a failed host for the rest of the run.
    for (const h of batch) if (iterator.isFailed(h) && !run.unreachableHosts.has(h)) run.failedHosts.add(h)
    // StrategyBase.run: the TQM's unreachable hosts and the hosts failed in earlier plays
    // (carried into every iterator) count, whether or not they are in this play.
    if (result === RUN_OK && run.unreachableHosts.size > 0) result = RUN_UNREACHABLE_HOSTS
    else if (result === RUN_OK && run.failedHosts.size > 0) result = RUN_FAILED_HOSTS
    let stop = false
    if ((result & RUN_FAILED_BREAK_PLAY) !== 0) {
      result = RUN_FAILED_HOSTS
      stop = true
    }
    const newlyFailed = run.failedHosts.size - failedBefore + run.unreachableHosts.size - unreachableBefore
    // Ansible stops the playbook when every host of the batch failed in this batch; hosts
    // that failed in earlier plays stay in the batch (doing nothing) and do not count.
    if (batch.length === newlyFailed) stop = true
    if (stop) return { result, stop: true }
    if (ctx.endPlay) break
  }
  return { result, stop: false }
}

function createIterator(
  run: RunContext,
  play: Play,
  pctx: PlayContext,
  batch: string[],
  tags: TagSelection,
  kw: (k: string) => unknown,
): PlayIterator {
  const scope = taskScope(run, pctx, batch[0], undefined)
  const blocks = compilePlay(play, forceHandlers(run, kw)).map((b) => filterTagged(b, tags, run.templar, scope)).filter((b) => b.block.length || b.rescue.length || b.always.length)
  const setup = setupBlock(play, (k) => kw(k) ?? run.config.get(GATHER_SETTINGS[k]))
  const gatherFacts = kw('gather_facts')
  const gathering = run.config.get<string>('DEFAULT_GATHERING')
  const implied = gatherFacts === undefined || gatherFacts === null || pyTruthy(gatherFacts)
  const start = run.options.startAtTask
  const iterator = new PlayIterator({
    setupBlock: filterTagged(setup, tags, run.templar, scope),
    blocks,
    handlers: allHandlers(play.handlers),
    hosts: batch,
    shouldGather: (host) => {
      if (gathering === 'explicit') return gatherFacts !== undefined && pyTruthy(gatherFacts)
      if (gathering === 'smart') return implied && !run.vars.factsOf(host)._ansible_facts_gathered
      return implied
    },
    startAt: start === undefined ? undefined : (t) => matchesStart(t, start),
  })
  // Once found, --start-at-task is done with: later plays start at their beginning.
  if (iterator.startAtMatched) run.options.startAtTask = undefined
  return iterator
}

/** --start-at-task matches a task's name or its `role : name`, exactly or as a glob. */
function matchesStart(task: Task, pattern: string): boolean {
  const full = displayName(task, task.name)
  return task.name === pattern || full === pattern || (task.name !== undefined && fnmatch(task.name, pattern)) || fnmatch(full, pattern)
}

/** The play keywords the implicit gathering passes to setup, with the settings that default them. */
const GATHER_SETTINGS: Record<string, 'DEFAULT_GATHER_SUBSET' | 'DEFAULT_GATHER_TIMEOUT' | 'DEFAULT_FACT_PATH'> = { gather_subset: 'DEFAULT_GATHER_SUBSET', gather_timeout: 'DEFAULT_GATHER_TIMEOUT', fact_path: 'DEFAULT_FACT_PATH' }

/** The implicit "Gathering Facts" task, tagged `always` unless the play has tags. */
function setupBlock(play: Play, kw: (k: string) => unknown): Block {
  const b = new Block({}, play, undefined)
  b.implicit = true
  const args: Record<string, unknown> = {}
  for (const k of Object.keys(GATHER_SETTINGS)) {
    const v = kw(k)
    // A play's list attribute takes a single value as a list of it (no splitting on commas).
    if (v !== undefined && v !== null) args[k] = k === 'gather_subset' && !Array.isArray(v) ? [v] : v
  }
  const keywords: Record<string, unknown> = { name: 'Gathering Facts', run_once: false }
  if (play.keywords.tags === undefined) keywords.tags = ['always']
  if (play.includedConditional) keywords.when = play.includedConditional
  const t = new Task('gather_facts', args, keywords, b, play.location)
  b.block = [t]
  return b
}

/** The play's magic variables; the host lists shrink as hosts fail, so they are read live. */
function playMagic(run: RunContext, pctx: PlayContext, name: string, allHosts: string[], batch: string[]): Record<string, unknown> {
  const removed = pctx.removedHosts ?? new Set<string>()
  const live = (hosts: string[]) => hosts.filter((h) => !run.failedHosts.has(h) && !run.unreachableHosts.has(h) && !removed.has(h))
  return {
    ansible_play_name: name,
    ansible_play_hosts_all: allHosts,
    get ansible_play_hosts() {
      return live(allHosts)
    },
    get ansible_play_batch() {
      return live(batch)
    },
    get play_hosts() {
      return live(batch)
    },
    // The strategy's add_tqm_variables: failed and remaining hosts of the play.
    get ansible_failed_hosts() {
      return allHosts.filter((h) => run.failedHosts.has(h))
    },
    get ansible_current_hosts() {
      return allHosts.filter((h) => !run.failedHosts.has(h) && !run.unreachableHosts.has(h))
    },
    // The play's roles (imported and included ones join them), their dependencies, both.
    get ansible_play_role_names() {
      return pctx.play.roles.map((r) => r.name)
    },
    get role_names() {
      return pctx.play.roles.map((r) => r.name)
    },
    get ansible_dependent_role_names() {
      return dependentRoleNames(pctx.play.roles)
    },
    get ansible_role_names() {
      return [...new Set([...dependentRoleNames(pctx.play.roles), ...pctx.play.roles.map((r) => r.name)])]
    },
  }
}

function loadVarsFiles(run: RunContext, play: Play, scope: ReturnType<RunContext['templar']['scope']>): Record<string, unknown> {
  const raw = play.keywords.vars_files
  if (raw === undefined || raw === null) return {}
  const out: Record<string, unknown> = {}
  for (const entry of Array.isArray(raw) ? raw : [raw]) {
    const candidates = Array.isArray(entry) ? entry : [entry]
    for (const c of candidates) {
      const name = run.templar.template(c, scope)
      if (isUndefined(name)) continue
      const file = String(name).startsWith('/') ? String(name) : `${play.basedir}/${String(name)}`
      try {
        const data = run.loadVarsFile(file)
        if (isDict(data)) Object.assign(out, data)
        break
      } catch (e) {
        if (!Array.isArray(entry)) throw e
      }
    }
  }
  return out
}

/** Play.force_handlers: the play's keyword when set (`force_handlers: false` wins over --force-handlers), else the command line's. */
function forceHandlers(run: RunContext, kw: (k: string) => unknown): boolean {
  const v = kw('force_handlers')
  return v === undefined || v === null ? run.options.forceHandlers : boolean(v, false)
}

/** The names of every role that some play role depends on, directly or not (get_all_dependencies). */
function dependentRoleNames(roles: readonly RoleInstance[]): string[] {
  const names = new Set<string>()
  const walk = (r: RoleInstance) => {
    for (const d of r.dependencies) {
      walk(d)
      names.add(d.name)
    }
  }
  roles.forEach(walk)
  return [...names]
}

/** Playbook keywords (Play, Role, Block, Task attributes) and the templar's globals: vars.reserved._RESERVED_NAMES. */
const RESERVED_NAMES = new Set(
  (
    'action always any_errors_fatal args async async_val become become_exe become_flags become_method become_user block ' +
    'changed_when check_mode collections connection debugger delay delegate_facts delegate_to diff environment fact_path ' +
    'failed_when force_handlers gather_facts gather_subset gather_timeout handlers hosts ignore_errors ignore_unreachable ' +
    'local_action loop loop_control loop_with max_fail_percentage module_defaults name no_log notify order poll port ' +
    'post_tasks pre_tasks register remote_user rescue retries roles run_once serial strategy tags tasks throttle timeout ' +
    'until vars_files vars_prompt when with_ cycler dict joiner lipsum lookup namespace now q query range undef'
  ).split(' '),
)

/** TaskQueueManager.run's warn_if_reserved: the play's variables (no host) named like a keyword or a Jinja global. */
function warnIfReserved(run: RunContext, play: Play, pctx: PlayContext): void {
  const names = new Set<string>()
  const add = (layer: unknown) => {
    if (isDict(layer)) for (const k of Object.keys(layer)) names.add(k)
  }
  for (const r of play.roles) {
    add(r.defaults)
    add(r.vars)
  }
  add(play.keywords.vars)
  add(pctx.varsFiles)
  add(run.vars.extraVars)
  for (const n of [...names].sort()) if (RESERVED_NAMES.has(n)) run.warn(`Found variable using reserved name: ${n}`)
}
