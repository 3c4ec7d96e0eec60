/**
 * An Ansible module as a tsible module: a ModuleDefinition built on the module API (the
 * module runs on the host through `ctx.exec`), that validates nothing itself (the module
 * does, on the host) and returns the module's result as ansible-core's `normal` action
 * returns it, async tasks included. A module whose action plugin is Python (tsible runs
 * no Python on the controller) fails with an error that names both.
 */
import { pollAsync } from './async-poll.js'
import { executeModule } from './execute-module.js'
import { actionFail } from './module-result.js'
import type { Resolution } from './plugin-finder.js'
import type { HostModule, PythonRuntime } from './runtime-types.js'

export function pythonModuleDefinition(name: string, module: Resolution, action: Resolution | undefined, rt: PythonRuntime): HostModule {
  return {
    name,
    summary: module.path ? `Ansible module ${module.fqcn} (${module.path})` : `Ansible action ${action?.fqcn}`,
    args: { type: 'object' },
    supports: { check: 'full', diff: true },
    selfChecking: true,
    async run(args, ctx) {
      if (action) return { failed: true, msg: pythonActionError(ctx.task.action, module, action) }
      if (ctx.task.async > 0 && ctx.check) return actionFail('check mode and async cannot be used on same task.')
      const wrapAsync = ctx.task.async > 0
      const result = await executeModule(rt, ctx, { path: module.path!, moduleName: ctx.task.action, args, wrapAsync })
      if (wrapAsync && ctx.task.poll > 0 && !result.skipped && !result.failed) return pollAsync(rt, ctx, result)
      return result
    },
  }
}

/** The one error for a module whose action plugin is Python. */
function pythonActionError(task: string, module: Resolution, action: Resolution): string {
  const plugin = action.path ? `${action.fqcn} (${action.path})` : String(action.fqcn)
  const mod = module.resolved ? `the module ${module.fqcn} (${module.path})` : 'no module of that name'
  return `'${task}' runs the Python action plugin ${plugin} on the controller, with ${mod}; tsible runs no Python on the controller, so it cannot run this action (see docs/python-modules.md for the actions tsible implements)`
}
