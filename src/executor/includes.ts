/**
 * Dynamic includes (IncludedFile.process_include_results and the linear strategy's
 * include handling): results of `include_tasks`/`include_role` are grouped by file,
 * arguments and loop variables; each group's file is loaded once, filtered by tags and
 * inserted after the include in the states of exactly the hosts that included it.
 */
import { ParseError } from '../errors/errors.js'
import { TsibleError } from '../errors/tsible-error.js'
import { shortActionName } from '../playbook/keywords.js'
import { compileRole, compileRoleHandlers, fromFiles, importRole, loadRole } from '../playbook/load-role.js'
import { loadBlocks, resolveTaskFile } from '../playbook/load-tasks.js'
import { LoaderContext } from '../playbook/loader-context.js'
import { Block, Task } from '../playbook/model.js'
import { isDict, pyRepr } from '../py/values.js'
import { taskScope } from './host-task.js'
import { tasksOf } from './play-iterator.js'
import type { ProcessedResult, StrategyContext } from './types.js'
import { filterTagged } from './tags.js'
import { allHandlers } from './handlers.js'
import { displayName, taskInfo } from './events.js'

interface IncludedFile {
  task: Task
  /** The include's run on its first host: its variables template the included tasks' tags. */
  first: ProcessedResult
  file: string
  isRole: boolean
  args: Record<string, unknown>
  vars: Record<string, unknown>
  hosts: string[]
  key: string
}

export async function processIncludes(ctx: StrategyContext, results: ProcessedResult[], hostsLeft: string[]): Promise<void> {
  const files = groupIncludes(ctx, results)
  const perHost = new Map<string, Block[]>(hostsLeft.map((h) => [h, []]))
  const included: Task[] = []
  for (const inc of files) {
    try {
      const blocks = inc.isRole ? loadIncludedRole(ctx, inc) : loadIncludedTasks(ctx, inc)
      // Ansible counts an include_tasks result as ok once its file is loaded, per host.
      if (!inc.isRole) for (const h of inc.hosts) ctx.run.stats.increment('ok', h)
      if (!inc.isRole) await ctx.run.emitter.emit('onInclude', { file: inc.file, hosts: inc.hosts, vars: inc.vars, task: includeInfo(inc.task) })
      ctx.iterator.setHandlers(allHandlers(ctx.play.play.handlers))
      const scope = inc.first.on.scope
      for (const b of blocks) {
        const final = inc.task.isHandler ? b : filterTagged(b, ctx.tags, ctx.run.templar, scope)
        if (inc.task.isHandler) for (const t of tasksOf(final)) t.notifiedHosts = new Set(inc.hosts)
        else included.push(...tasksOf(final))
        for (const h of inc.hosts) perHost.get(h)?.push(final)
      }
    } catch (e) {
      if (e instanceof ParseError) throw e
      if (!(e instanceof TsibleError)) throw e
      ctx.run.warn(e.message)
      for (const r of results.filter((r) => inc.hosts.includes(r.host) && r.task === inc.task)) {
        r.result.failed = true
        ctx.failed.add(r.host)
        ctx.run.failedHosts.add(r.host)
        ctx.iterator.markFailed(r.host)
      }
    }
  }
  for (const [h, blocks] of perHost) if (blocks.length) ctx.iterator.addTasks(h, blocks)
  ctx.iterator.addToTaskList(included)
}

