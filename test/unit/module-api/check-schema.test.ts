/**
 * check-schema.ts against ajv itself (the oracle for JSON schema): the same verdict, the
 * same first message and path, the same defaults filled in, for every built-in module's
 * schema and hand-made ones; schemas with other keywords go to ajv.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import { describe, expect, it } from 'vitest'
import { builtins } from '../../../src/engine/builtins.js'
import { checkSchema } from '../../../src/module-api/check-schema.js'

const ajv = new Ajv({ strict: false, allErrors: false, useDefaults: true })
const validators = new WeakMap<object, ValidateFunction>()

function viaAjv(schema: object, args: Record<string, unknown>) {
  let validate = validators.get(schema)
  if (!validate) validators.set(schema, (validate = ajv.compile({ ...schema, additionalProperties: true })))
  const ok = validate(args)
  const e = ok ? null : validate.errors![0]!
  return { problem: e ? { where: e.instancePath.slice(1).replace(/\//g, '.'), message: e.message } : null, args }
}

function both(schema: object, args: Record<string, unknown>) {
  const mine = structuredClone(args)
  const theirs = structuredClone(args)
  return { mine: { problem: checkSchema(schema, mine), args: mine }, ajv: viaAjv(schema, theirs) }
}

const SAMPLES: unknown[] = ['text', '', 0, 7, -3, 1.5, true, false, null, [], ['a', 'b'], [1, 'x'], [[1]], {}, { k: 'v' }, { k: 1, n: { m: true } }, [{ a: 1 }]]

describe('checkSchema gives ajv verdicts', () => {
  for (const def of builtins.modules) {
    it(`${def.name}: every property against every kind of value`, () => {
      const schema = def.args as { properties?: Record<string, unknown> }
      let compared = 0
      const { mine, ajv } = both(schema, {})
      expect(mine).toEqual(ajv)
      for (const name of Object.keys(schema.properties ?? {})) {
        for (const v of SAMPLES) {
          const r = both(schema, { [name]: v })
          expect(r.mine, `${def.name}.${name} = ${JSON.stringify(v)}`).toEqual(r.ajv)
          compared++
        }
      }
      expect(compared).toBe(Object.keys(schema.properties ?? {}).length * SAMPLES.length)
    })
  }

  const nested = {
    type: 'object',
    properties: {
      opts: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, size: { type: ['integer', 'null'], default: 3 }, tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } },
      },
      extra: { type: 'object', additionalProperties: { type: 'boolean' } },
      dflt: { type: 'object', default: { a: [1] } },
    },
  }
  const cases: Record<string, unknown>[] = [
    {},
    { opts: { name: 'x' } },
    { opts: {} },
    { opts: { name: 'x', other: 1 } },
    { opts: { name: 1 } },
    { opts: { name: 'x', size: 1.5 } },
    { opts: { name: 'x', size: null } },
    { opts: { name: 'x', tags: ['a', 'c'] } },
    { opts: { name: 'x', tags: ['b', 3] } },
    { extra: { a: true, b: 'no' } },
    { extra: { a: false } },
    { dflt: 1 },
  ]
  cases.forEach((args, i) => {
    it(`nested shapes, case ${i}: ${JSON.stringify(args)}`, () => {
      const r = both(nested, args)
      expect(r.mine).toEqual(r.ajv)
    })
  })

  it('a default is a fresh copy for each call', () => {
    const a: Record<string, unknown> = {}
    const b: Record<string, unknown> = {}
    checkSchema(nested, a)
    checkSchema(nested, b)
    expect(a.dflt).toEqual({ a: [1] })
    expect(a.dflt).not.toBe(b.dflt)
  })

  it('other keywords are checked by ajv', () => {
    const schema = { type: 'object', properties: { port: { type: 'integer', minimum: 1 }, name: { type: 'string', pattern: '^[a-z]+$' } } }
    expect(checkSchema(schema, { port: 0 })).toEqual({ where: 'port', message: 'must be >= 1' })
    expect(checkSchema(schema, { name: 'A1' })).toEqual({ where: 'name', message: 'must match pattern "^[a-z]+$"' })
    expect(checkSchema(schema, { port: 2, name: 'ab' })).toBeNull()
  })
})
