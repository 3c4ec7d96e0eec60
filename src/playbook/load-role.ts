/**
 * Roles: finding them (`roles/` beside the playbook, `roles_path`, the parent role's
 * directory, the playbook directory), loading defaults/vars/tasks/handlers/meta, their
 * dependencies, and compiling them into blocks with dependencies first.
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, isAbsolute, join, resolve } from 'node:path'
import { ParseError } from '../errors/errors.js'
import type { SourceLocation } from '../errors/tsible-error.js'
import { isDict } from '../py/values.js'
import { positionOf } from '../yaml/load.js'
import { loadVars, ROLE_ENTRY_KEYWORDS } from './keywords.js'
import { loadBlocks, type TaskListScope } from './load-tasks.js'
import type { LoaderContext } from './loader-context.js'
import { Block, type Parent, type Play, RoleInstance, RoleRef, Task } from './model.js'

export interface RoleFromFiles {
  tasks?: string
  vars?: string
  defaults?: string
  handlers?: string
}

export interface LoadRoleRequest {
  /** The `roles:` entry, a role name, or an import/include task's arguments. */
  entry: Record<string, unknown>
  play: Play
  parent: Parent
  /** The role that lists this one as a dependency, or that imports it. */
  parentRole?: RoleInstance
  from?: RoleFromFiles
  fromInclude: boolean
  staticVars: Record<string, unknown>
  loader: LoaderContext
  location?: SourceLocation
}

const parentIds = new WeakMap<object, number>()
let nextParentId = 0
function parentId(p: object): number {
  let id = parentIds.get(p)
  if (id === undefined) {
    id = ++nextParentId
    parentIds.set(p, id)
  }
  return id
}

/** Loads one role (and, recursively, its dependencies). */
export function loadRole(req: LoadRoleRequest): RoleInstance {
  const { entry, loader } = req
  const rawName = entry.role ?? entry.name
  if (typeof rawName !== 'string' || rawName === '') {
    throw new ParseError("role definitions must contain a role name", req.location)
  }
  const name = String(loader.options.templateStatic(rawName, req.staticVars))
  const path = findRole(name, req)
  loader.options.onRole?.(path)
  const keywords: Record<string, unknown> = {}
  const params: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'role' || k === 'name') continue
    if (ROLE_ENTRY_KEYWORDS.has(k)) keywords[k] = k === 'vars' ? loadVars(v, 'RoleInclude', req.location) : v
    else params[k] = v
  }
  const from = req.from ?? {}
  // The loaded tasks hang under the importing task or play (whose vars and keywords they
  // inherit), so a role is only reused for the same parent.
  // A dependency is its own instance under each parent role (its variables come through
  // that chain); instances of the same role and parameters share what they ran (hasRun).
  const cacheKey = JSON.stringify([path, params, keywords.when, keywords.tags, keywords.vars, from, req.fromInclude, parentId(req.parent), req.parentRole ? parentId(req.parentRole) : 0])
  const cached = req.play.roleCache.get(cacheKey)
  if (cached) return cached
  const ref = new RoleRef(keywords, req.parentRole ? req.parentRole.ref : req.parent)
  // vars/ is read before defaults/, as Ansible does (which error a broken file gives first).
  const entryVars = isDict(keywords.vars) ? keywords.vars : {}
  const vars = { ...entryVars, ...loadVarsFile(path, 'vars', from.vars, loader) }
  const defaults = loadVarsFile(path, 'defaults', from.defaults, loader)
  const role = new RoleInstance(name.includes('/') ? basename(path) : name, path, defaults, vars, params, ref)
  role.fromInclude = req.fromInclude
  if (req.parentRole) role.parents = [...req.parentRole.parents, req.parentRole]
  req.play.roleCache.set(cacheKey, role)
  const identity = JSON.stringify([path, params, keywords.when, keywords.tags, keywords.vars, from, req.fromInclude])
  const runs = req.play.roleRuns.get(identity)
  if (runs) role.hasRun = runs
  else req.play.roleRuns.set(identity, role.hasRun)

  const meta = loadMainFile(path, 'meta', undefined, loader)
  if (isDict(meta)) {
    role.allowDuplicates = meta.allow_duplicates === true
    if (Array.isArray(meta.collections)) role.collections = meta.collections.map(String)
    for (const dep of asList(meta.dependencies)) {
      const depEntry = typeof dep === 'string' ? { role: dep } : dep
      if (!isDict(depEntry)) throw new ParseError(`Invalid role dependency in ${path}/meta`, positionOf(meta))
      role.dependencies.push(
        loadRole({ ...req, entry: depEntry, parentRole: role, from: undefined, fromInclude: false, location: positionOf(depEntry) }),
      )
    }
  }
  const scope = (file: string, isHandler: boolean): TaskListScope => ({
    play: req.play,
    parent: ref,
    role,
    isHandler,
    file,
    staticVars: req.staticVars,
    loader,
    importRole,
  })
  const tasksFile = findMainFile(path, 'tasks', from.tasks, loader)
  if (tasksFile) role.taskBlocks = loadBlocks(loader.loadYamlFile(tasksFile), scope(tasksFile, false))
  else if (from.tasks) throw new ParseError(`Could not find specified file in role: tasks/${from.tasks}`, req.location)
  // Ansible's role cache does not look at where a role is loaded from: the same role with
  // the same parameters is one Role, whose handlers are one set however often it is included.
  const handlersKey = JSON.stringify(['handlers', path, params, keywords.when, keywords.tags, keywords.vars, from, req.fromInclude])
  const twin = req.play.roleCache.get(handlersKey)
  if (twin) {
    role.handlerBlocks = twin.handlerBlocks
    return role
  }
  req.play.roleCache.set(handlersKey, role)
  const handlersFile = findMainFile(path, 'handlers', from.handlers, loader)
  if (handlersFile) role.handlerBlocks = loadBlocks(loader.loadYamlFile(handlersFile), scope(handlersFile, true))
  return role
}

