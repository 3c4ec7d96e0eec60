/**
 * Compiles Jinja2 expressions into closures over a Frame. Every operator goes through
 * the Python-semantics runtime; filters and tests are looked up by name when called (an
 * unknown one fails only when reached, as in Jinja2 3.1 for code behind conditions).
 */
import { TemplateError, TemplateSyntaxError } from '../../errors/errors.js'
import { Undefined } from '../../py/undefined.js'
import { isDict, pyStr, pyTruthy, pyTuple } from '../../py/values.js'
import type { Expr, ExprOf, Signature } from '../syntax/nodes.js'
import { getattr, getitem, SliceKey } from '../runtime/attrs.js'
import { isPyCallable } from '../runtime/callable.js'
import { add, compare, concat, floordiv, mod, mul, neg, pos, pow, sub, truediv } from '../runtime/ops.js'
import { defined, undefinedError } from '../runtime/strict.js'
import { copyData } from '../copy-data.js'
import { noteCall, noteFilter, noteTest } from './traits.js'
import type { Frame } from './state.js'
import { UnsafeText, VaultText } from '../../yaml/tagged.js'

/**
 * Filters and tests that see a `!vault` value as the object it is (Ansible's
 * AnsibleVaultEncryptedUnicode) when it is their direct input; everywhere else a variable
 * or part of one that holds vaulted text reads as its plaintext.
 */
const VAULT_AWARE = { filters: new Set(['unvault', 'type_debug']), tests: new Set(['vault_encrypted']) }

function revealed(v: unknown): unknown {
  return v instanceof VaultText ? v.text : v
}

export type Compiled = (f: Frame) => unknown

const INLINE_IF_UNDEFINED = new Undefined('', undefined, 'the inline if-expression evaluated to false and no else section was defined.', true)

const BINOPS: Record<string, (a: unknown, b: unknown) => unknown> = {
  '+': add,
  '-': sub,
  '*': mul,
  '/': truediv,
  '//': floordiv,
  '%': mod,
  '**': pow,
}

/** Python truthiness, with Undefined failing as StrictUndefined.__bool__ does. */
export function truthy(v: unknown): boolean {
  if (v instanceof Undefined) {
    if (v.lenient) return false
    throw undefinedError(v)
  }
  return pyTruthy(v)
}

export function compileExpr(e: Expr): Compiled {
  return compileNode(e, false)
}

/** `keepVault`: the node is the direct input of a VAULT_AWARE filter or test. */
function compileNode(e: Expr, keepVault: boolean): Compiled {
  switch (e.type) {
    case 'Const': {
      const v = e.value
      return () => v
    }
    case 'Name': {
      const name = e.name
      if (keepVault) return (f) => f.lookup(name)
      return (f) => {
        const v = f.lookup(name)
        return v instanceof VaultText ? v.text : v
      }
    }
    // Literal lists and dicts hold `!vault` values as the objects they are, as Jinja does.
    case 'Tuple': {
      const items = e.items.map((i) => compileNode(i, true))
      return (f) => pyTuple(items.map((c) => c(f)))
    }
    case 'List': {
      const items = e.items.map((i) => compileNode(i, true))
      return (f) => items.map((c) => c(f))
    }
    case 'Dict': {
      const items = e.items.map((i) => [compileExpr(i.key), compileNode(i.value, true)] as const)
      return (f) => {
        const out: Record<string, unknown> = {}
        for (const [k, v] of items) out[pyStr(defined(k(f)))] = v(f)
        return out
      }
    }
    case 'Getattr': {
      const attr = e.attr
      if (e.node.type === 'Name') return partOfVariable(e.node.name, () => attr, getattr, keepVault)
      const node = compileExpr(e.node)
      if (keepVault) return (f) => getattr(node(f), attr)
      return (f) => revealed(getattr(node(f), attr))
    }
    case 'Getitem': {
      const arg = compileExpr(e.arg)
      if (e.node.type === 'Name') return partOfVariable(e.node.name, arg, getitem, keepVault)
      const node = compileExpr(e.node)
      if (keepVault) return (f) => getitem(node(f), arg(f))
      return (f) => revealed(getitem(node(f), arg(f)))
    }
    case 'Slice': {
      const part = (x: Expr | null): Compiled => (x ? compileExpr(x) : () => null)
      const [start, stop, step] = [part(e.start), part(e.stop), part(e.step)]
      return (f) => new SliceKey(defined(start(f)), defined(stop(f)), defined(step(f)))
    }
    case 'Call':
      return compileCall(e)
    case 'Filter':
      return compileFilter(e)
    case 'Test':
      return compileTest(e)
    case 'CondExpr': {
      const [test, a] = [compileExpr(e.test), compileExpr(e.expr1)]
      const b = e.expr2 ? compileExpr(e.expr2) : null
      // `a if c` without else gives Jinja2's plain Undefined: '' when printed, not an error.
      return (f) => (truthy(test(f)) ? a(f) : b ? b(f) : INLINE_IF_UNDEFINED)
    }
    case 'And': {
      const [l, r] = [compileExpr(e.left), compileExpr(e.right)]
      return (f) => {
        const a = l(f)
        return truthy(a) ? r(f) : a
      }
    }
    case 'Or': {
      const [l, r] = [compileExpr(e.left), compileExpr(e.right)]
      return (f) => {
        const a = l(f)
        return truthy(a) ? a : r(f)
      }
    }
    case 'Not': {
      const n = compileExpr(e.node)
      return (f) => !truthy(n(f))
    }
    case 'Compare':
      return compileCompare(e)
    case 'BinOp': {
      const op = BINOPS[e.op]
      const [l, r] = [compileExpr(e.left), compileExpr(e.right)]
      return (f) => op(l(f), r(f))
    }
    case 'Concat': {
      const parts = e.nodes.map(compileExpr)
      return (f) => concat(parts.map((p) => p(f)))
    }
    case 'Neg': {
      const n = compileExpr(e.node)
      return (f) => neg(n(f))
    }
    case 'Pos': {
      const n = compileExpr(e.node)
      return (f) => pos(n(f))
    }
  }
}

