/**
 * `serial` batches (PlaybookExecutor._get_serialized_batches): an int, a percentage or a
 * list of them, each used once and the last repeated; 0 or less means all the rest.
 */
import { PyFloat } from '../py/values.js'

export function serialBatches(hosts: string[], serial: unknown): string[][] {
  const list = serial === undefined || serial === null ? [] : Array.isArray(serial) ? serial : [serial]
  const steps = list.length ? list : [-1]
  const rest = [...hosts]
  const batches: string[][] = []
  let i = 0
  while (rest.length > 0) {
    const size = pctToInt(steps[i], hosts.length)
    if (size <= 0) {
      batches.push(rest.splice(0))
      break
    }
    batches.push(rest.splice(0, size))
    i = Math.min(i + 1, steps.length - 1)
  }
  return batches
}

/** Ansible's pct_to_int: `"30%"` of n (at least 1), or the int value. */
export function pctToInt(value: unknown, n: number, min = 1): number {
  if (typeof value === 'string' && value.trim().endsWith('%')) {
    return Math.trunc((parseFloat(value.trim().slice(0, -1)) / 100) * n) || min
  }
  if (value instanceof PyFloat) return Math.trunc(value.value)
  return Math.trunc(Number(value))
}
