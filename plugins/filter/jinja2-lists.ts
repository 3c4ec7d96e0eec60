/** Jinja2's `unique` (Ansible 2.14 routes it to Jinja2's when no kwargs Ansible lacks). */
import { bindArgs, type FilterFn } from '../../src/plugin-api/types.js'
import { pyRepr } from '../../src/py/values.js'
import { iterate } from '../../src/template/engine/compile-stmt.js'
import { defined } from '../../src/template/runtime/strict.js'
import { attrGetter } from './jinja2.js'

export const jinjaUnique: FilterFn = (value, args, kwargs) => {
  const { case_sensitive, attribute } = bindArgs('unique', args, kwargs, ['case_sensitive', 'attribute'], { case_sensitive: false, attribute: null })
  const get = attribute === null ? (v: unknown) => v : attrGetter(attribute)
  const seen = new Set<string>()
  const out: unknown[] = []
  for (const item of iterate(defined(value))) {
    let k = get(item)
    if (!case_sensitive && typeof k === 'string') k = k.toLowerCase()
    const key = pyRepr(k)
    if (seen.has(key)) continue
    seen.add(key)
    out.push(item)
  }
  return out
}
