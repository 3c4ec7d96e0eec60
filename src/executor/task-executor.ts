/**
 * A task on one host (TaskExecutor.run): its variables, its loop (each item run through
 * `executeOnce`, with per-item callbacks), and the aggregate loop result Ansible builds.
 * Errors that belong to the task (undefined variables, bad loop data) become failed
 * results; only engine bugs escape.
 */
import { PyTuple } from '../py/values.js'
import { TsibleError } from '../errors/tsible-error.js'
import { inheritedKeyword } from '../playbook/inherited.js'
import { isUndefined } from '../py/undefined.js'
import { isDict } from '../py/values.js'
import { shortActionName } from '../playbook/keywords.js'
import type { Task } from '../playbook/model.js'
import type { TemplateScope } from '../template/types.js'
import type { PlayContext } from '../vars/variable-manager.js'
import { executeOnce, templateOrFail, type Result } from './execute-once.js'
import { loopItems } from './loop-items.js'
import type { RunContext } from './run-context.js'
import { taskSearchPath } from './search-path.js'
import { UndefinedVariableError } from '../errors/errors.js'
import { isFailedResult } from './process-result.js'

export interface HostTaskRequest {
  run: RunContext
  play: PlayContext
  task: Task
  host: string
  /** Sends per-item and retry events to the callbacks. */
  events: {
    item(kind: 'ok' | 'failed' | 'skipped', result: Result): Promise<void>
    retry(result: Result): Promise<void>
  }
}

const INVENTORY_ACTIONS = new Set(['add_host', 'group_by'])

export async function runHostTask(req: HostTaskRequest): Promise<Result> {
  const { run, task, host } = req
  const source = run.vars.taskSource(req.play, host, task)
  const searchPath = taskSearchPath(task, req.play.play.basedir)
  const scope = run.templar.scope(source, { searchPath }).child({ ansible_search_path: [...searchPath] })
  let result: Result
  try {
    let items: unknown[] | undefined
    let loopError: Error | undefined
    try {
      items = loopItems(task, scope, run.templar, run.lookups)
    } catch (e) {
      // An undefined variable in the loop waits for `when` (which may skip the task).
      if (!(e instanceof UndefinedVariableError)) throw e
      loopError = e
    }
    if (items === undefined) result = await executeOnce({ run, task, host, scope, onRetry: req.events.retry, loopError })
    else if (items.length > 0) result = await runLoop(req, scope, items)
    else result = { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }
    if (!('changed' in result)) result.changed = false
  } catch (e) {
    // TaskExecutor.run's error result: no `changed`, the play context's no_log. A templating
    // or conditional error in any loop item ends here too: the whole loop fails, no results.
    result = { ...failedResult(e), _ansible_no_log: noLogOf(req, scope) }
  }
  return result
}

function noLogOf(req: HostTaskRequest, scope: TemplateScope): boolean {
  const v = inheritedKeyword(req.task, 'no_log')
  if (v === undefined) return false
  try {
    const t = req.run.templar.template(v, scope)
    return !isUndefined(t) && Boolean(t) && t !== 'false' && t !== 'no'
  } catch {
    return false
  }
}

async function runLoop(req: HostTaskRequest, scope: TemplateScope, items: unknown[]): Promise<Result> {
  const { run, task, host } = req
  const control = loopControl(req, scope)
  const results: Result[] = []
  let ignoreErrors: boolean | undefined
  // What earlier items leave for later ones (TaskExecutor._execute updates the shared task
  // vars): their facts (set_fact accumulating in a loop) and the registered item result.
  const carried: Record<string, unknown> = {}
  const action = shortActionName(task.action)
  for (const [index, raw] of items.entries()) {
    // A lookup's tuples (subelements, together, nested) reach the task as lists, as in Ansible.
    const item = raw instanceof PyTuple ? [...raw] : raw
    if (control.pause && index > 0) await new Promise((r) => setTimeout(r, control.pause * 1000))
    const vars: Record<string, unknown> = { ansible_loop_var: control.loopVar, [control.loopVar]: item }
    if (control.indexVar) Object.assign(vars, { ansible_index_var: control.indexVar, [control.indexVar]: index })
    if (control.extended) vars.ansible_loop = extendedLoop(items, index, control.extendedAllItems)
    const itemScope = scope.child({ ...carried, ...vars })
    // An item's templating or `when` error is the whole task's (TaskExecutor._run_loop lets it through).
    const res: Result = await executeOnce({ run, task, host, scope: itemScope, onRetry: req.events.retry })
    res[control.loopVar] = item
    res.ansible_loop_var = control.loopVar
    if (control.indexVar) {
      res[control.indexVar] = index
      res.ansible_index_var = control.indexVar
    }
    if (control.extended) res.ansible_loop = vars.ansible_loop
    res._ansible_item_result = true
    const itemIgnore = ignoreErrorsOf(req, itemScope)
    res._ansible_ignore_errors = itemIgnore
    try {
      res._ansible_item_label = run.templar.template(control.label, itemScope)
    } catch (e) {
      Object.assign(res, { failed: true, msg: `Failed to template loop_control.label: ${(e as Error).message}` })
    }
    if (isFailedResult(res) || res.unreachable) await req.events.item('failed', res)
    else if (res.skipped) await req.events.item('skipped', res)
    else if (!INVENTORY_ACTIONS.has(shortActionName(task.action))) await req.events.item('ok', res)
    results.push(res)
    if (ignoreErrors === undefined) ignoreErrors = itemIgnore
    carryItemVars(carried, res, action, task.keywords.register, scope)
  }
  return aggregate(results)
}

