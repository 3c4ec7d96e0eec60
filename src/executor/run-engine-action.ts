/** Runs a controller-side action (set_fact, debug, group_by, ...) with its ActionContext. */
import type { ActionContext, ActionDefinition } from '../plugin-api/action.js'
import { ModuleFailure } from '../module-api/types.js'
import type { Invocation, Result } from './types.js'

export async function runEngineAction(inv: Invocation, action: ActionDefinition): Promise<Result> {
  const { req } = inv
  const warnings: string[] = []
  const ctx: ActionContext = {
    hostname: req.host,
    args: inv.args,
    rawArgs: inv.rawArgs,
    scope: req.scope,
    templar: req.run.templar,
    check: inv.check,
    diff: inv.diff,
    verbosity: req.run.options.verbosity,
    taskName: req.task.name ?? action.name,
    findFile: inv.findFile,
    loadVarsFile: (path) => req.run.loadVarsFile(path),
    warn: (m) => warnings.push(m),
  }
  try {
    const result: Result = { ...(await action.run(ctx)) }
    if (warnings.length) result.warnings = [...((result.warnings as string[]) ?? []), ...warnings]
    return result
  } catch (e) {
    if (e instanceof ModuleFailure) return { ...e.extra, failed: true, msg: e.message }
    throw e
  }
}
