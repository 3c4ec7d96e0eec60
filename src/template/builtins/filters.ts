/**
 * Jinja2 3.1's builtin filters, with Python value semantics (what `| list`, `| join`,
 * `| map(attribute=)`, `| selectattr`, `| default`... do in Ansible 2.14's Jinja2). Jinja
 * has them whoever embeds it; Ansible's filters of the same name (unique, random) replace
 * them where Ansible registers its own.
 */
import { bindArgs, type FilterFn } from '../../plugin-api/types.js'
import { jsonDumps } from '../../py/json-dumps.js'
import { Undefined } from '../../py/undefined.js'
import { isLazyMapping } from '../../py/lazy-mapping.js'
import { isDict, pyRepr, pyStr, pyTruthy, pyTuple, toNumber } from '../../py/values.js'
import { getattr } from '../runtime/attrs.js'
import { pyPercentFormat } from '../runtime/pyformat.js'
import { defined } from '../runtime/strict.js'
import { impure } from '../provenance.js'
import { markReadOnly } from '../engine/traits.js'
import { items } from './attr-getter.js'
import { jinjaNumberFilters } from './filters-numbers.js'
import { jinjaSequenceFilters } from './filters-sequences.js'
import { jinjaStringFilters } from './filters-strings.js'

function dictAttr(value: unknown, name: string): unknown {
  const m = getattr({}, name)
  return m instanceof Undefined ? new Undefined(name, "'dict object'") : getattr(value, name)
}

/** Jinja2's htmlsafe_json_dumps: json.dumps(sort_keys=True), then <, >, & and ' escaped. */
function tojson(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const { indent } = bindArgs('tojson', args, kwargs, ['indent'], { indent: null })
  const json = jsonDumps(defined(value), { sortKeys: true, indent: indent === null ? null : typeof indent === 'string' ? indent : toNumber(indent), plain: true })
  return json.replace(/[<>&']/g, (c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

export const jinja2Filters: Record<string, FilterFn> = {
  ...jinjaStringFilters,
  ...jinjaSequenceFilters,
  ...jinjaNumberFilters,
  default: (value, args, kwargs) => {
    const { default_value, boolean } = bindArgs('default', args, kwargs, ['default_value', 'boolean'], { default_value: '', boolean: false })
    if (value instanceof Undefined || (pyTruthy(boolean) && !pyTruthy(value))) return default_value
    return value
  },
  string: (value) => pyStr(defined(value)),
  // Jinja2's attr() is Python's getattr: a dict's keys are not attributes.
  attr: (value, [name]) => (isDict(value) || isLazyMapping(value) ? dictAttr(value, pyStr(name)) : getattr(value, pyStr(name))),
  random: impure((value: unknown) => {
    const seq = items(value)
    return seq[Math.floor(Math.random() * seq.length)]
  }),
  format: (value, args, kwargs) => pyPercentFormat(pyStr(defined(value)), Object.keys(kwargs).length ? kwargs : pyTuple(args)),
  tojson,
  pprint: (value) => pyRepr(value),
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(jinja2Filters))
