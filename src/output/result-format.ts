/**
 * How callbacks turn a task result into text, as Ansible's CallbackBase does: the JSON
 * dump (`_dump_results`), the debug-module cleanup (`_clean_results`), item labels and
 * host labels.
 */
import type { CallbackResult } from '../plugin-api/callback.js'
import { isDict, pyStr } from '../py/values.js'
import { jsonDumps } from '../py/json-dumps.js'

export interface DumpOptions {
  verbosity: number
  indent?: number | null
  sortKeys?: boolean
  keepInvocation?: boolean
  /** The `pretty_results` option: true always indents, false never does. */
  prettyResults?: boolean | null
}

/** The result as `=> {json}` shows it: internal keys stripped, invocation/diff below -vvv, no exception. */
export function dumpResults(result: Record<string, unknown>, options: DumpOptions): string {
  let indent = options.indent ?? null
  const pretty = options.prettyResults ?? null
  if (!indent && (result._ansible_verbose_always || pretty === true || options.verbosity > 2)) indent = 4
  if (pretty === false) indent = null
  const abridged = stripInternalKeys(result) as Record<string, unknown>
  if (!options.keepInvocation && options.verbosity < 3 && 'invocation' in result) delete abridged.invocation
  if (options.verbosity < 3 && 'diff' in result) delete abridged.diff
  delete abridged.exception
  return jsonDumps(abridged, { indent, ensureAscii: false, sortKeys: options.sortKeys ?? true })
}

/**
 * The value without `_ansible_*` keys (at any depth), except the `exceptions`: a new
 * top-level dict, and below it new lists and dicts only where something was dropped
 * (results are never changed once made, so the rest is shared, not copied).
 */
export function stripInternalKeys(value: unknown, exceptions: readonly string[] = []): unknown {
  const out = strip(value, exceptions)
  return out === value && isDict(value) ? { ...value } : out
}

function strip(value: unknown, exceptions: readonly string[]): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const s = strip(value[i], exceptions)
      if (s !== value[i]) (out ??= value.slice())[i] = s
    }
    return out ?? value
  }
  if (!isDict(value)) return value
  let out: Record<string, unknown> | null = null
  const keys = Object.keys(value)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!
    const v = value[k]
    const drop = k.startsWith('_ansible_') && !exceptions.includes(k)
    const s = drop ? undefined : strip(v, exceptions)
    if (out === null && (drop || s !== v)) {
      out = {}
      for (let j = 0; j < i; j++) out[keys[j]!] = value[keys[j]!]
    }
    if (out !== null && !drop) out[k] = s
  }
  return out ?? value
}

/** add_internal_fqcns: the short name plus its ansible.builtin and ansible.legacy forms. */
export function withInternalFqcns(names: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (const n of names) {
    out.add(n)
    if (!n.includes('.')) {
      out.add(`ansible.builtin.${n}`)
      out.add(`ansible.legacy.${n}`)
    }
  }
  return out
}

const DEBUG_ACTIONS = withInternalFqcns(['debug'])
const DEBUG_ALLOWED_KEYS = new Set(['msg', 'exception', 'warnings', 'deprecations'])
const HIDE_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason']

export function isDebugAction(action: string): boolean {
  return DEBUG_ACTIONS.has(action)
}

/** `_clean_results`: a debug result shows only its message (or its variable). Mutates `result`. */
export function cleanDebugResult(result: Record<string, unknown>, action: string): void {
  if (!DEBUG_ACTIONS.has(action)) return
  if ('msg' in result) {
    for (const key of Object.keys(result)) {
      if (!DEBUG_ALLOWED_KEYS.has(key) && !key.startsWith('_')) delete result[key]
    }
  } else {
    for (const key of HIDE_IN_DEBUG) delete result[key]
  }
}

/** `_get_item_label`: the loop label, else the item; a fixed text under no_log. */
export function itemLabelValue(result: Record<string, unknown>): unknown {
  if (result._ansible_no_log) return '(censored due to no_log)'
  return '_ansible_item_label' in result ? result._ansible_item_label : (result.item ?? null)
}

/** The item label as printed: Python's str() of it (`{'a': 1}`, `True`, `None`). */
export function itemLabel(result: Record<string, unknown>): string {
  return pyStr(itemLabelValue(result))
}

/** `host_label`: `h1`, `h1 -> h3`, or `h1 -> h3(10.0.0.3)` when the delegate's ansible_host differs. */
export function hostLabel(r: CallbackResult): string {
  const delegate = r.task.delegateTo
  if (!delegate || delegate === r.host) return r.host
  const vars = r.result._ansible_delegated_vars
  const ahost = isDict(vars) && 'ansible_host' in vars ? vars.ansible_host : delegate
  return ahost !== delegate ? `${r.host} -> ${delegate}(${pyStr(ahost)})` : `${r.host} -> ${delegate}`
}

/** `_run_is_verbose`: above `level` verbosity, or `_ansible_verbose_always`, unless overridden. */
export function runIsVerbose(result: Record<string, unknown>, verbosity: number, level = 0): boolean {
  return (verbosity > level || result._ansible_verbose_always === true) && result._ansible_verbose_override !== true
}
