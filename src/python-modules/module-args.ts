/**
 * The internal `_ansible_*` arguments ansible-core 2.14 adds to every module's arguments
 * (ActionBase._update_module_args), in its order, from the task, the settings and the
 * host's variables.
 */
import type { Config } from '../config/load-config.js'
import type { ModuleContext } from '../module-api/types.js'
import { pyTruthy } from '../py/values.js'

export interface InternalArgsInput {
  ctx: ModuleContext
  config: Config
  ansibleVersion: string
  /** The temporary directory made for this module, or null (pipelining, unprivileged become). */
  tmpdir: string | null
  remoteTmp: string
}

export function internalArgs(i: InternalArgsInput): Record<string, unknown> {
  const { ctx, config } = i
  const setting = <T>(variable: string, name: Parameters<Config['get']>[0]): T => (ctx.variable(variable) ?? config.get(name)) as T
  return {
    _ansible_check_mode: ctx.check,
    _ansible_no_log: ctx.task.noLog || boolOf(setting('ansible_no_target_syslog', 'DEFAULT_NO_TARGET_SYSLOG')),
    _ansible_debug: config.get<boolean>('DEFAULT_DEBUG'),
    _ansible_diff: ctx.diff,
    _ansible_verbosity: ctx.verbosity,
    _ansible_version: i.ansibleVersion,
    _ansible_module_name: ctx.task.action,
    _ansible_syslog_facility: setting('ansible_syslog_facility', 'DEFAULT_SYSLOG_FACILITY'),
    _ansible_selinux_special_fs: config.get<string[]>('DEFAULT_SELINUX_SPECIAL_FS'),
    _ansible_string_conversion_action: config.get<string>('STRING_CONVERSION_ACTION'),
    _ansible_socket: ctx.variable('ansible_socket') ?? null,
    _ansible_shell_executable: setting('ansible_shell_executable', 'DEFAULT_EXECUTABLE'),
    _ansible_keep_remote_files: config.get<boolean>('DEFAULT_KEEP_REMOTE_FILES'),
    _ansible_tmpdir: i.tmpdir,
    _ansible_remote_tmp: i.remoteTmp,
  }
}

/** Ansible's boolean() for a setting that a variable may give as text. */
export function boolOf(v: unknown): boolean {
  if (typeof v === 'string') return ['yes', 'on', '1', 'true', 't', 'y'].includes(v.trim().toLowerCase())
  return pyTruthy(v)
}

/** The admin users of the sh shell plugin (become to them needs no permission changes). */
export const ADMIN_USERS = ['root', 'toor']

/** Becoming a user who is neither an admin nor the login user (ActionBase._is_become_unprivileged). */
export function becomeUnprivileged(ctx: ModuleContext): boolean {
  const user = ctx.become?.user
  if (!ctx.become || !user) return false
  return !ADMIN_USERS.includes(user) && user !== ctx.remoteUser
}
