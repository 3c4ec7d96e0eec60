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
    if (((Array.isArray(v) && !(v instanceof PyTuple)) || isDict(v)) && isPlainData(v)) return deepCopy(v)
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

function isPlainData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true
  if (typeof v === 'number') return Number.isFinite(v)
  if (v instanceof PyFloat) return Number.isFinite(v.value)
  if (Array.isArray(v)) return v.every(isPlainData)
  if (isDict(v)) return Object.values(v).every(isPlainData)
  return false
}

function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out = v.map(deepCopy)
    return Object.getPrototypeOf(v) === Array.prototype ? out : Object.setPrototypeOf(out, Object.getPrototypeOf(v))
  }
  if (isDict(v)) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x)
    return out
  }
  return v
}