function groupIncludes(ctx: StrategyContext, results: ProcessedResult[]): IncludedFile[] {
  const out = new Map<string, IncludedFile>()
  for (const r of results) {
    const isRole = shortActionName(r.task.action) === 'include_role'
    const items = Array.isArray(r.result.results) ? (r.result.results as Record<string, unknown>[]) : [r.result]
    for (const item of items) {
      if (item.skipped || item.failed || !('include_args' in item)) continue
      const loopVar = typeof item.ansible_loop_var === 'string' ? item.ansible_loop_var : undefined
      const vars: Record<string, unknown> = {}
      if (loopVar) {
        vars[loopVar] = item[loopVar]
        vars.ansible_loop_var = loopVar
        if (typeof item.ansible_index_var === 'string') vars[item.ansible_index_var] = item[item.ansible_index_var]
      }
      const file = isRole ? '' : resolveIncludeFile(ctx, r.task, String(item.include))
      const args = (item.include_args ?? {}) as Record<string, unknown>
      const key = `${r.task.id}\0${file}\0${pyRepr(args)}\0${pyRepr(vars)}`
      const existing = out.get(key)
      if (existing) existing.hosts.push(r.host)
      else out.set(key, { task: r.task, first: r, file, isRole, args, vars, hosts: [r.host], key })
    }
  }
  return [...out.values()]
}

function resolveIncludeFile(ctx: StrategyContext, task: Task, name: string): string {
  const file = resolveTaskFile(name, {
    role: task.role,
    file: task.location?.file ?? ctx.play.play.basedir + '/',
    play: ctx.play.play,
    loader: loaderFor(ctx),
  })
  if (!file) throw new ParseError(`Could not find or access '${name}'`, task.location)
  return file
}

/** A copy of the include task carrying the item's variables, as the included tasks' parent. */
function includeParent(inc: IncludedFile): Task {
  const vars = { ...(isDict(inc.task.keywords.vars) ? inc.task.keywords.vars : {}), ...inc.vars }
  const copy = new Task(inc.task.action, inc.task.args, { ...inc.task.keywords, vars }, inc.task.parent, inc.task.location, inc.task.isHandler)
  copy.role = inc.task.role
  return copy
}

/**
 * The parent of the included blocks: the include itself, or with `apply:` a block of those
 * keywords under it (TaskInclude.build_parent_block): the only way an include's keywords
 * reach its tasks.
 */
function includedBlocksParent(inc: IncludedFile, parent: Task): Task | Block {
  const apply = inc.args.apply ?? inc.task.args.apply
  if (!isDict(apply)) return parent
  const block = new Block({ ...apply }, parent, inc.task.location, inc.task.isHandler)
  block.role = inc.task.role
  return block
}

function loadIncludedTasks(ctx: StrategyContext, inc: IncludedFile): Block[] {
  const loader = loaderFor(ctx)
  const parent = includedBlocksParent(inc, includeParent(inc))
  return loadBlocks(loader.loadYamlFile(inc.file), {
    play: ctx.play.play,
    parent,
    role: inc.task.role,
    isHandler: inc.task.isHandler,
    file: inc.file,
    staticVars: {},
    loader,
    importRole,
  })
}

function loadIncludedRole(ctx: StrategyContext, inc: IncludedFile): Block[] {
  const { run } = ctx
  const parent = includeParent(inc)
  const scope = taskScope(run, ctx.play, inc.hosts[0], parent)
  const args = run.templar.template(inc.args, scope) as Record<string, unknown>
  const role = loadRole({
    entry: { role: args.name ?? args.role, ...(isDict(parent.keywords.vars) ? { vars: parent.keywords.vars } : {}) },
    play: ctx.play.play,
    parent,
    parentRole: inc.task.role,
    from: fromFiles(args),
    fromInclude: true,
    staticVars: {},
    loader: loaderFor(ctx),
    location: inc.task.location,
  })
  role.ref.parent = parent
  role.allowDuplicates = args.allow_duplicates !== false
  if (args.public === true) ctx.play.play.roles.push(role)
  ctx.play.play.handlers.push(...compileRoleHandlers(role))
  return compileRole(role, ctx.play.play)
}

function includeInfo(task: Task) {
  return taskInfo(task, displayName(task, task.name), { noLog: false, checkMode: null, diff: null, delegateTo: null, ignoreUnreachable: null })
}

function loaderFor(ctx: StrategyContext): LoaderContext {
  return ctx.run.loader
}
