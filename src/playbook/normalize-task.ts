/**
 * Turns a task's YAML mapping into its action, arguments and keywords, accepting every
 * form Ansible accepts (ModuleArgsParser): `mod: k=v`, `mod: {k: v}`, `action: mod k=v`,
 * `local_action:`, free-form text for command/shell, `args:`, `with_<lookup>:`.
 */
import { ParseError } from '../errors/errors.js'
import type { SourceLocation } from '../errors/tsible-error.js'
import { isDict } from '../py/values.js'
import { FREEFORM_ACTIONS, HANDLER_KEYWORDS, loadVars, RAW_PARAM_ACTIONS, TASK_KEYWORDS } from './keywords.js'
import { parseKv, splitArgs } from './parse-args.js'

export interface NormalizedTask {
  action: string
  args: Record<string, unknown>
  keywords: Record<string, unknown>
}

export interface NormalizeOptions {
  /** Whether a name resolves to a module or action (Ansible's action/module loaders), with the task's collections. */
  isAction(name: string, collections?: readonly string[]): boolean
  /** The collections the task searches (the `collections` keyword). */
  collections?: readonly string[]
  isHandler?: boolean
  location?: SourceLocation
}

const JINJA = /\{\{|\{%|\{#/

export function normalizeTask(ds: Record<string, unknown>, options: NormalizeOptions): NormalizedTask {
  const at = options.location
  const allowed = options.isHandler ? HANDLER_KEYWORDS : TASK_KEYWORDS
  let action: string | undefined
  let args: Record<string, unknown> = {}
  const keywords: Record<string, unknown> = {}
  const extraArgs = ds.args

  const take = (name: string, thing: unknown, oldStyle: boolean) => {
    if (action !== undefined) throw new ParseError(`conflicting action statements: ${action}, ${name}`, at)
    const parsed = oldStyle ? oldStyleArgs(thing, at) : { action: name, args: newStyleArgs(thing, name, at) }
    action = parsed.action
    args = mergeAdditionalArgs(parsed.args, extraArgs, action, at)
  }

  if ('action' in ds) take('action', ds.action, true)
  if ('local_action' in ds) {
    if (action !== undefined) throw new ParseError('action and local_action are mutually exclusive', at)
    take('local_action', ds.local_action, true)
    keywords.delegate_to = 'localhost'
  }
  const unknown: string[] = []
  for (const [key, value] of Object.entries(ds)) {
    if (key === 'action' || key === 'local_action' || key === 'args') continue
    if (key.startsWith('with_')) {
      if ('loop' in ds) throw new ParseError(`The 'loop' keyword is not allowed with '${key}'.`, at)
      keywords._loop_with = key.slice(5)
      keywords.loop = value
      continue
    }
    if (allowed.has(key)) {
      if (key === 'delegate_to' && keywords.delegate_to === 'localhost' && 'local_action' in ds) continue
      keywords[key] = key === 'vars' ? loadVars(value, options.isHandler ? 'Handler' : 'Task', at) : value
      continue
    }
    if (options.isAction(key, options.collections)) take(key, value, false)
    else unknown.push(key)
  }
  if (action === undefined) {
    if (unknown.length > 0) {
      throw new ParseError(
        `couldn't resolve module/action '${unknown[0]}'. This often indicates a misspelling, missing collection, or incorrect module path.`,
        at,
      )
    }
    throw new ParseError('no module/action detected in task.', at)
  }
  if (unknown.length > 0) {
    throw new ParseError(`'${unknown[0]}' is not a valid attribute for a ${options.isHandler ? 'Handler' : 'Task'}`, at)
  }
  const raw = args._raw_params
  if (raw !== undefined && raw !== '' && !RAW_PARAM_ACTIONS.has(action)) {
    delete args._raw_params
    if (typeof raw === 'string' && JINJA.test(raw)) args._variable_params = raw
    else {
      throw new ParseError(
        `this task '${action}' has extra params, which is only allowed in the following modules: ${[...RAW_PARAM_ACTIONS].join(', ')}`,
        at,
      )
    }
  }
  return { action, args, keywords }
}

function newStyleArgs(thing: unknown, action: string, at?: SourceLocation): Record<string, unknown> {
  if (thing === null || thing === undefined) return {}
  if (isDict(thing)) return { ...thing }
  if (typeof thing === 'string') return parseKv(thing, FREEFORM_ACTIONS.has(action))
  if (typeof thing === 'number' || typeof thing === 'boolean') return parseKv(String(thing), FREEFORM_ACTIONS.has(action))
  throw new ParseError(`unexpected parameter type in action: ${Array.isArray(thing) ? 'list' : typeof thing}`, at)
}

function oldStyleArgs(thing: unknown, at?: SourceLocation): { action: string; args: Record<string, unknown> } {
  if (typeof thing === 'string') {
    const [action, rest] = splitModuleString(thing)
    return { action, args: parseKv(rest, FREEFORM_ACTIONS.has(action)) }
  }
  if (isDict(thing) && typeof thing.module === 'string') {
    const [action, rest] = splitModuleString(thing.module)
    const args: Record<string, unknown> = { ...thing }
    delete args.module
    Object.assign(args, parseKv(rest, FREEFORM_ACTIONS.has(action)))
    if (isDict(args.args)) {
      Object.assign(args, args.args)
      delete args.args
    }
    return { action, args }
  }
  throw new ParseError(`unexpected parameter type in action: ${typeof thing}`, at)
}

function splitModuleString(s: string): [string, string] {
  const tokens = splitArgs(s)
  return [tokens[0]?.trim() ?? '', tokens.slice(1).join(' ')]
}

function mergeAdditionalArgs(
  args: Record<string, unknown>,
  extra: unknown,
  action: string,
  at?: SourceLocation,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (extra !== undefined && extra !== null) {
    if (typeof extra === 'string') {
      if (!JINJA.test(extra)) {
        throw new ParseError(
          'Complex args containing variables cannot use bare variables (without Jinja2 delimiters), ' +
            "and must use the full variable style ('{{var_name}}')",
          at,
        )
      }
      out._variable_params = extra
    } else if (isDict(extra)) Object.assign(out, extra)
    else throw new ParseError('Complex args must be a dictionary or variable string ("{{var}}").', at)
  }
  if (!FREEFORM_ACTIONS.has(action)) {
    for (const k of Object.keys(args)) {
      if (k.startsWith('_ansible_')) throw new ParseError(`invalid parameter specified for action '${action}': '${k}'`, at)
    }
  }
  return Object.assign(out, args)
}