/** The end of TaskExecutor._execute: register and facts of one item, for the next ones. */
function carryItemVars(carried: Record<string, unknown>, res: Result, action: string, register: unknown, scope: TemplateScope): void {
  if (typeof register === 'string') carried[register] = res
  const facts = res.ansible_facts
  if (!isDict(facts) || action === 'debug') return
  if (action === 'set_fact' || action === 'include_vars') {
    Object.assign(carried, facts)
    return
  }
  const current = carried.ansible_facts ?? scope.lookup('ansible_facts')
  const clean: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(facts)) clean[k.replace(/^ansible_/, '')] = v
  carried.ansible_facts = { ...(isDict(current) ? current : {}), ...clean }
  Object.assign(carried, facts)
}

/** The loop's own result (TaskExecutor.run): changed/failed/skipped from the items. */
function aggregate(results: Result[]): Result {
  const res: Result = { results, skipped: true }
  for (const item of results) {
    if (item.changed && !res.changed) res.changed = true
    if (res.skipped && !item.skipped) res.skipped = false
    if (item.failed) {
      const itemIgnore = item._ansible_ignore_errors
      delete item._ansible_ignore_errors
      if (!res.failed) {
        res.failed = true
        res.msg = 'One or more items failed'
        res._ansible_ignore_errors = itemIgnore
      }
    }
    for (const key of ['warnings', 'deprecations'] as const) {
      const v = item[key]
      if (Array.isArray(v) && v.length) {
        res[key] = [...((res[key] as unknown[]) ?? []), ...v]
        delete item[key]
      }
    }
  }
  if (!res.failed) res.msg = 'All items completed'
  if (res.skipped) res.msg = 'All items skipped'
  return res
}

interface LoopControl {
  loopVar: string
  indexVar?: string
  label: string
  pause: number
  extended: boolean
  extendedAllItems: boolean
}

function loopControl(req: HostTaskRequest, scope: TemplateScope): LoopControl {
  const raw = req.task.keywords.loop_control
  const lc = isDict(raw) ? (req.run.templar.template({ ...raw, label: undefined }, scope) as Record<string, unknown>) : {}
  const loopVar = typeof lc.loop_var === 'string' ? lc.loop_var : 'item'
  const label = isDict(raw) && raw.label !== undefined ? raw.label : `{{${loopVar}}}`
  return {
    loopVar,
    indexVar: typeof lc.index_var === 'string' ? lc.index_var : undefined,
    label: typeof label === 'string' ? label : (label as string),
    pause: Number(lc.pause ?? 0) || 0,
    extended: lc.extended === true,
    extendedAllItems: lc.extended_allitems !== false,
  }
}

function extendedLoop(items: unknown[], i: number, allItems: boolean): Record<string, unknown> {
  const n = items.length
  const out: Record<string, unknown> = {
    index: i + 1,
    index0: i,
    first: i === 0,
    last: i + 1 === n,
    length: n,
    revindex: n - i,
    revindex0: n - i - 1,
  }
  if (allItems) out.allitems = items
  if (i + 1 < n) out.nextitem = items[i + 1]
  if (i > 0) out.previtem = items[i - 1]
  return out
}

export function ignoreErrorsOf(req: Pick<HostTaskRequest, 'run' | 'task'>, scope: TemplateScope): boolean {
  const v = inheritedKeyword(req.task, 'ignore_errors')
  if (v === undefined) return false
  const t = templateOrFail({ run: req.run, task: req.task, scope }, v)
  if (isUndefined(t)) return false
  if (typeof t === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(t.toLowerCase())
  return Boolean(t)
}

/**
 * A task's own failure (undefined variable, bad loop data, a plugin's error) as a result.
 * Anything that is not one of ours is reported the way Ansible reports an unexpected
 * exception in a module.
 */
function failedResult(e: unknown): Result {
  // Our own errors and Ansible-named ones (AnsibleLookupError, AnsibleFilterError...) fail with their text.
  if (e instanceof TsibleError || (e instanceof Error && (e.name === 'TaskError' || e.name === 'PluginError' || e.name.startsWith('Ansible')))) {
    return { failed: true, msg: e.message }
  }
  const err = e instanceof Error ? e : new Error(String(e))
  return { failed: true, msg: `Unexpected failure during module execution: ${err.message}`, exception: err.stack ?? '', stdout: '' }
}
