/** Loads a golden file written by test/fixtures/callback/tools/gen_goldens.py (Python 3.11, ansible-core 2.14). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PyFloat } from '../../../src/py/values.js'
import { FIXTURES } from './replay.js'

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode)
  if (v === null || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  if ('__pyfloat__' in o) return new PyFloat(o.__pyfloat__ as number)
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]))
}

export function golden<T>(name: string): T[] {
  return decode(JSON.parse(readFileSync(join(FIXTURES, 'goldens', name), 'utf8'))) as T[]
}
