/**
 * The public seams' types, checked by tsc: `defineModule` gives `run` the argument type
 * its schema implies and returns a `ModuleDefinition` without a cast (define-module.ts,
 * and the example module as users write it); the CLI option tables give the parsed
 * options their types (test/unit/cli/options.test.ts). Those files state what must hold
 * with type equalities and `@ts-expect-error` lines: tsc must accept them as they are.
 */
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')

it('tsc accepts the type-level checks of the module API, the example module and the option tables', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(__dirname, 'tsconfig.json')], { encoding: 'utf8' })
  expect(r.stdout + r.stderr).toBe('')
  expect(r.status).toBe(0)
})
