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
import { homedir } from 'node:os'
import { pyFloat, pyStr } from '../py/values.js'
import { NO_SECRETS } from '../vault/vault.js'
import { userInfo } from 'node:os'
import type { TaskInfo } from '../module-api/types.js'
import { strictly } from './task-errors.js'
import { checkWritesOf } from './check-writes.js'

export async function runHostModule(inv: Invocation, module: ModuleDefinition): Promise<Result> {
  const { req } = inv
  const { run } = req
  let connection
  const scope = inv.targetHost === req.host ? req.scope : run.vars.hostScope(inv.targetHost)
  let remoteUser: string | undefined
  try {
    const cv = connectionVarsOf(run, inv.targetHost, scope)
    remoteUser = cv.connection === 'local' ? userInfo().username : cv.user
    connection = await run.connectionFor(inv.targetHost, cv)
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
    task: taskInfoOf(inv),
    remoteUser,
    variable: (name) => {
      const v = scope.lookup(name)
      return isUndefined(v) ? undefined : strictly(req.task, () => run.templar.template(v, scope))
    },
    report: (event, result) => req.onProgress(event, result),
    checkWrites: () => checkWritesOf(run, inv.targetHost),
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
      remoteTmp: () => remoteTmpPath(run, req.scope, connection.transport === 'local'),
      readFile: (path, options) => (run.vault ?? NO_SECRETS).readFile(path, { decrypt: options?.decrypt, asFile: true }),
    },
    secrets: run.vault?.revealed,
  })
}

/** The task keywords a module may read: async/poll templated (Ansible's defaults 0 and 15). */
function taskInfoOf(inv: Invocation): TaskInfo {
  const { req } = inv
  const num = (key: 'async' | 'poll', fallback: number): number => {
    const v = strictly(req.task, () => req.keywords.value(key))
    if (v === undefined || v === null) return fallback
    const n = Number(v)
    return Number.isFinite(n) ? Math.trunc(n) : fallback
  }
  return {
    action: inv.action,
    noLog: inv.noLog,
    async: num('async', 0),
    poll: num('poll', 15),
    delegated: inv.targetHost !== req.host,
    delegateFacts: strictly(req.task, () => req.keywords.flag('delegateFacts')) ?? false,
  }
}

/**
 * `_make_tmp_path`'s name: `<remote_tmp>/ansible-tmp-<time.time()>-<pid>-<random>`, with
 * remote_tmp from ansible_remote_tmp or the configuration and `~` the controller's home on
 * the local connection (the host's gathered user_dir otherwise).
 */
function remoteTmpPath(run: Invocation['req']['run'], scope: Invocation['req']['scope'], local: boolean): string {
  const v = scope.lookup('ansible_remote_tmp')
  let base = typeof v === 'string' && v ? v : run.config.get<string>('DEFAULT_REMOTE_TMP')
  if (base === '~' || base.startsWith('~/')) {
    const facts = scope.lookup('ansible_facts') as Record<string, unknown> | undefined
    const home = local ? homedir() : typeof facts?.user_dir === 'string' ? facts.user_dir : undefined
    if (home) base = home + base.slice(1)
  }
  return `${base}/ansible-tmp-${pyStr(pyFloat(Date.now() / 1000))}-${process.pid}-${Math.floor(Math.random() * 2 ** 48)}`
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
