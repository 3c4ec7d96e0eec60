/** Jinja2's `loop` variable inside a for loop. */
import { Undefined } from '../../py/undefined.js'
import { pyEq } from '../../py/values.js'
import { ATTRS, type HasAttrs } from '../runtime/attrs.js'
import { pyCallable } from '../runtime/callable.js'

export class LoopContext implements HasAttrs {
  readonly [ATTRS] = true as const
  index0 = 0
  private lastChanged: unknown[] | undefined

  constructor(
    private readonly items: unknown[],
    /** The enclosing loop (for `depth`). */
    private readonly parentLoop: unknown,
  ) {}

  getAttr(name: string): unknown {
    const n = this.items.length
    const i = this.index0
    switch (name) {
      case 'index':
        return i + 1
      case 'index0':
        return i
      case 'revindex':
        return n - i
      case 'revindex0':
        return n - i - 1
      case 'first':
        return i === 0
      case 'last':
        return i === n - 1
      case 'length':
        return n
      case 'depth0':
        return this.parentLoop instanceof LoopContext ? (this.parentLoop.getAttr('depth0') as number) + 1 : 0
      case 'depth':
        return (this.getAttr('depth0') as number) + 1
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undefined('previtem', undefined, 'there is no previous item', true)
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : new Undefined('nextitem', undefined, 'there is no next item', true)
      case 'cycle':
        return pyCallable('cycle', (args) => {
          if (args.length === 0) throw new Error('no items for cycling given')
          return args[i % args.length]
        })
      case 'changed':
        return pyCallable('changed', (args) => {
          const changed = this.lastChanged === undefined || !pyEq(this.lastChanged, args)
          this.lastChanged = args
          return changed
        })
    }
    return new Undefined(name, "'LoopContext object'")
  }
}
