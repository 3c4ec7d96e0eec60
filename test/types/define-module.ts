/**
 * Type-level checks of `defineModule` (compiled by types.test.ts, never run):
 * each `@ts-expect-error` must meet an error and each `expectType` must hold, or tsc fails.
 */
import { defineModule, type ModuleDefinition } from '../../src/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const expectType = <T extends true>(): T | undefined => undefined

// The arguments' type is read from the schema as validation fills them in.
export const inferred = defineModule({
  name: 'inferred',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      count: { type: 'integer', default: 1 },
      state: { type: 'string', enum: ['present', 'absent'] },
      tags: { type: 'array', items: { type: 'string' } },
      opts: { type: 'object', properties: { a: { type: 'boolean' } }, required: ['a'] },
      exact: { type: 'object', properties: { b: { type: 'number', default: 2 } }, additionalProperties: false },
      anything: {},
      either: { type: ['string', 'integer'] },
    },
    required: ['path'],
  },
  supports: { check: 'full' },
  async run(args) {
    expectType<Equal<typeof args.path, string>>()
    expectType<Equal<typeof args.count, number>>()
    expectType<Equal<typeof args.state, 'present' | 'absent' | undefined>>()
    expectType<Equal<typeof args.tags, string[] | undefined>>()
    expectType<Equal<NonNullable<typeof args.opts>['a'], boolean>>()
    expectType<Equal<NonNullable<typeof args.opts>['other'], unknown>>()
    expectType<Equal<NonNullable<typeof args.exact>, { b: number }>>()
    expectType<Equal<typeof args.anything, unknown>>()
    expectType<Equal<typeof args.either, string | number | undefined>>()
    // @ts-expect-error: not an argument of the schema
    void args.nope
    // @ts-expect-error: state may be missing
    void args.state.length
    return { changed: false, path: args.path }
  },
})

// A stated type still works.
export const stated = defineModule<{ src: string; force?: boolean }>({
  name: 'stated',
  args: { type: 'object', properties: { src: { type: 'string' }, force: { type: 'boolean' } }, required: ['src'] },
  supports: { check: 'full' },
  async run(args) {
    expectType<Equal<typeof args.src, string>>()
    return { changed: false }
  },
})

interface StatedArgs {
  dest: string
}
export const statedInterface = defineModule<StatedArgs>({
  name: 'stated_interface',
  args: { type: 'object', properties: { dest: { type: 'string' } } },
  supports: { check: 'none' },
  run: async (args) => ({ changed: args.dest === '' }),
})

// Every kind is a ModuleDefinition as it is: no cast.
export const all: ModuleDefinition[] = [inferred, stated, statedInterface]

// run must return a result.
defineModule({
  name: 'bad',
  args: { type: 'object', properties: {} },
  supports: { check: 'full' },
  // @ts-expect-error: a module result is a promise of an object
  run: async () => 'done',
})
