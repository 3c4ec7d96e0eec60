/**
 * The last step of argument validation: the JSON schema checks left after Ansible's
 * conversions (nested shapes, item types) and the defaults, as ajv applies them with
 * `useDefaults`. Schemas written with the keywords module arguments need (type, enum,
 * default, items, properties, required, additionalProperties) are checked here
 * directly; ajv, slow to load and to compile, is loaded only for schemas that use any
 * other keyword. Messages are ajv's.
 */
import { createRequire } from 'node:module'
import type { ValidateFunction } from 'ajv'
import type { JsonSchema } from './args-schema.js'

export interface SchemaProblem {
  /** Dotted path of the value ('' for the arguments themselves). */
  where: string
  message: string
}

const KNOWN = new Set(['type', 'enum', 'default', 'items', 'properties', 'required', 'additionalProperties', 'description', 'title', '$comment', 'examples'])

type Check = (value: Record<string, unknown>) => SchemaProblem | null

const checks = new WeakMap<object, Check>()

/**
 * Checks (and completes with defaults) the arguments against the module's schema. Unknown
 * arguments were refused before: the top level takes any property.
 */
export function checkSchema(schema: JsonSchema, args: Record<string, unknown>): SchemaProblem | null {
  let check = checks.get(schema)
  if (!check) {
    const open = { ...schema, additionalProperties: true }
    check = usesOnlyKnownKeywords(open) ? (v) => checkValue(open, v, []) : ajvCheck(open)
    checks.set(schema, check)
  }
  return check(args)
}

function usesOnlyKnownKeywords(s: unknown): boolean {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return false
  for (const [k, v] of Object.entries(s)) {
    if (!KNOWN.has(k)) return false
    if (k === 'items' && !usesOnlyKnownKeywords(v)) return false
    if (k === 'additionalProperties' && typeof v !== 'boolean' && !usesOnlyKnownKeywords(v)) return false
    if (k === 'properties') {
      if (typeof v !== 'object' || v === null) return false
      for (const p of Object.values(v)) if (!usesOnlyKnownKeywords(p)) return false
    }
  }
  return true
}

function checkValue(s: JsonSchema, v: unknown, path: string[]): SchemaProblem | null {
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type]
    if (!types.some((t) => hasType(v, t))) return problem(path, `must be ${types.join(',')}`)
  }
  if (s.enum && !s.enum.some((x) => sameJson(x, v))) return problem(path, 'must be equal to one of the allowed values')
  if (Array.isArray(v) && s.items) {
    for (let i = 0; i < v.length; i++) {
      const p = checkValue(s.items, v[i], [...path, String(i)])
      if (p) return p
    }
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>
    const props = s.properties ?? {}
    for (const [k, value] of defaultsOf(s)) {
      // ajv's useDefaults: a fresh copy of the default for a missing property.
      if (obj[k] === undefined) obj[k] = typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value
    }
    for (const r of s.required ?? []) if (obj[r] === undefined) return problem(path, `must have required property '${r}'`)
    for (const [k, x] of Object.entries(obj)) {
      const p = props[k]
      if (p) {
        const bad = checkValue(p, x, [...path, k])
        if (bad) return bad
      } else if (s.additionalProperties === false) {
        return problem(path, 'must NOT have additional properties')
      } else if (typeof s.additionalProperties === 'object') {
        const bad = checkValue(s.additionalProperties, x, [...path, k])
        if (bad) return bad
      }
    }
  }
  return null
}

const defaults = new WeakMap<JsonSchema, [string, unknown][]>()

/** The properties of a schema that have a default (kept per schema: a module runs many times). */
function defaultsOf(s: JsonSchema): [string, unknown][] {
  let out = defaults.get(s)
  if (!out) {
    out = Object.entries(s.properties ?? {})
      .filter(([, p]) => p.default !== undefined)
      .map(([k, p]) => [k, p.default])
    defaults.set(s, out)
  }
  return out
}

/** JSON schema types as ajv tells them apart on JavaScript values. */
function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string'
    case 'number':
      return typeof v === 'number' && Number.isFinite(v)
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v)
    case 'boolean':
      return typeof v === 'boolean'
    case 'null':
      return v === null
    case 'array':
      return Array.isArray(v)
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v)
    default:
      return false
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b))
}

function problem(path: string[], message: string): SchemaProblem {
  return { where: path.join('.'), message }
}

let ajv: { compile(schema: object): ValidateFunction } | undefined

/** Any other schema goes to ajv, loaded on first need. */
function ajvCheck(schema: object): Check {
  if (!ajv) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv')
    ajv = new Ajv({ strict: false, allErrors: false, useDefaults: true })
  }
  const validate = ajv.compile(schema)
  return (args) => {
    if (validate(args)) return null
    const e = validate.errors![0]!
    return { where: e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '', message: e.message ?? 'is invalid' }
  }
}
