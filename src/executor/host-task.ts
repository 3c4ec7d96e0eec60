/**
 * One task on one host: the task's effective keywords, its variable scope on the host
 * (VariableManager.get_vars with play, host and task, plus the task's search path), built
 * once on first use, and the keywords templated with that scope. The strategy makes one
 * when it hands a task to a host; the run, the conditionals, the loop, the result
 * processing and the callbacks all read the same one.
 */
import type { Task } from '../playbook/model.js'
import type { TemplateScope } from '../template/types.js'
import type { PlayContext } from '../vars/variable-manager.js'
import { KeywordValues } from './keyword-values.js'
import type { RunContext } from './run-context.js'
import { taskSearchPath } from './search-path.js'
import { taskKeywords, type TaskKeywords } from './task-keywords.js'
import { withDelegatedVars } from '../vars/delegated-vars.js'

export class HostTask {
  readonly keywords: TaskKeywords
  /** Where the task's relative file names are looked for. */
  readonly searchPath: readonly string[]
  /** The keywords templated with the task's variables on the host, each once; the scope is built when first needed. */
  readonly values: KeywordValues

  constructor(
    readonly run: RunContext,
    readonly play: PlayContext,
    readonly task: Task,
    readonly host: string,
  ) {
    this.keywords = taskKeywords(task)
    this.searchPath = taskSearchPath(task, play.play.basedir)
    this.values = new KeywordValues(this.keywords, run.templar, () => scopeOf(run, play, host, task, this.searchPath))
  }

  /** The task's variables on the host. */
  get scope(): TemplateScope {
    return this.values.scope
  }

  /** A boolean keyword, false when unset. */
  flag(key: 'runOnce' | 'ignoreUnreachable' | 'ignoreErrors'): boolean {
    return this.values.flag(key) ?? false
  }

  /** `any_errors_fatal`, else the ANY_ERRORS_FATAL setting. */
  anyErrorsFatal(): boolean {
    return this.values.flag('anyErrorsFatal') ?? this.run.config.get<boolean>('ANY_ERRORS_FATAL')
  }

  /** The keywords templated with a loop item's scope (a child of this one). */
  forItem(itemScope: TemplateScope): KeywordValues {
    return new KeywordValues(this.keywords, this.run.templar, itemScope)
  }
}

/**
 * The variables of a task on a host, or of the play on a host (no task): the one place a
 * scope is built from the variable manager's layers.
 */
export function taskScope(run: RunContext, play: PlayContext, host: string, task: Task | undefined): TemplateScope {
  if (!task) return run.templar.scope(run.vars.taskSource(play, host, undefined))
  return scopeOf(run, play, host, task, taskSearchPath(task, play.play.basedir))
}

function scopeOf(run: RunContext, play: PlayContext, host: string, task: Task, searchPath: readonly string[]): TemplateScope {
  const scope = run.templar.scope(run.vars.taskSource(play, host, task), { searchPath }).child({ ansible_search_path: [...searchPath] })
  return withDelegatedVars(run.templar, scope, taskKeywords(task).delegateTo, (name) => run.vars.hostScope(name))
}
