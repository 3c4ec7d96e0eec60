/**
 * A module's output turned into its result, as ansible-core 2.14's ActionBase does it
 * (_parse_returned_data and the end of _execute_module): the JSON object is found among
 * whatever else the host printed (junk after it is a warning), output that is not JSON
 * becomes the "MODULE FAILURE" result with module_stdout/module_stderr/rc, internal keys a
 * module must not return are dropped with Ansible's warning, and stdout/stderr get their
 * `_lines`.
 */
import { jsonLoads } from '../py/json-loads.js'
import type { ModuleResult } from '../module-api/types.js'
import { isDict, pyStr } from '../py/values.js'
import { pySplitLines } from '../py/str.js'

export interface RawOutput {
  rc: number
  stdout: string
  stderr: string
}

export interface ParsedResult {
  result: ModuleResult
  /** Warnings shown at once (display.warning), not part of the result. */
  shown: string[]
}

/**
 * @param interpreter the shebang used (`#!/usr/bin/python3`), to tell a missing interpreter
 */
export function parseModuleOutput(out: RawOutput, interpreter: string | undefined): ParsedResult {
  const shown: string[] = []
  let data: Record<string, unknown>
  try {
    const { json, warnings } = filterNonJsonLines(out.stdout)
    shown.push(...warnings)
    const parsed = jsonLoads(json)
    if (!isDict(parsed)) throw new Error('not an object')
    data = parsed
    data._ansible_parsed = true
  } catch {
    data = { failed: true, _ansible_parsed: false, module_stdout: out.stdout, module_stderr: out.stderr }
    if (out.stderr.startsWith('Traceback')) data.exception = out.stderr
    else if (out.stdout.startsWith('Traceback')) data.exception = out.stdout
    let msg = 'MODULE FAILURE'
    if (interpreter !== undefined) {
      const interp = interpreter.replace(/^[!#]+/, '').replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/ /g, '\\ ')
      const missing = new RegExp(`${interp}: (?:No such file or directory|not found)`)
      if (missing.test(out.stderr) || missing.test(out.stdout)) msg = 'The module failed to execute correctly, you probably need to set the interpreter.'
    }
    data.msg = `${msg}\nSee stdout/stderr for the exact error`
    data.rc = out.rc
  }
  return { result: data as ModuleResult, shown }
}

/** json_utils._filter_non_json_lines(objects_only=True). */
function filterNonJsonLines(text: string): { json: string; warnings: string[] } {
  const lines = pySplitLines(text, false)
  const start = lines.findIndex((l) => l.trim().startsWith('{'))
  if (start < 0) throw new Error('No start of json char found')
  const rest = lines.slice(start)
  let end = -1
  for (let i = rest.length - 1; i >= 0; i--) {
    if (rest[i]!.trim().endsWith('}')) {
      end = i
      break
    }
  }
  if (end < 0) throw new Error('No end of json char found')
  const trailing = rest.slice(end + 1)
  const warnings = trailing.some((l) => l.trim()) ? [`Module invocation had junk after the JSON data: ${trailing.join('\n')}`] : []
  return { json: rest.slice(0, end + 1).join('\n'), warnings }
}

/**
 * The end of _execute_module: internal keys out (with Ansible's warning), empty
 * warnings/deprecations out, a non-list `results` renamed, interpreter facts a module may
 * not set removed, `stdout_lines`/`stderr_lines` added.
 */
export function finishModuleResult(data: ModuleResult, shown: string[]): ModuleResult {
  delete data._ansible_suppress_tmpdir_delete
  if ('results' in data && !Array.isArray(data.results)) {
    data.ansible_module_results = data.results
    delete data.results
    shown.push("Found internal 'results' key in module return, renamed to 'ansible_module_results'.")
  }
  for (const key of Object.keys(data)) {
    if ((key.startsWith('_ansible_') && key !== '_ansible_parsed') || key === 'add_host' || key === 'add_group') {
      shown.push(`Removed unexpected internal key in module return: ${key} = ${pyStr(data[key])}`)
      delete data[key]
    }
  }
  for (const key of ['warnings', 'deprecations']) {
    const v = data[key]
    if (key in data && (v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) || (isDict(v) && Object.keys(v).length === 0))) delete data[key]
  }
  if (isDict(data.ansible_facts)) {
    for (const k of Object.keys(data.ansible_facts)) {
      if (k.startsWith('discovered_interpreter_') || k.startsWith('ansible_discovered_interpreter_')) delete data.ansible_facts[k]
    }
  }
  for (const key of ['stdout', 'stderr'] as const) {
    if (key in data && !(`${key}_lines` in data)) {
      const v = data[key]
      data[`${key}_lines`] = typeof v === 'string' ? pySplitLines(v, false) : []
    }
  }
  return data
}

/** An AnsibleActionFail raised by an action plugin: the result it carries. */
export function actionFail(msg: string): ModuleResult {
  return { failed: true, msg, exception: 'NoneType: None\n' }
}
