/** Jinja2's make_attrgetter: the `attribute=` paths of map, sort, groupby, selectattr... */
import { Undefined } from '../../py/undefined.js'
import { getitem } from '../runtime/attrs.js'
import { defined } from '../runtime/strict.js'
import { iterate } from '../engine/compile-stmt.js'

/** `a.b.0`-style attribute paths of map/sort/groupby/selectattr (Jinja2's make_attrgetter). */
export function attrGetter(attribute: unknown, dflt?: unknown): (v: unknown) => unknown {
  const parts = attribute === null || attribute === undefined ? [] : String(attribute).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  return (v) => {
    let x = v
    for (const p of parts) x = getitem(x, p)
    if (x instanceof Undefined && dflt !== undefined) return dflt
    return x
  }
}

/** The items a filter iterates over: a defined value, as a `for` loop would see it. */
export function items(v: unknown): unknown[] {
  return iterate(defined(v))
}
