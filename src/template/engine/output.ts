/** What compiled statements write to, and how their output is joined. */
import { pyStr } from '../../py/values.js'
import type { Frame } from './state.js'

/** A compiled statement: runs in a frame, appending its output values. */
export type Stmt = (f: Frame, out: unknown[]) => void

/** Output values joined as Jinja2's plain concat does (macro bodies, block sets). */
export function joinOutput(values: unknown[]): string {
  let s = ''
  for (const v of values) s += typeof v === 'string' ? v : pyStr(v)
  return s
}
