/**
 * The data the executor hands to callbacks: plays, tasks and task results as plain
 * objects, built from the engine's model at the moment Ansible would send them.
 */
import { positionOf } from '../yaml/load.js'
import { shortActionName } from '../playbook/keywords.js'
import type { Play, Task } from '../playbook/model.js'

export interface PlayInfo {
  id: string
  name: string
  /** `file:line` of the play. */
  path: string
  hosts: string[]
  check: boolean
}

export interface TaskInfo {
  id: string
  /** The name as Ansible displays it: `role : name`, the action for unnamed tasks. */
  name: string
  action: string
  /** `file:line` of the task, '' for implicit tasks. */
  path: string
  isHandler: boolean
  noLog: boolean
  checkMode: boolean
  diff: boolean
  loop: boolean
  /** The role's name, if the task is in a role. */
  role?: string
}

export interface ResultInfo {
  host: string
  task: TaskInfo
  /** The raw result as Ansible's TaskResult._result holds it (incl. `_ansible_*` keys). */
  result: Record<string, unknown>
}

export function playInfo(play: Play, name: string, hosts: string[], check: boolean): PlayInfo {
  const loc = play.location ?? positionOf(play.keywords)
  return { id: play.id, name, path: loc ? `${loc.file}:${loc.line}` : '', hosts, check }
}

/** Task.get_name(): `role : name`, or the action when the task has no name. */
export function displayName(task: Task, templatedName: string | undefined): string {
  const action = task.action
  if (shortActionName(action) === 'include_role' && !templatedName) {
    return `${action} : ${String(task.args.name ?? task.args.role ?? '')}`
  }
  const base = templatedName ?? action
  return task.role ? `${task.role.name} : ${base}` : base
}

export function taskInfo(task: Task, name: string, flags: { noLog: boolean; checkMode: boolean; diff: boolean }): TaskInfo {
  const loc = task.location
  return {
    id: task.id,
    name,
    action: task.action,
    path: loc ? `${loc.file}:${loc.line}` : '',
    isHandler: task.isHandler,
    noLog: flags.noLog,
    checkMode: flags.checkMode,
    diff: flags.diff,
    loop: task.keywords.loop !== undefined,
    role: task.role?.name,
  }
}
