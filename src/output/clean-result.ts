/**
 * The copy of a task result that callbacks receive (Ansible's TaskResult.clean_copy,
 * applied by the TaskQueueManager before every callback event). The executor calls this
 * once per event and hands the same object to every callback.
 */
import { isDict } from '../py/values.js'
import { isDebugAction, stripInternalKeys } from './result-format.js'

/** Internal keys callbacks still need (Ansible's CLEAN_EXCEPTIONS). */
const KEPT_INTERNAL_KEYS = ['_ansible_verbose_always', '_ansible_item_label', '_ansible_no_log', '_ansible_verbose_override']
/** Status keys the event name already tells. */
const STATUS_KEYS = ['failed', 'skipped']
/** Kept in a censored result. */
const PRESERVED_KEYS = ['attempts', 'changed', 'retries']
/** The delegated connection details a callback may show. */
const DELEGATED_VARS_KEPT = ['ansible_host', 'ansible_port', 'ansible_user', 'ansible_connection']

const NO_LOG_CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result"

export interface CleanTaskInfo {
  /** The action as written. */
  action: string
  /** The task's `no_log`, once templated (a plain boolean). */
  noLog: boolean
}

/** Returns the clean copy of a raw result; the raw result is not changed. */
export function cleanTaskResult(raw: Record<string, unknown>, task: CleanTaskInfo): Record<string, unknown> {
  const subset: Record<string, unknown> = {}
  const delegated = raw._ansible_delegated_vars
  if (isDict(delegated)) {
    const kept: Record<string, unknown> = {}
    for (const k of DELEGATED_VARS_KEPT) if (k in delegated) kept[k] = delegated[k]
    subset._ansible_delegated_vars = kept
  }
  let result: Record<string, unknown>
  if (task.noLog || raw._ansible_no_log) {
    result = { censored: NO_LOG_CENSORED }
    for (const k of PRESERVED_KEYS) if (k in raw) result[k] = raw[k]
  } else {
    result = stripInternalKeys(raw, KEPT_INTERNAL_KEYS) as Record<string, unknown>
    // debug prints its variables; its invocation is noise.
    for (const k of isDebugAction(task.action) ? [...STATUS_KEYS, 'invocation'] : STATUS_KEYS) delete result[k]
  }
  return Object.assign(result, subset)
}
