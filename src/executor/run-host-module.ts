/**
 * Runs a module for a task: the connection of the target host (the delegate, if any),
 * the controller side (task files, template rendering with the task's variables), and
 * the module runtime (argument validation, check mode, result shape).
 */
import type { ModuleDefinition } from '../module-api/types.js'
import { isUndefined } from '../py/undefined.js'
import type { Invocation, Result } from './types.js'
import { connectionVarsOf } from './connection-vars.js'
import { ConnectionFailure } from '../connection/types.js'
import { dirname, join } from 'node:path'
import { NO_SECRETS } from '../vault/vault.js'

export async function runHostModule(inv: Invocation, module: ModuleDefinition): Promise<Result> {
  const { req } = inv
  const { run } = req
  let connection
  try {
    const scope = inv.targetHost === req.host ? req.scope : run.vars.hostScope(inv.targetHost)
    connection = await run.connectionFor(inv.targetHost, connectionVarsOf(run, inv.targetHost, scope))
  } catch (e) {
    if (e instanceof ConnectionFailure) return { unreachable: true, msg: e.message, changed: false }
    throw e
  }
  let facts: Record<string, unknown> | undefined
  return run.runModule(module, inv.args, {
    connection,
    hostname: req.host,
    check: inv.check,
    diff: inv.diff,
    verbosity: run.options.verbosity,
    become: inv.become,
    environment: inv.environment,
    noLog: inv.noLog,
    get facts() {
      if (facts === undefined) {
        const f = req.scope.lookup('ansible_facts')
        facts = isUndefined(f) ? {} : (f as Record<string, unknown>)
      }
      return facts
    },
    controller: {
      findFile: (name, kind) => inv.findFile(name, kind),
      renderTemplate: (text, options) =>
        run.templar.renderFile(text, options.vars ? req.scope.child(options.vars) : req.scope, {
          path: options.path,
          searchPath: options.searchPath ?? (options.path ? templateSearchPath(req.scope.searchPath, options.path) : undefined),
          environment: options.environment,
          escapeBackslashes: options.escapeBackslashes,
          convertData: options.convertData,
        }),
      templateVars: (path, fullpath, destPath) => run.templar.templateVars(path, fullpath, destPath),
      tmpDir: () => run.tmpDir,
      readFile: (path, options) => (run.vault ?? NO_SECRETS).readFile(path, { decrypt: options?.decrypt, asFile: true }),
    },
    secrets: run.vault?.revealed,
  })
}

/**
 * Where `{% include %}` looks from a template file (the template action's search path):
 * the task's search path, the playbook directory and the template's own directory, each
 * with its `templates/` subdirectory first.
 */
function templateSearchPath(taskPath: readonly string[], templateFile: string): string[] {
  const out: string[] = []
  for (const p of [...taskPath, dirname(templateFile)]) {
    for (const c of [join(p, 'templates'), p]) if (!out.includes(c)) out.push(c)
  }
  return out
}
