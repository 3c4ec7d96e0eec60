/** ansible.builtin.to_datetime: datetime.datetime.strptime(string, format). */
import { bindArgs, type FilterFn } from '../../src/plugin-api/types.js'
import { pyStr } from '../../src/py/values.js'
import { strptime } from '../../src/template/runtime/datetime.js'
import { defined } from '../../src/template/runtime/strict.js'
import { markReadOnly } from '../../src/template/engine/traits.js'

const toDatetime: FilterFn = (input, args, kwargs) => {
  const { format } = bindArgs('to_datetime', args, kwargs, ['format'], { format: '%Y-%m-%d %H:%M:%S' })
  return strptime(pyStr(defined(input)), pyStr(format))
}

export const datetimeFilters: Record<string, FilterFn> = {
  to_datetime: toDatetime,
  'ansible.builtin.to_datetime': toDatetime,
}

markReadOnly(Object.values(datetimeFilters))
