/**
 * A task on one host (TaskExecutor.run): its loop (each item run through `executeOnce`,
 * with per-item callbacks) or its single execution, and the aggregate loop result Ansible
 * builds. Errors that belong to the task (undefined variables, bad loop data) become
 * failed results; only engine bugs escape.
 */
import { PyTuple, isDict } from '../py/values.js'
import { TsibleError } from '../errors/tsible-error.js'
import { shortActionName } from '../playbook/keywords.js'
import type { TemplateScope } from '../template/types.js'
import { executeOnce } from './execute-once.js'
import type { HostTask } from './host-task.js'
import type { KeywordValues } from './keyword-values.js'
import { loopItems } from './loop-items.js'
import { strictly } from './task-errors.js'
import type { ExecuteRequest, Result, TaskEventSink } from './types.js'

const INVENTORY_ACTIONS = new Set(['add_host', 'group_by'])

export async function runHostTask(on: HostTask, events: TaskEventSink): Promise<Result> {
  let result: Result
  try {
    const items = loopItems(on)
    if (items === undefined) result = await executeOnce(request(on, events, on.values))
    else if (items.length > 0) result = await runLoop(on, events, items)
    else result = { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] }
  } catch (e) {
    result = failedResult(e)
  }
  if (!('changed' in result)) result.changed = false
  return result
}

function request(on: HostTask, events: TaskEventSink, keywords: KeywordValues): ExecuteRequest {
  return { run: on.run, task: on.task, host: on.host, scope: keywords.scope, keywords, searchPath: on.searchPath, onRetry: events.retry }
}

async function runLoop(on: HostTask, events: TaskEventSink, items: unknown[]): Promise<Result> {
  const { run, task } = on
  const scope = on.scope
  const control = loopControl(on)
  const results: Result[] = []
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
    const keywords = on.forItem(scope.child({ ...carried, ...vars }))
    let res: Result
    try {
      res = await executeOnce(request(on, events, keywords))
    } catch (e) {
      res = failedResult(e)
    }
    if (!('changed' in res)) res.changed = false
    res[control.loopVar] = item
    res.ansible_loop_var = control.loopVar
    if (control.indexVar) {
      res[control.indexVar] = index
      res.ansible_index_var = control.indexVar
    }
    if (control.extended) res.ansible_loop = vars.ansible_loop
    res._ansible_item_result = true
    res._ansible_ignore_errors = strictly(task, () => keywords.flag('ignoreErrors')) ?? false
    try {
      res._ansible_item_label = run.templar.template(control.label, keywords.scope)
    } catch (e) {
      Object.assign(res, { failed: true, msg: `Failed to template loop_control.label: ${(e as Error).message}` })
    }
    if (res.failed || res.unreachable) await events.item('failed', res)
    else if (res.skipped) await events.item('skipped', res)
    else if (!INVENTORY_ACTIONS.has(action)) await events.item('ok', res)
    results.push(res)
    carryItemVars(carried, res, action, on.keywords.register, scope)
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

function loopControl(on: HostTask): LoopControl {
  const raw = on.keywords.loopControl
  const lc = isDict(raw) ? (on.run.templar.template({ ...raw, label: undefined }, on.scope) as Record<string, unknown>) : {}
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
