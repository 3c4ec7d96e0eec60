/** ansible.builtin.to_datetime: datetime.datetime.strptime(string, format). */
import { bindArgs, defined, pyStr, strptime, type FilterFn } from '../../src/plugin-kit.js'

const toDatetime: FilterFn = (input, args, kwargs) => {
  const { format } = bindArgs('to_datetime', args, kwargs, ['format'], { format: '%Y-%m-%d %H:%M:%S' })
  return strptime(pyStr(defined(input)), pyStr(format))
}

export const datetimeFilters: Record<string, FilterFn> = { to_datetime: toDatetime }