/**
 * Blocks of a role, its dependencies' first (Role.compile), each role ending with an
 * implicit `meta: role_complete` that records the role as run for the host.
 */
export function compileRole(role: RoleInstance, play: Play): Block[] {
  const eor = new Block({}, play, undefined)
  eor.role = role
  eor.implicit = true
  const task = new Task('meta', { _raw_params: 'role_complete' }, { tags: ['always'] }, eor, undefined)
  task.role = role
  task.implicit = true
  eor.block = [task]
  return [...role.dependencies.flatMap((d) => compileRole(d, play)), ...role.taskBlocks, eor]
}

/** Handler blocks of a role, its dependencies' first. */
export function compileRoleHandlers(role: RoleInstance): Block[] {
  return [...role.dependencies.flatMap(compileRoleHandlers), ...role.handlerBlocks]
}

/** `import_role`: the role's blocks under the import task; the role joins the play's roles. */
export function importRole(task: Task, scope: TaskListScope): Block[] {
  const args = task.args
  const role = loadRole({
    entry: { role: args.name ?? args.role, ...(isDict(task.keywords.vars) ? { vars: task.keywords.vars } : {}) },
    play: scope.play,
    parent: task,
    parentRole: scope.role,
    from: fromFiles(args),
    fromInclude: true,
    staticVars: scope.staticVars,
    loader: scope.loader,
    location: task.location,
  })
  role.allowDuplicates = args.allow_duplicates !== false
  role.ref.parent = task
  scope.play.roles.push(role)
  const blocks = compileRole(role, scope.play)
  scope.play.handlers.push(...compileRoleHandlers(role))
  return blocks
}

/** The `*_from` arguments of import_role/include_role. */
export function fromFiles(args: Record<string, unknown>): RoleFromFiles {
  const pick = (k: string) => (args[k] === undefined ? undefined : String(args[k]))
  return { tasks: pick('tasks_from'), vars: pick('vars_from'), defaults: pick('defaults_from'), handlers: pick('handlers_from') }
}

function findRole(name: string, req: LoadRoleRequest): string {
  const { loader } = req
  if (isAbsolute(name) && isDir(name)) return name
  const search = [join(req.play.basedir, 'roles'), ...loader.options.rolesPath]
  if (req.parentRole) search.push(join(req.parentRole.path, '..'))
  search.push(req.play.basedir)
  for (const dir of search) {
    const p = join(dir, name)
    if (isDir(p)) return p
  }
  throw new ParseError(
    `the role '${name}' was not found in ${search.join(':')}`,
    req.location,
  )
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

const EXTENSIONS = ['', '.yml', '.yaml', '.json']

/** `<role>/<sub>/main` (or `<name>`), with Ansible's extensions; a directory loads all its files. */
function findMainFile(path: string, sub: string, name: string | undefined, loader: LoaderContext): string | null {
  const dir = join(path, sub)
  // os.path.join: an absolute *_from name stands alone, and must still be inside the role.
  const base = name && isAbsolute(name) ? name : join(dir, name ?? 'main')
  for (const ext of EXTENSIONS) {
    const p = base + ext
    if (ext === '' && (!name || isDir(p))) continue
    if (!loader.staticFileExists(p)) continue
    if (!resolve(p).startsWith(`${resolve(dir)}/`)) {
      throw new ParseError(`Failed loading '${p}' for role (${basename(path)}) as it is not inside the expected role path: '${dir}'`)
    }
    return p
  }
  return null
}

function loadMainFile(path: string, sub: string, name: string | undefined, loader: LoaderContext): unknown {
  const file = findMainFile(path, sub, name, loader)
  return file ? loader.loadYamlFile(file) : undefined
}

function loadVarsFile(path: string, sub: string, name: string | undefined, loader: LoaderContext): Record<string, unknown> {
  const dir = join(path, sub, name ?? 'main')
  if (!name && loader.staticFileExists(dir) && isDir(dir)) {
    const out: Record<string, unknown> = {}
    for (const f of readdirSync(dir).sort()) {
      if (!f.startsWith('.') && EXTENSIONS.some((e) => e && f.endsWith(e))) Object.assign(out, asDict(loader.loadYamlFile(join(dir, f)), dir))
    }
    return out
  }
  const data = loadMainFile(path, sub, name, loader)
  return asDict(data, join(path, sub))
}

function asDict(data: unknown, where: string): Record<string, unknown> {
  if (data === null || data === undefined) return {}
  if (!isDict(data)) throw new ParseError(`The vars file ${where} must contain a dictionary of variables`, positionOf(data))
  return data
}

function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return []
  return Array.isArray(v) ? v : [v]
}
