/**
 * The values a `no_log` task brings into the run, to be registered as secrets: the facts
 * it sets (`set_fact`), what it registers as output (`stdout`, `stdout_lines`, a `debug`
 * message, a `slurp`'s `content`, a lookup's `value`), in each loop item too. Ansible
 * hides the task's own result; these are the values later tasks may render into files,
 * where a dry run's diffs would show them. Keys that only describe the run (`cmd`, `rc`,
 * `start`, `changed`, `msg` of a module...) are not taken: their text is not secret, and
 * masking it would mask unrelated text.
 */
import { isDict } from '../py/values.js'

const DATA_KEYS = ['stdout', 'stdout_lines', 'content', 'value', 'ansible_facts']

export function noLogValues(result: Record<string, unknown>, action: string): unknown[] {
  const out: unknown[] = []
  for (const k of DATA_KEYS) if (k in result) out.push(result[k])
  if (/(^|\.)debug$/.test(action) && 'msg' in result) out.push(result.msg)
  if (Array.isArray(result.results)) for (const item of result.results) if (isDict(item)) out.push(...noLogValues(item, action))
  return out
}
