/**
 * The functions templates can call: Jinja2's globals (`range`, `dict`, `namespace`,
 * `cycler`, `joiner`) and Ansible's (`lookup`, `query`/`q`, `now`).
 */
import { TemplateError, UndefinedVariableError } from '../errors/errors.js'
import { isDict, pyStr, pyTruthy, toNumber } from '../py/values.js'
import type { LookupFn, TemplateContext } from '../plugin-api/types.js'
import { ATTRS, type HasAttrs } from './runtime/attrs.js'
import { pyCallable, type PyCallable } from './runtime/callable.js'
import { Undefined } from '../py/undefined.js'
import { markImpure } from './provenance.js'
import { noteUnsafe } from './unsafe.js'
import { PyDatetime } from './runtime/datetime.js'
import { jinjaGlobals } from './jinja-globals.js'

class Namespace implements HasAttrs {
  readonly [ATTRS] = true as const
  constructor(private readonly attrs: Record<string, unknown>) {}
  getAttr(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.attrs, name) ? this.attrs[name] : new Undefined(name, "'Namespace object'")
  }
  setAttr(name: string, value: unknown): void {
    this.attrs[name] = value
  }
}

export function makeGlobals(lookups: Record<string, LookupFn>, context: () => TemplateContext): Record<string, PyCallable> {
  const runLookup = (name: string, terms: unknown[], kwargs: Record<string, unknown>, wantlist: boolean): unknown => {
    // A lookup reads the world (files, environment, commands): its results are not reused.
    markImpure()
    const kw = { ...kwargs }
    const errors = String(kw.errors ?? 'strict')
    const allowUnsafe = kw.allow_unsafe === true
    delete kw.errors
    delete kw.wantlist
    delete kw.allow_unsafe
    const fn = lookups[name]
    if (!fn) throw new TemplateError(`lookup plugin (${name}) not found`)
    let ran: unknown[]
    try {
      ran = fn(terms, kw, context())
    } catch (e) {
      // Templar._lookup: undefined variables and option errors always propagate; a lookup's
      // own AnsibleLookupError and anything else honour `errors` (warn, ignore), the rest
      // is wrapped.
      if (e instanceof UndefinedVariableError) throw e
      const err = e as Error & { pyClass?: string }
      const cls = err.pyClass ?? err.name
      if (cls === 'AnsibleOptionsError') throw e
      const type = cls.startsWith('Ansible') ? `ansible.errors.${cls}` : cls
      const msg = cls === 'AnsibleLookupError'
        ? `Lookup failed but the error is being ignored: ${err.message}`
        : `An unhandled exception occurred while running the lookup plugin '${name}'. Error was a <class '${type}'>, original message: ${err.message}`
      if (errors === 'warn') context().warn(msg)
      if (errors === 'ignore' || errors === 'warn') return wantlist ? [] : null
      if (cls === 'AnsibleLookupError') throw e
      throw new TemplateError(`${msg}. ${err.message}`, { cause: e })
    }
    // What a lookup returns is data: the render's result is unsafe (Templar._lookup);
    // allow_unsafe=True returns the plugin's list as it is.
    if (allowUnsafe) return ran
    if (pyTruthy(ran)) noteUnsafe()
    // An empty result is returned as it is (a list, even without wantlist).
    if (wantlist || !ran || (Array.isArray(ran) && ran.length === 0)) return ran
    if (isDict(ran)) return Object.keys(ran).join(',')
    if (Array.isArray(ran) && ran.every((x) => typeof x === 'string')) return ran.join(',')
    if (Array.isArray(ran) && ran.length === 1) return ran[0]
    return ran
  }
  return {
    range: pyCallable('range', (args) => {
      const [a, b, c] = args.map((x) => toNumber(x))
      const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, c ?? 1]
      if (step === 0) throw new TemplateError('range() arg 3 must not be zero')
      const out: number[] = []
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i)
      if (out.length > 100000) throw new TemplateError('Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).')
      return out
    }),
    dict: pyCallable('dict', (args, kwargs) => {
      const out: Record<string, unknown> = {}
      const [src] = args
      if (isDict(src)) Object.assign(out, src)
      else if (Array.isArray(src)) for (const pair of src as unknown[][]) out[pyStr(pair[0])] = pair[1]
      return Object.assign(out, kwargs)
    }),
    namespace: pyCallable('namespace', (args, kwargs) => new Namespace({ ...(isDict(args[0]) ? args[0] : {}), ...kwargs })),
    lookup: pyCallable('lookup', ([name, ...terms], kwargs) => runLookup(pyStr(name), terms, kwargs, kwargs.wantlist === true)),
    query: pyCallable('query', ([name, ...terms], kwargs) => runLookup(pyStr(name), terms, kwargs, true)),
    q: pyCallable('q', ([name, ...terms], kwargs) => runLookup(pyStr(name), terms, kwargs, true)),
    // Templar._now_datetime: a naive datetime (local, or UTC with utc=True), or its strftime.
    now: pyCallable('now', ([utc, fmt], kw) => {
      markImpure()
      const d = PyDatetime.now(pyTruthy(utc ?? kw.utc ?? false))
      const f = fmt ?? kw.fmt
      return f === undefined || f === null || f === '' ? d : d.strftime(pyStr(f))
    }),
    ...jinjaGlobals(),
  }
}