/**
 * `name[key]` and `name.attr` on a variable: when the variable needs no templating, the
 * part is picked from the stored value and only that part copied (reading `groups['x']`
 * copies one list, not every group). A method (`x.append`) binds to a whole copy, as it
 * would after a plain read.
 */
function partOfVariable(name: string, key: Compiled, pick: (container: unknown, key: never) => unknown, keepVault: boolean): Compiled {
  const get = pick as (container: unknown, key: unknown) => unknown
  const read: Compiled = (f) => {
    const stored = f.stored(name)
    if (stored === undefined) return get(revealed(f.lookup(name)), key(f))
    const k = key(f)
    const part = get(stored, k)
    if (typeof part === 'function' || isPyCallable(part)) return get(revealed(f.lookup(name)), k)
    return copyData(part)
  }
  return keepVault ? read : (f) => revealed(read(f))
}

function compileCompare(e: ExprOf<'Compare'>): Compiled {
  const first = compileExpr(e.expr)
  const ops = e.ops.map((o) => [o.op, compileExpr(o.expr)] as const)
  return (f) => {
    let left = first(f)
    for (const [op, c] of ops) {
      const right = c(f)
      if (!compare(op, left, right)) return false
      left = right
    }
    return true
  }
}

interface CompiledArgs {
  (f: Frame): { args: unknown[]; kwargs: Record<string, unknown> }
}

function compileArgs(sig: Signature): CompiledArgs {
  const args = sig.args.map(compileExpr)
  const kwargs = sig.kwargs.map((k) => [k.key, compileExpr(k.value)] as const)
  const dynArgs = sig.dynArgs ? compileExpr(sig.dynArgs) : null
  const dynKwargs = sig.dynKwargs ? compileExpr(sig.dynKwargs) : null
  return (f) => {
    const a = args.map((c) => c(f))
    if (dynArgs) a.push(...(defined(dynArgs(f)) as unknown[]))
    const kw: Record<string, unknown> = {}
    for (const [k, c] of kwargs) kw[k] = c(f)
    if (dynKwargs) {
      const d = defined(dynKwargs(f))
      if (isDict(d)) Object.assign(kw, d)
    }
    return { args: a, kwargs: kw }
  }
}

function compileCall(e: ExprOf<'Call'>): Compiled {
  noteCall(e.node as { type: string; attr?: string; name?: string })
  const callee = compileExpr(e.node)
  const args = compileArgs(e)
  return (f) => {
    const fn = callee(f)
    if (fn instanceof Undefined) throw undefinedError(fn)
    const { args: a, kwargs } = args(f)
    if (isPyCallable(fn)) return fn(a, kwargs)
    if (typeof fn === 'function') return (fn as (...x: unknown[]) => unknown)(...a)
    throw new TemplateError(`'${pyStr(fn)}' object is not callable`)
  }
}

function compileFilter(e: ExprOf<'Filter'>): Compiled {
  const node = e.node
  // type_debug of a variable names its Python class: text read from unsafe values is AnsibleUnsafeText.
  const input = e.name === 'type_debug' ? typeDebugInput(node) : compileNode(node, true)
  const aware = VAULT_AWARE.filters.has(e.name)
  const args = compileArgs(e)
  const name = e.name
  noteFilter(name)
  return (f) => {
    const filter = f.state.env.filters[name]
    if (!filter) throw new TemplateSyntaxError(`Could not load "${name}": '${name}'`)
    const { args: a, kwargs } = args(f)
    const v = input(f)
    return filter(aware ? v : revealed(v), a, kwargs, f.state.context)
  }
}

/**
 * What type_debug is given: a variable as read with its unsafe mark, the text a lookup
 * returns as the AnsibleUnsafeText it is (wrap_var); anything else as compiled.
 */
function typeDebugInput(node: Expr): Compiled {
  if (node.type === 'Name') return (f) => f.lookupTagged(node.name)
  const compiled = compileNode(node, true)
  const callee = node.type === 'Call' && node.node.type === 'Name' ? node.node.name : ''
  if (!['lookup', 'query', 'q'].includes(callee) || (node.type === 'Call' && node.kwargs.some((k) => k.key === 'allow_unsafe'))) return compiled
  return (f) => {
    const v = compiled(f)
    return typeof v === 'string' && v !== '' ? new UnsafeText(v) : v
  }
}

function compileTest(e: ExprOf<'Test'>): Compiled {
  const input = compileNode(e.node, true)
  const aware = VAULT_AWARE.tests.has(e.name)
  const args = compileArgs(e)
  const name = e.name
  noteTest(name)
  return (f) => {
    const test = f.state.env.tests[name]
    if (!test) throw new TemplateSyntaxError(`Could not load "${name}": '${name}'`)
    const { args: a, kwargs } = args(f)
    const v = input(f)
    return test(aware ? v : revealed(v), a, kwargs, f.state.context)
  }
}
