/**
 * Module arguments as Ansible's ArgumentSpecValidator checks them, driven by each
 * module's JSON schema: aliases, unsupported parameters, mutual exclusion, required
 * arguments, Ansible's type conversions ('yes' is a bool, '8080' an int, 'a,b' a list),
 * choices, required_together / required_one_of / required_if, then defaults and what is
 * left (nested shapes, patterns: check-schema.ts). The first problem is the error, in Ansible's
 * words, as a module would fail with it.
 */
import { boolean } from '../py/boolean.js'
import { isDict, isFloat, isNumber, pyStr, toNumber } from '../py/values.js'
import type { JsonSchema } from './args-schema.js'
import { checkSchema } from './check-schema.js'
import type { ModuleDefinition } from './types.js'

export class ArgumentError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ArgumentError'
  }
}

/** Internal parameters Ansible passes to every module; modules never see them as unknown. */
const INTERNAL = /^_ansible_/

export function validateArgs(def: ModuleDefinition, raw: Record<string, unknown>): Record<string, unknown> {
  const schema = def.args
  const props = schema.properties ?? {}
  const aliasOf = new Map<string, string>()
  for (const [name, aliases] of Object.entries(def.aliases ?? {})) for (const a of aliases) aliasOf.set(a, name)

  const args: Record<string, unknown> = {}
  const unknown: string[] = []
  for (const [key, value] of Object.entries(raw)) {
    if (INTERNAL.test(key)) continue
    let name = key
    if (key === '_raw_params' && def.freeForm && def.freeForm !== '_raw_params') name = def.freeForm
    name = aliasOf.get(name) ?? name
    if (!(name in props)) {
      unknown.push(key)
      continue
    }
    if (!(name in args) || key === name) args[name] = value
  }
  if (unknown.length) {
    const names = Object.keys(props).sort()
    const aliases = [...aliasOf.keys()].sort()
    throw new ArgumentError(
      `Unsupported parameters for (${def.name}) module: ${unknown.sort().join(', ')}. Supported parameters include: ${names.join(', ')}${aliases.length ? ` (${aliases.join(', ')})` : ''}.`,
    )
  }

  const given = (n: string) => args[n] !== undefined && args[n] !== null
  for (const group of def.mutuallyExclusive ?? []) {
    const set = group.filter(given)
    if (set.length > 1) throw new ArgumentError(`parameters are mutually exclusive: ${group.join('|')}`)
  }
  const missing = (schema.required ?? []).filter((n) => !given(n)).sort()
  if (missing.length) throw new ArgumentError(`missing required arguments: ${missing.join(', ')}`)

  for (const [name, value] of Object.entries(args)) {
    if (value === null || value === undefined) continue
    args[name] = convert(name, value, props[name])
  }
  for (const [name, value] of Object.entries(args)) {
    const choices = props[name].enum
    if (choices && value !== null && value !== undefined && !choices.some((c) => c === value)) {
      throw new ArgumentError(`value of ${name} must be one of: ${choices.map((c) => pyStr(c)).join(', ')}, got: ${pyStr(value)}`)
    }
  }
  for (const group of def.requiredTogether ?? []) {
    const set = group.filter(given)
    if (set.length > 0 && set.length < group.length) throw new ArgumentError(`parameters are required together: ${group.join(', ')}`)
  }
  for (const group of def.requiredOneOf ?? []) {
    if (!group.some(given)) throw new ArgumentError(`one of the following is required: ${group.join(', ')}`)
  }
  for (const [key, val, needed] of def.requiredIf ?? []) {
    const current = given(key) ? args[key] : props[key]?.default
    if (current !== val) continue
    const absent = needed.filter((n) => !given(n))
    if (absent.length) throw new ArgumentError(`${key} is ${pyStr(val)} but all of the following are missing: ${absent.join(', ')}`)
  }

  for (const name of Object.keys(args)) if (args[name] === null) delete args[name]
  const bad = checkSchema(def.args, args)
  if (bad) throw new ArgumentError(`argument '${bad.where || 'arguments'}' ${bad.message}`)
  return args
}

function typeName(value: unknown): string {
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (isFloat(value)) return 'float'
  if (typeof value === 'number') return 'int'
  if (Array.isArray(value)) return 'list'
  if (isDict(value)) return 'dict'
  return 'NoneType'
}

function convert(name: string, value: unknown, spec: JsonSchema): unknown {
  const types = spec.type === undefined ? [] : Array.isArray(spec.type) ? spec.type : [spec.type]
  if (types.length !== 1) return value
  const fail = (to: string, why: string): never => {
    throw new ArgumentError(`argument '${name}' is of type <class '${typeName(value)}'> and we were unable to convert to ${to}: ${why}`)
  }
  switch (types[0]) {
    case 'boolean': {
      // check_type_bool: a str, int or float goes through boolean(), strictly.
      if (typeof value !== 'boolean' && typeof value !== 'string' && !isNumber(value)) fail('bool', `<class '${typeName(value)}'> cannot be converted to a bool`)
      try {
        return boolean(value)
      } catch (e) {
        return fail('bool', (e as Error).message)
      }
    }
    case 'integer': {
      if (typeof value === 'number' && Number.isInteger(value) && !isFloat(value)) return value
      if (isFloat(value) && Number.isInteger(toNumber(value))) return toNumber(value)
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return parseInt(value, 10)
      return fail('int', `<class '${typeName(value)}'> cannot be converted to an int`)
    }
    case 'number': {
      if (typeof value === 'number' || isFloat(value)) return toNumber(value)
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
      return fail('float', `<class '${typeName(value)}'> cannot be converted to a float`)
    }
    case 'string':
      if (typeof value === 'string') return value
      if (Array.isArray(value) || isDict(value)) return fail('str', `'${typeName(value)}' cannot be converted to a str`)
      return pyStr(value)
    case 'array': {
      let list: unknown[]
      if (Array.isArray(value)) list = value
      else if (typeof value === 'string') list = value.split(',')
      else if (typeof value === 'number' || isFloat(value)) list = [pyStr(value)]
      else return fail('list', `<class '${typeName(value)}'> cannot be converted to a list`)
      return spec.items ? list.map((item) => (item === null ? item : convert(name, item, spec.items!))) : list
    }
    case 'object': {
      if (isDict(value)) return value
      if (typeof value === 'string') {
        if (value.trim().startsWith('{')) {
          try {
            return JSON.parse(value)
          } catch {
            return fail('dict', 'unable to evaluate string as dictionary')
          }
        }
        const out: Record<string, string> = {}
        for (const pair of value.split(/[,\s]+/).filter(Boolean)) {
          const at = pair.indexOf('=')
          if (at < 0) return fail('dict', 'dictionary requested, could not parse JSON or key=value')
          out[pair.slice(0, at)] = pair.slice(at + 1)
        }
        return out
      }
      return fail('dict', `<class '${typeName(value)}'> cannot be converted to a dict`)
    }
    default:
      return value
  }
}
