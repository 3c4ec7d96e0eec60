/**
 * Playbook files → plays. `import_playbook` entries are expanded in place; their `when`,
 * `tags` and `vars` apply to every play they bring in.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { ParseError } from '../errors/errors.js'
import { splitArgs } from './parse-args.js'
import { isDict } from '../py/values.js'
import { positionOf } from '../yaml/load.js'
import { IMPORT_PLAYBOOK_KEYWORDS, loadVars, PLAY_KEYWORDS } from './keywords.js'
import { compileRole, compileRoleHandlers, importRole, loadRole } from './load-role.js'
import { loadBlocks } from './load-tasks.js'
import { LoaderContext, type LoaderOptions } from './loader-context.js'
import { Block, Play, type Playbook, type RoleInstance, Task } from './model.js'

export interface LoadPlaybookOptions extends LoaderOptions {
  extraVars: Record<string, unknown>
}

interface Inherited {
  when: unknown[]
  tags: unknown[]
  vars: Record<string, unknown>
}

/**
 * Loads a playbook file with its imports. Errors point at the offending YAML. A run passes
 * its loader, so that files parsed here are not parsed again by its dynamic includes.
 */
export function loadPlaybook(file: string, options: LoadPlaybookOptions, loader = new LoaderContext(options)): Playbook {
  const path = resolve(file)
  const plays = loadPlaybookFile(path, loader, options.extraVars, { when: [], tags: [], vars: {} })
  return { file: path, displayName: file, basedir: dirname(path), plays }
}

function loadPlaybookFile(file: string, loader: LoaderContext, extraVars: Record<string, unknown>, inherited: Inherited): Play[] {
  const data = loader.loadYamlFile(file)
  if (data === null || data === undefined) return []
  if (!Array.isArray(data)) {
    throw new ParseError('A playbook must be a list of plays, got a dict instead', positionOf(data) ?? { file, line: 1, column: 1 })
  }
  const plays: Play[] = []
  for (const entry of data) {
    if (!isDict(entry)) throw new ParseError(`playbook entries must be either valid plays or 'import_playbook' statements`, positionOf(data))
    if ('import_playbook' in entry || 'ansible.builtin.import_playbook' in entry) {
      plays.push(...importPlaybook(entry, file, loader, extraVars, inherited))
    } else {
      plays.push(loadPlay(entry, file, loader, extraVars, inherited))
    }
  }
  return plays
}

function importPlaybook(
  entry: Record<string, unknown>,
  file: string,
  loader: LoaderContext,
  extraVars: Record<string, unknown>,
  inherited: Inherited,
): Play[] {
  const at = positionOf(entry)
  for (const k of Object.keys(entry)) {
    if (!IMPORT_PLAYBOOK_KEYWORDS.has(k) && k !== 'ansible.builtin.import_playbook') {
      throw new ParseError(`'${k}' is not a valid attribute for a PlaybookInclude`, at)
    }
  }
  const raw = entry.import_playbook ?? entry['ansible.builtin.import_playbook']
  if (typeof raw !== 'string') throw new ParseError('import_playbook parameters cannot be mixed with \'vars\' entries for import statements', at)
  const vars = { ...inherited.vars, ...(isDict(entry.vars) ? entry.vars : {}) }
  const name = String(loader.options.templateStatic(splitArgs(raw.trim())[0], { ...vars, ...extraVars }))
  const target = isAbsolute(name) ? name : join(dirname(file), name)
  if (!loader.exists(target)) throw new ParseError(`Unable to retrieve file contents\nCould not find or access '${target}'`, at)
  loader.options.onPlaybook?.(dirname(target))
  return loadPlaybookFile(target, loader, extraVars, {
    when: [...inherited.when, ...asList(entry.when)],
    tags: [...inherited.tags, ...asList(entry.tags)],
    vars,
  })
}

