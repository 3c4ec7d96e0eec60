/** Python's list methods that templates call; `append`/`extend`/`insert` mutate in place. */
import { pyEq, PyTuple, toNumber } from '../../py/values.js'
import { pyCallable, type PyCallable } from './callable.js'
import { order } from './ops.js'

export function listMethod(l: unknown[], name: string): PyCallable | undefined {
  const m = (fn: (args: unknown[], kwargs: Record<string, unknown>) => unknown) => pyCallable(name, fn)
  const mutable = !(l instanceof PyTuple)
  switch (name) {
    case 'index':
      return m(([x]) => {
        const i = l.findIndex((y) => pyEq(x, y))
        if (i < 0) throw new Error(`ValueError: ${String(x)} is not in list`)
        return i
      })
    case 'count':
      return m(([x]) => l.filter((y) => pyEq(x, y)).length)
  }
  if (!mutable) return undefined
  switch (name) {
    case 'append':
      return m(([x]) => {
        l.push(x)
        return null
      })
    case 'extend':
      return m(([xs]) => {
        l.push(...(xs as unknown[]))
        return null
      })
    case 'insert':
      return m(([i, x]) => {
        l.splice(toNumber(i), 0, x)
        return null
      })
    case 'pop':
      return m(([i]) => {
        if (l.length === 0) throw new Error('IndexError: pop from empty list')
        const idx = i === undefined ? l.length - 1 : (toNumber(i) + l.length) % l.length
        return l.splice(idx, 1)[0]
      })
    case 'remove':
      return m(([x]) => {
        const i = l.findIndex((y) => pyEq(x, y))
        if (i < 0) throw new Error('ValueError: list.remove(x): x not in list')
        l.splice(i, 1)
        return null
      })
    case 'reverse':
      return m(() => {
        l.reverse()
        return null
      })
    case 'sort':
      return m((_a, kw) => {
        l.sort((a, b) => order(a, b))
        if (kw.reverse) l.reverse()
        return null
      })
    case 'copy':
      return m(() => [...l])
    case 'clear':
      return m(() => {
        l.length = 0
        return null
      })
  }
  return undefined
}
