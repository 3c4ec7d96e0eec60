/**
 * How a render's output values become one result (ansible/template/native_helpers.py):
 * `ansible_eval_concat` turns text that looks like a list, dict or bool back into a value
 * with literal_eval; `ansible_concat` (template files) just joins the text.
 */
import { literalEval } from '../py/literal-eval.js'
import { NativeText } from './engine/compile-stmt.js'
import { isDict, pyStr, PyFloat, PyTuple } from '../py/values.js'

export function plainConcat(values: unknown[]): string {
  let s = ''
  for (const v of values) s += typeof v === 'string' ? v : v instanceof NativeText ? v.text : pyStr(v)
  return s
}

export function evalConcat(values: unknown[]): unknown {
  if (values.length === 0) return ''
  if (values.length === 1) {
    const v = values[0]
    if (v instanceof NativeText) return v.text
    // A lone list or dict would round-trip through repr() and literal_eval(): a deep copy
    // of plain data is the same result, without the cost.
    if ((Array.isArray(v) && !(v instanceof PyTuple)) || isDict(v)) {
      const copy = plainCopy(v)
      if (copy !== NOT_PLAIN) return copy
    }
  }
  const text = values.length === 1 ? pyStr(values[0]) : plainConcat(values)
  if (text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False') {
    try {
      return literalEval(text)
    } catch {
      return text
    }
  }
  return text
}

const NOT_PLAIN = Symbol('not plain data')

/**
 * A deep copy of plain data (None, bools, strings, finite numbers, lists, tuples and dicts
 * of them), or NOT_PLAIN if anything else is inside: one walk for both questions.
 */
function plainCopy(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : NOT_PLAIN
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? v : NOT_PLAIN
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length)
    for (let i = 0; i < v.length; i++) {
      const x = plainCopy(v[i])
      if (x === NOT_PLAIN) return NOT_PLAIN
      out[i] = x
    }
    return Object.getPrototypeOf(v) === Array.prototype ? out : Object.setPrototypeOf(out, Object.getPrototypeOf(v))
  }
  if (isDict(v)) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v)) {
      const x = plainCopy(v[k])
      if (x === NOT_PLAIN) return NOT_PLAIN
      if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true })
      else out[k] = x
    }
    return out
  }
  return NOT_PLAIN
}
