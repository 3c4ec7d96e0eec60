/**
 * Task lists → blocks, with static imports (`import_tasks`, `import_role`) expanded at
 * load time as Ansible does: the imported tasks hang under the import task, so they
 * inherit its `when`, `tags`, `vars` and other keywords.
 */
import { dirname, isAbsolute, join } from 'node:path'
import { ParseError } from '../errors/errors.js'
import type { SourceLocation } from '../errors/tsible-error.js'
import { isDict } from '../py/values.js'
import { positionOf } from '../yaml/load.js'
import { BLOCK_KEYWORDS, loadVars, shortActionName } from './keywords.js'
import type { LoaderContext } from './loader-context.js'
import { Block, type Parent, Play, RoleRef, type RoleInstance, Task } from './model.js'
import { normalizeTask } from './normalize-task.js'

export interface TaskListScope {
  play: Play
  parent: Parent
  role: RoleInstance | undefined
  isHandler: boolean
  /** The file the list came from (relative imports resolve against it). */
  file: string
  /** Variables known at load time, for templated static import names. */
  staticVars: Record<string, unknown>
  loader: LoaderContext
  /** Loads a role for `import_role` (provided by load-role.ts, avoiding an import cycle). */
  importRole(task: Task, scope: TaskListScope): Block[]
}

/** Loads a list of tasks and blocks; runs of bare tasks share one implicit block. */
export function loadBlocks(ds: unknown, scope: TaskListScope): Block[] {
  if (ds === null || ds === undefined) return []
  if (!Array.isArray(ds)) {
    throw new ParseError(`A malformed block was encountered while loading tasks: ${String(ds)} should be a list or None`, positionOf(ds) ?? fileStart(scope.file))
  }
  const blocks: Block[] = []
  let implicit: Block | undefined
  for (const entry of ds) {
    if (!isDict(entry)) {
      throw new ParseError(
        'A malformed block was encountered while loading a block',
        positionOf(ds) ?? fileStart(scope.file),
      )
    }
    if (isBlockDs(entry)) {
      if (scope.isHandler && scope.parent instanceof Block) throw new ParseError('Using a block as a handler is not supported.', positionOf(entry))
      implicit = undefined
      blocks.push(loadBlock(entry, scope))
      continue
    }
    if (!implicit) {
      implicit = new Block({}, scope.parent, positionOf(entry), scope.isHandler)
      implicit.role = scope.role
      implicit.implicit = true
      blocks.push(implicit)
    }
    implicit.block.push(...loadTask(entry, { ...scope, parent: implicit }))
  }
  return blocks
}

function isBlockDs(ds: Record<string, unknown>): boolean {
  return 'block' in ds || 'rescue' in ds || 'always' in ds
}

function loadBlock(ds: Record<string, unknown>, scope: TaskListScope): Block {
  const location = positionOf(ds)
  const keywords: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(ds)) {
    if (k === 'block' || k === 'rescue' || k === 'always') continue
    if (!BLOCK_KEYWORDS.has(k)) throw new ParseError(`'${k}' is not a valid attribute for a Block`, location)
    keywords[k] = k === 'vars' ? loadVars(v, 'Block', location) : v
  }
  const block = new Block(keywords, scope.parent, location, scope.isHandler)
  block.role = scope.role
  const inner = { ...scope, parent: block }
  for (const section of ['block', 'rescue', 'always'] as const) {
    const list = ds[section]
    if (list === undefined || list === null) continue
    if (!Array.isArray(list)) throw new ParseError(`A malformed block was encountered while loading ${section}`, location)
    block[section] = loadBlocks(list, inner).flatMap(unwrapImplicit)
  }
  return block
}

/** Tasks inside a block need no implicit block of their own. */
function unwrapImplicit(b: Block): Array<Task | Block> {
  return b.implicit ? b.block : [b]
}

/** One task entry: a task, or the blocks a static import brings in. */
function loadTask(ds: Record<string, unknown>, scope: TaskListScope): Array<Task | Block> {
  const location = positionOf(ds)
  const collections = collectionsOf(ds, scope)
  const n = normalizeTask(ds, { isAction: scope.loader.options.isAction, isHandler: scope.isHandler, location, collections })
  const task = new Task(n.action, n.args, n.keywords, scope.parent, location, scope.isHandler)
  task.role = scope.role
  task.collections = collections
  const action = shortActionName(n.action)
  if (scope.isHandler && (action === 'include_role' || action === 'import_role')) {
    throw new ParseError(`Using '${n.action}' as a handler is not supported.`, location)
  }
  if (action === 'import_tasks') return importTasks(task, scope)
  if (action === 'import_role') return scope.importRole(task, scope)
  if (action === 'import_playbook') {
    throw new ParseError("'import_playbook' is not a valid attribute for a Task", location)
  }
  if (action === 'include') return includeTask(task, scope)
  return [task]
}

