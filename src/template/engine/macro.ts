/**
 * Macros (and `caller` of call blocks): a body rendered in a frame of its own over the
 * frame it was defined in, with Jinja2's argument binding (`varargs`, `kwargs`).
 */
import { TemplateError } from '../../errors/errors.js'
import { pyTuple } from '../../py/values.js'
import type { Expr } from '../syntax/nodes.js'
import { pyCallable, type PyCallable } from '../runtime/callable.js'
import type { Compiled } from './compile-expr.js'
import { joinOutput, type Stmt } from './output.js'
import type { Frame } from './state.js'

export interface MacroParam {
  name: string
  default: Expr | null
}

export class Macro {
  readonly callable: PyCallable

  constructor(
    readonly name: string,
    private readonly params: MacroParam[],
    private readonly defaults: (Compiled | null)[],
    private readonly body: Stmt,
    private readonly defined: Frame,
  ) {
    this.callable = pyCallable(name, (args, kwargs) => this.call(args, kwargs))
  }

  private call(args: unknown[], kwargs: Record<string, unknown>): string {
    const frame = this.defined.child()
    const extraKw = { ...kwargs }
    this.params.forEach((p, i) => {
      if (i < args.length) frame.set(p.name, args[i])
      else if (p.name in extraKw) {
        frame.set(p.name, extraKw[p.name])
        delete extraKw[p.name]
      } else if (this.defaults[i]) frame.set(p.name, this.defaults[i]!(frame))
      else throw new TemplateError(`macro '${this.name}' takes not exactly ${this.params.length} argument(s)`)
    })
    if ('caller' in extraKw) {
      frame.set('caller', extraKw.caller)
      delete extraKw.caller
    }
    frame.set('varargs', pyTuple(args.slice(this.params.length)))
    frame.set('kwargs', extraKw)
    const out: unknown[] = []
    this.body(frame, out)
    return joinOutput(out)
  }
}
