/**
 * Errors that fail one task on one host (not the run): they become `failed: true`
 * results with Ansible's messages, and `ignore_errors` applies to them.
 */
import { UndefinedVariableError } from '../errors/errors.js'
import { formatLocation } from '../errors/format-location.js'
import type { Task } from '../playbook/model.js'

export class TaskError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'TaskError'
  }
}

/**
 * Ansible's wording for an undefined variable in a task's arguments or keywords,
 * followed by the position of the task.
 */
function undefinedInTask(e: unknown, task: Task): unknown {
  if (e instanceof TaskError) return e
  if (e instanceof UndefinedVariableError) {
    const where = task.location ? formatLocation(task.location) : ''
    return new TaskError(`The task includes an option with an undefined variable. The error was: ${e.message}${where}`, { cause: e })
  }
  return e
}

/** Reads a templated keyword or argument of a task; an undefined variable becomes Ansible's task error. */
export function strictly<T>(task: Task, read: () => T): T {
  try {
    return read()
  } catch (e) {
    throw undefinedInTask(e, task)
  }
}
