/**
 * ansible.builtin action plugins that tsible implements in TypeScript around the Python
 * module they call (Ansible's own action plugins are Python and run on the controller):
 *
 * - `async_status`: the job's status file under `async_dir`, with the action's fixed keys;
 * - `package`: the module named by `use`, else by the `pkg_mgr` fact, else by asking
 *   ansible-core's setup module for it;
 * - `uri`: the module as is (a `src` on the controller, or multipart files, are uploads
 *   tsible does not do: an error says so).
 *
 * docs/python-modules.md lists every ansible.builtin action plugin and how tsible runs it.
 */
import type { ModuleContext, ModuleResult } from '../module-api/types.js'
import { isDict, pyStr } from '../py/values.js'
import { asyncStatus, pollAsync } from './async-poll.js'
import { executeModule } from './execute-module.js'
import { actionFail } from './module-result.js'
import type { HostModule, PythonRuntime } from './runtime-types.js'

/** The managers Ansible's package action calls as `ansible.legacy.<name>` (PKG_MGRS). */
const PKG_MGRS = new Set(['yum', 'dnf', 'apt', 'zypper', 'openbsd_pkg', 'pacman', 'pkgng', 'pkgin', 'pkg5', 'apk', 'portage', 'swdepot', 'svr4pkg', 'urpmi', 'xbps', 'installp', 'sorcery', 'homebrew', 'macports', 'pkgutil', 'slackpkg', 'opkg', 'dnf5', 'rpm_ostree'])

type ActionRun = (args: Record<string, unknown>, ctx: ModuleContext, rt: PythonRuntime) => Promise<ModuleResult>

const ACTIONS: Record<string, ActionRun> = {
  async_status: async (args, ctx, rt) => {
    const jid = args.jid
    const mode = args.mode ?? 'status'
    const errors: string[] = []
    if (jid === undefined || jid === null) errors.push('missing required arguments: jid')
    if (mode !== 'status' && mode !== 'cleanup') errors.push(`value of mode must be one of: status, cleanup, got: ${pyStr(mode)}`)
    const unknown = Object.keys(args).filter((k) => k !== 'jid' && k !== 'mode')
    if (unknown.length) errors.push(`Unsupported parameters for (async_status) module: ${unknown.sort().join(', ')}. Supported parameters include: jid, mode.`)
    if (errors.length) return actionFail(errors[0]!)
    return asyncStatus(rt, ctx, pyStr(jid), mode as 'status' | 'cleanup')
  },

  package: async (args, ctx, rt) => {
    let use = pyStr(args.use ?? 'auto')
    if (use === 'auto') {
      const facts = ctx.task.delegated ? ctx.variable('ansible_facts') : ctx.facts
      if (isDict(facts) && typeof facts.pkg_mgr === 'string') use = facts.pkg_mgr
    }
    if (use === 'auto') {
      const facts = await executeModule(rt, ctx, { path: rt.coreModule('setup'), moduleName: 'ansible.legacy.setup', args: { filter: 'ansible_pkg_mgr', gather_subset: '!all' } })
      const found = isDict(facts.ansible_facts) ? facts.ansible_facts.ansible_pkg_mgr : undefined
      use = typeof found === 'string' ? found : 'auto'
    }
    if (use === 'auto') return actionFail('Could not detect which package manager to use. Try gathering facts or setting the "use" option.')
    const moduleArgs = { ...args }
    delete moduleArgs.use
    const path = rt.modulePath(use)
    if (!path) return actionFail(`Could not find a module for ${use}.`)
    const wrapAsync = ctx.task.async > 0
    const moduleName = PKG_MGRS.has(use) ? `ansible.legacy.${use}` : use
    const result = await executeModule(rt, ctx, { path, moduleName, args: moduleArgs, wrapAsync })
    return wrapAsync && ctx.task.poll > 0 && !result.skipped && !result.failed ? pollAsync(rt, ctx, result) : result
  },

  uri: async (args, ctx, rt) => {
    const remoteSrc = ['yes', 'on', '1', 'true', 't', 'y'].includes(pyStr(args.remote_src ?? 'no').toLowerCase())
    if (!remoteSrc && (args.src || (args.body_format === 'form-multipart' && isDict(args.body) && Object.values(args.body).some((v) => isDict(v) && v.filename && !v.content)))) {
      return { failed: true, msg: 'uri: sending a file from the controller (src, or multipart files) is not supported by tsible; copy the file to the host and use remote_src' }
    }
    const wrapAsync = ctx.task.async > 0
    const result = await executeModule(rt, ctx, { path: rt.coreModule('uri'), moduleName: remoteSrc ? ctx.task.action : 'ansible.legacy.uri', args, wrapAsync })
    return wrapAsync && ctx.task.poll > 0 && !result.skipped && !result.failed ? pollAsync(rt, ctx, result) : result
  },
}

/** command and shell as Ansible's command action runs them (shell sets `_uses_shell`): for async tasks. */
async function commandAction(args: Record<string, unknown>, ctx: ModuleContext, rt: PythonRuntime, shell: boolean): Promise<ModuleResult> {
  const wrapAsync = ctx.task.async > 0
  const moduleArgs = shell ? { ...args, _uses_shell: true } : args
  const result = await executeModule(rt, ctx, { path: rt.coreModule('command'), moduleName: 'ansible.legacy.command', args: moduleArgs, wrapAsync })
  return wrapAsync && ctx.task.poll > 0 && !result.skipped && !result.failed ? pollAsync(rt, ctx, result) : result
}

/** command or shell as Ansible's command action runs them, for an async task. */
export function commandModule(name: 'command' | 'shell', rt: PythonRuntime): HostModule {
  return { name, args: { type: 'object' }, supports: { check: 'full' }, selfChecking: true, run: (args, ctx) => commandAction(args, ctx, rt, name === 'shell') }
}

const definitions = new WeakMap<PythonRuntime, Map<string, HostModule>>()

/** The definition of an emulated action for a task's action name (short, ansible.builtin. or ansible.legacy.), if it is one. */
export function emulatedAction(name: string, rt: PythonRuntime): HostModule | undefined {
  const short = name.replace(/^ansible\.(builtin|legacy)\./, '')
  const run = ACTIONS[short]
  if (!run) return undefined
  let defs = definitions.get(rt)
  if (!defs) definitions.set(rt, (defs = new Map()))
  let def = defs.get(short)
  if (!def) {
    def = { name: short, args: { type: 'object' }, supports: { check: 'full', diff: true }, selfChecking: true, run: (args, ctx) => run(args, ctx, rt) }
    defs.set(short, def)
  }
  return def
}
