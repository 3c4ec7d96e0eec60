/**
 * Actions: controller-side task handlers that may reach into the engine (set_fact,
 * add_host, group_by, debug, assert, fail, include_vars, pause). Modules only see their
 * host; actions also see the task's variables and can change the inventory.
 */
import type { ModuleResult } from '../module-api/types.js'
import type { TemplateScope, Templar } from '../template/types.js'

export interface ActionContext {
  /** The inventory name of the host the task runs for. */
  readonly hostname: string
  /** The task's arguments, templated (omit removed). */
  readonly args: Record<string, unknown>
  /**
   * The task's arguments before templating (Ansible's `Task.untemplated_args`), for actions
   * that template some of them their own way (debug's `var`, assert's `that`).
   */
  readonly rawArgs: Record<string, unknown>
  /** The task's variables (for conditionals and `debug: var=`). */
  readonly scope: TemplateScope
  readonly templar: Templar
  readonly check: boolean
  readonly diff: boolean
  readonly verbosity: number
  /** The task's display name and its location, for messages. */
  readonly taskName: string
  /** Finds a controller file as `find_needle` does (`files`, `templates`, `vars`). */
  findFile(name: string, kind: string): string | null
  /** Loads a YAML/JSON vars file from the controller (include_vars). */
  loadVarsFile(path: string): unknown
  warn(message: string): void
}

export interface ActionDefinition {
  name: string
  fqcns?: string[]
  /** Runs once for the whole batch, like Ansible's BYPASS_HOST_LOOP (add_host). */
  bypassHostLoop?: boolean
  run(ctx: ActionContext): Promise<ModuleResult> | ModuleResult
}

export function defineAction(definition: ActionDefinition): ActionDefinition {
  return definition
}
