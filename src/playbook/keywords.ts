/**
 * The keywords each playbook object accepts, as ansible-core 2.14 defines them
 * (the `fattributes` of Task, Handler, Block, Play, RoleInclude, PlaybookInclude).
 * A task key that is none of these (and not `with_*`) names its module.
 */

const BASE = [
  'name', 'connection', 'port', 'remote_user', 'vars', 'module_defaults', 'environment', 'no_log', 'run_once',
  'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'any_errors_fatal', 'throttle', 'timeout',
  'debugger', 'become', 'become_method', 'become_user', 'become_flags', 'become_exe', 'collections', 'tags', 'when',
] as const

export const TASK_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE,
  'action', 'args', 'async', 'changed_when', 'delay', 'delegate_to', 'delegate_facts', 'failed_when', 'loop',
  'loop_control', 'notify', 'poll', 'register', 'retries', 'until', 'local_action', 'static',
])

export const HANDLER_KEYWORDS: ReadonlySet<string> = new Set([...TASK_KEYWORDS, 'listen'])

export const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE, 'block', 'rescue', 'always', 'notify', 'delegate_to', 'delegate_facts',
])

export const PLAY_KEYWORDS: ReadonlySet<string> = new Set([
  ...BASE, 'hosts', 'gather_facts', 'gather_subset', 'gather_timeout', 'fact_path', 'vars_files', 'vars_prompt',
  'roles', 'handlers', 'pre_tasks', 'post_tasks', 'tasks', 'force_handlers', 'max_fail_percentage', 'serial',
  'strategy', 'order',
])

/** Keywords of a `roles:` entry; any other key is a role parameter. */
export const ROLE_ENTRY_KEYWORDS: ReadonlySet<string> = new Set([...BASE, 'role', 'delegate_to', 'delegate_facts'])

export const IMPORT_PLAYBOOK_KEYWORDS: ReadonlySet<string> = new Set([...BASE, 'import_playbook', 'vars_val'])

/** Modules whose free-form text is their `_raw_params` (C.MODULE_REQUIRE_ARGS). */
export const FREEFORM_ACTIONS: ReadonlySet<string> = withFqcns(['command', 'shell', 'raw', 'script', 'win_command', 'win_shell'])

/** Actions that accept `_raw_params` at all. */
export const RAW_PARAM_ACTIONS: ReadonlySet<string> = new Set([
  ...FREEFORM_ACTIONS,
  ...withFqcns(['include', 'include_vars', 'include_tasks', 'include_role', 'import_tasks', 'import_role', 'add_host', 'group_by', 'set_fact', 'meta']),
])

/** The k=v options command/shell accept beside their free-form text. */
export const COMMAND_KV_OPTIONS: ReadonlySet<string> = new Set([
  'creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends',
])

/** `ansible.builtin.x` and `ansible.legacy.x` spell the same builtin as `x`. */
function withFqcns(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.flatMap((n) => [n, `ansible.builtin.${n}`, `ansible.legacy.${n}`]))
}

/** The short name of a builtin action, whatever its spelling. */
export function shortActionName(action: string): string {
  return action.replace(/^ansible\.(builtin|legacy)\./, '')
}