function loadPlay(
  ds: Record<string, unknown>,
  file: string,
  loader: LoaderContext,
  extraVars: Record<string, unknown>,
  inherited: Inherited,
): Play {
  const at = positionOf(ds)
  for (const k of Object.keys(ds)) {
    if (!PLAY_KEYWORDS.has(k)) throw new ParseError(`'${k}' is not a valid attribute for a Play`, at)
  }
  validateHosts(ds, at)
  const keywords: Record<string, unknown> = { ...ds }
  const ownVars = loadVars(ds.vars, 'Play', at)
  if (ownVars !== undefined) keywords.vars = ownVars
  if (Object.keys(inherited.vars).length) keywords.vars = { ...inherited.vars, ...(ownVars ?? {}) }
  if (inherited.tags.length) keywords.tags = [...inherited.tags, ...asList(ds.tags)]
  const play = new Play(keywords, dirname(file), at)
  if (inherited.when.length) play.includedConditional = inherited.when
  const staticVars = { ...(isDict(keywords.vars) ? keywords.vars : {}), ...extraVars }
  const scope = (section: string, isHandler = false) => ({
    play,
    parent: play,
    role: undefined,
    isHandler,
    file,
    staticVars,
    loader,
    importRole,
    section,
  })
  const playRoles: RoleInstance[] = []
  for (const entry of asList(ds.roles)) {
    const roleEntry = typeof entry === 'string' ? { role: entry } : entry
    if (!isDict(roleEntry)) throw new ParseError('Invalid role definition', at)
    playRoles.push(loadRole({ entry: roleEntry, play, parent: play, fromInclude: false, staticVars, loader, location: positionOf(roleEntry) ?? at }))
  }
  // The play's roles first, then those their tasks imported (role_names' order).
  play.roles.unshift(...playRoles)
  const rolesHandlers = play.roles.filter((r) => !r.fromInclude).flatMap(compileRoleHandlers)
  play.preTasks = loadBlocks(ds.pre_tasks, scope('pre_tasks'))
  play.tasks = loadBlocks(ds.tasks, scope('tasks'))
  play.postTasks = loadBlocks(ds.post_tasks, scope('post_tasks'))
  const ownHandlers = loadBlocks(ds.handlers, scope('handlers', true))
  play.handlers = [...rolesHandlers, ...play.handlers, ...ownHandlers]
  return play
}

function validateHosts(ds: Record<string, unknown>, at: ReturnType<typeof positionOf>): void {
  if (!('hosts' in ds)) return
  const hosts = ds.hosts
  if (hosts === null || hosts === '' || (Array.isArray(hosts) && hosts.length === 0)) {
    throw new ParseError('Hosts list cannot be empty. Please check your playbook', at)
  }
  if (Array.isArray(hosts)) {
    for (const h of hosts) {
      if (h === null) throw new ParseError("Hosts list cannot contain values of 'None'. Please check your playbook", at)
      if (typeof h !== 'string') throw new ParseError(`Hosts list contains an invalid host value: '${String(h)}'`, at)
    }
  } else if (typeof hosts !== 'string') {
    throw new ParseError('Hosts list must be a sequence or string. Please check your playbook.', at)
  }
}

/**
 * The play's task blocks in execution order (Play.compile): pre_tasks, a handler flush,
 * the roles (dependencies first), tasks, a flush, post_tasks, a flush.
 */
export function compilePlay(play: Play, forceHandlers = play.keywords.force_handlers === true): Block[] {
  const flush = () => {
    const b = new Block({}, play, undefined)
    b.implicit = true
    const t = new Task('meta', { _raw_params: 'flush_handlers' }, {}, b, undefined)
    t.implicit = true
    b.block = [t]
    return b
  }
  const roles = play.roles.filter((r) => !r.fromInclude).flatMap((r) => compileRole(r, play))
  if (forceHandlers) {
    const section = (blocks: Block[]) => {
      const b = new Block({}, play, undefined)
      b.implicit = true
      b.block = blocks.length ? blocks : [noop(b)]
      b.always = [flush()]
      return b
    }
    return [section(play.preTasks), section([...roles, ...play.tasks]), section(play.postTasks)]
  }
  return [...play.preTasks, flush(), ...roles, ...play.tasks, flush(), ...play.postTasks, flush()]
}

function noop(parent: Block): Task {
  const t = new Task('meta', { _raw_params: 'noop' }, {}, parent, undefined)
  t.implicit = true
  return t
}

function asList(v: unknown): unknown[] {
  if (v === null || v === undefined) return []
  return Array.isArray(v) ? v : [v]
}
