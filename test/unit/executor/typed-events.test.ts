import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../../..')

describe('typed executor events', () => {
  it('a wrong event name or payload is a compile error; the right ones compile', () => {
    // test/fixtures/typed-events/emit-checks.ts marks each wrong emit @ts-expect-error:
    // with an untyped emit those markers are unused, which tsc reports.
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc')
    const r = spawnSync(process.execPath, [tsc, '-p', 'test/fixtures/typed-events/tsconfig.json'], { cwd: ROOT, encoding: 'utf8' })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
})
