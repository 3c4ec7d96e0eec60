/**
 * The data the executor hands to callbacks (src/plugin-api/callback.ts), built from the
 * engine's model at the moment Ansible would send it.
 */
import { positionOf } from '../yaml/load.js'
import { shortActionName } from '../playbook/keywords.js'
import type { Play, Task } from '../playbook/model.js'
import type { CallbackPlay, CallbackTask } from '../plugin-api/callback.js'
import { taskKeywords } from './task-keywords.js'

export function playInfo(play: Play, name: string, hosts: string[] | string, check: boolean, strategy: string): CallbackPlay {
  const loc = play.location ?? positionOf(play.keywords)
  return { id: play.id, name, path: loc ? `${loc.file}:${loc.line}` : '', hosts, checkMode: check, strategy }
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

const INCLUDES = new Set(['include_tasks', 'include_role', 'include'])

export interface TaskFlags {
  noLog: boolean
  checkMode: boolean | null
  diff: boolean | null
  delegateTo: string | null
  ignoreUnreachable: boolean | null
}

export function taskInfo(task: Task, name: string, flags: TaskFlags): CallbackTask {
  const loc = task.location
  return {
    id: task.id,
    name,
    action: task.action,
    path: loc ? `${loc.file}:${loc.line}` : '',
    isHandler: task.isHandler,
    isInclude: INCLUDES.has(shortActionName(task.action)),
    implicit: task.implicit,
    noLog: flags.noLog,
    checkMode: flags.checkMode,
    diff: flags.diff,
    loop: taskKeywords(task).loop !== undefined,
    delegateTo: flags.delegateTo,
    ignoreUnreachable: flags.ignoreUnreachable,
    args: task.args,
  }
}