/**
 * The collections a task searches for its action (Task.preprocess_data): its own
 * `collections`, else the nearest block's or import's, else its role's (from the role's
 * meta; roles do not inherit the play's), else the play's; `ansible.legacy` is appended
 * unless the list names ansible.builtin or ansible.legacy.
 */
function collectionsOf(ds: Record<string, unknown>, scope: TaskListScope): string[] | undefined {
  let list: unknown = ds.collections
  for (let n: Parent | undefined = scope.parent; list === undefined && n; ) {
    if (n instanceof RoleRef) {
      list = scope.role?.collections
      break
    }
    const v = n.keywords.collections
    if (v !== undefined && v !== null) list = v
    n = n instanceof Play ? undefined : (n as { parent?: Parent }).parent
  }
  if (!Array.isArray(list) || list.length === 0) return undefined
  const out = list.map(String)
  if (!out.includes('ansible.builtin') && !out.includes('ansible.legacy')) out.push('ansible.legacy')
  return out
}

function importTasks(task: Task, scope: TaskListScope): Block[] {
  if (task.keywords.loop !== undefined) {
    const what = task.loopWith ? `with_${task.loopWith}` : 'loop'
    throw new ParseError(`You cannot use loops on 'import_tasks' statements. You should use 'include_tasks' instead.`, task.location, {
      cause: what,
    })
  }
  const raw = task.args._raw_params ?? task.args.file
  if (typeof raw !== 'string') throw new ParseError('No file specified for import_tasks', task.location)
  const name = String(scope.loader.options.templateStatic(raw, { ...scope.staticVars, ...varsOf(task) }))
  const file = resolveTaskFile(name, scope)
  if (!file) throw new ParseError(`Could not find or access '${name}'`, task.location)
  const data = scope.loader.loadYamlFile(file)
  return loadBlocks(data, { ...scope, parent: task, file })
}

/**
 * The deprecated `include` (2.14): static, like import_tasks, when its file name holds no
 * template, it has no loop and no dynamic include is above it; otherwise dynamic, like
 * include_tasks. Its other arguments are variables of the included tasks.
 */
function includeTask(task: Task, scope: TaskListScope): Array<Task | Block> {
  scope.loader.options.deprecated?.({
    msg: '"include" is deprecated, use include_tasks/import_tasks instead. See https://docs.ansible.com/ansible-core/2.14/user_guide/playbooks_reuse_includes.html for details',
    version: '2.16',
  })
  if (task.args._raw_params === undefined || task.args._raw_params === null || task.args._raw_params === '') {
    const file = task.args.file
    delete task.args.file
    task.args._raw_params = file
    if (!file) throw new ParseError('No file specified for include', location(task, scope))
  }
  const raw = String(task.args._raw_params)
  const isTemplate = raw.includes('{{') || raw.includes('{%') || raw.includes('{#')
  if (isTemplate || task.keywords.loop !== undefined || !allParentsStatic(scope.parent)) return [task]
  task.staticInclude = true
  const name = String(scope.loader.options.templateStatic(raw, { ...scope.staticVars, ...varsOf(task) }))
  const file = resolveTaskFile(name, scope)
  if (!file) throw new ParseError(`Could not find or access '${name}'`, task.location)
  const data = scope.loader.loadYamlFile(file)
  if (data === null || data === undefined || (Array.isArray(data) && data.length === 0)) {
    scope.loader.options.warn(`file ${file} is empty and had no tasks to include`)
    return []
  }
  if (!Array.isArray(data)) throw new ParseError('included task files must contain a list of tasks', positionOf(data) ?? fileStart(file))
  return loadBlocks(data, { ...scope, parent: task, file })
}

function location(task: Task, scope: TaskListScope): SourceLocation {
  return task.location ?? fileStart(scope.file)
}

/** TaskInclude.all_parents_static: no dynamic include above. */
function allParentsStatic(parent: Parent | undefined): boolean {
  for (let p: Parent | undefined = parent; p; p = (p as { parent?: Parent }).parent) {
    if (p instanceof Task && !p.staticInclude && ['include_tasks', 'include_role', 'include'].includes(shortActionName(p.action))) return false
  }
  return true
}

function varsOf(task: Task): Record<string, unknown> {
  return isDict(task.keywords.vars) ? task.keywords.vars : {}
}

/**
 * Where a task file named in an include/import is: absolute as given; in a role, the
 * role's tasks/ directory; then beside the including file; then in the playbook directory.
 */
export function resolveTaskFile(name: string, scope: Pick<TaskListScope, 'role' | 'file' | 'play' | 'loader'>): string | null {
  if (isAbsolute(name)) return scope.loader.exists(name) ? name : null
  const candidates: string[] = []
  if (scope.role) candidates.push(join(scope.role.path, 'tasks', name), join(scope.role.path, name))
  candidates.push(join(dirname(scope.file), name), join(scope.play.basedir, name))
  return candidates.find((c) => scope.loader.exists(c)) ?? null
}

function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1 }
}
