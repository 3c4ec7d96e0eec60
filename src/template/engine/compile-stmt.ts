/**
 * Compiles template statements (output, if, for, set, macro, call, filter blocks,
 * include) into closures that push output values onto an array. Output values stay
 * native (Ansible's environment is a native one); the templar concatenates them.
 */
import { TemplateError, TemplateSyntaxError } from '../../errors/errors.js'
import { Undefined } from '../../py/undefined.js'
import { isDict, pyStr } from '../../py/values.js'
import { isLazyMapping } from '../../py/lazy-mapping.js'
import type { NjNode } from '../syntax/parser.js'
import type { Expr, Signature } from '../syntax/nodes.js'
import { ATTRS } from '../runtime/attrs.js'
import { defined, undefinedError } from '../runtime/strict.js'
import { compileExpr, truthy, type Compiled } from './compile-expr.js'
import { LoopContext } from './loop.js'
import { Macro, type MacroParam } from './macro.js'
import { joinOutput, type Stmt } from './output.js'
import type { Frame } from './state.js'
import { noteFilter, noteInclude } from './traits.js'

/** Ansible's finalize: None prints as '', a strict Undefined fails, a plain one prints ''. */
function finalize(v: unknown): unknown {
  if (v === null || v === undefined) return ''
  if (v instanceof Undefined) {
    if (v.lenient) return ''
    throw undefinedError(v)
  }
  return v
}

export function compileBody(node: NjNode | NjNode[] | null | undefined): Stmt {
  if (!node) return () => {}
  const list = Array.isArray(node) ? node : ((node.children as NjNode[] | undefined) ?? [node])
  const stmts = list.map(compileStmt)
  if (stmts.length === 1) return stmts[0]
  return (f, out) => {
    for (const s of stmts) s(f, out)
  }
}

function compileStmt(node: NjNode): Stmt {
  switch (node.typename) {
    case 'Output':
      return compileOutput(node)
    case 'If':
      return compileIf(node)
    case 'For':
      return compileFor(node)
    case 'Set':
      return compileSet(node)
    case 'Macro':
      return compileMacro(node)
    case 'Include':
      return compileInclude(node)
    case 'NodeList':
    case 'Root':
      return compileBody(node)
    default:
      throw new TemplateError(`unsupported template statement: ${node.typename}`)
  }
}

/**
 * Filters whose text Ansible never turns back into data (it wraps their result in
 * NativeJinjaText): `{{ x | to_json }}` stays a string even though it looks like a dict.
 */
const NATIVE_TEXT_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml'])

function producesNativeText(e: Expr): boolean {
  return e.type === 'Filter' && NATIVE_TEXT_FILTERS.has(e.name.replace(/^ansible\.builtin\./, ''))
}

/** Output text that ansible_eval_concat must return as is (Ansible's NativeJinjaText). */
export class NativeText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text
  }
}

function compileOutput(node: NjNode): Stmt {
  if (node.callBlock) return compileCallBlock(node.callBlock as { call: Expr; callerParams: MacroParam[]; body: NjNode })
  if (node.filterBlock) return compileFilterBlock(node.filterBlock as { filters: FilterSpec[]; body: NjNode })
  const parts = (node.children as (NjNode | Expr)[]).map((c): Stmt => {
    if ('typename' in c && c.typename === 'TemplateData') {
      const text = String(c.value)
      return (_f, out) => {
        if (text) out.push(text)
      }
    }
    const expr = compileExpr(c as Expr)
    if (producesNativeText(c as Expr)) {
      return (f, out) => {
        out.push(new NativeText(pyStr(finalize(expr(f)))))
      }
    }
    return (f, out) => {
      out.push(finalize(expr(f)))
    }
  })
  return parts.length === 1
    ? parts[0]
    : (f, out) => {
        for (const p of parts) p(f, out)
      }
}

function compileIf(node: NjNode): Stmt {
  const cond = compileExpr(node.cond as Expr)
  const body = compileBody(node.body as NjNode)
  const elseNode = node.else_ as NjNode | null
  const orElse = elseNode ? (elseNode.typename === 'If' ? compileIf(elseNode) : compileBody(elseNode)) : null
  return (f, out) => {
    if (truthy(cond(f))) body(f, out)
    else if (orElse) orElse(f, out)
  }
}

/** The items a for loop walks: list, tuple, dict keys, string characters. */
export function iterate(v: unknown): unknown[] {
  if (v instanceof Undefined) {
    if (v.lenient) return []
    throw undefinedError(v)
  }
  if (Array.isArray(v)) return v
  if (typeof v === 'string') return Array.from(v)
  if (isLazyMapping(v)) return v.keys()
  if (isDict(v)) return Object.keys(v)
  if (v instanceof Set || v instanceof Map) return [...v.keys()]
  throw new TemplateError(`'${typeof v === 'number' ? 'int' : typeof v}' object is not iterable`)
}

function compileFor(node: NjNode): Stmt {
  const arr = compileExpr(node.arr as Expr)
  const assign = compileAssign(node.name as Expr)
  const filter = node.filter ? compileExpr(node.filter as Expr) : null
  const body = compileBody(node.body as NjNode)
  const orElse = node.else_ ? compileBody(node.else_ as NjNode) : null
  return (f, out) => {
    let items = iterate(arr(f))
    if (filter) {
      items = items.filter((item) => {
        const probe = f.child()
        assign(probe, item)
        return truthy(filter(probe))
      })
    }
    if (items.length === 0) {
      orElse?.(f, out)
      return
    }
    // loop.depth counts recursive loops only (not supported), so never an enclosing loop.
    const loop = new LoopContext(items, undefined)
    items.forEach((item, i) => {
      const frame = f.child()
      loop.index0 = i
      frame.set('loop', loop)
      assign(frame, item)
      body(frame, out)
    })
  }
}

/** Binds a value to an assignment target (a name or a tuple of names). */
function compileAssign(target: Expr): (f: Frame, value: unknown) => void {
  if (target.type === 'Name') return (f, v) => f.set(target.name, v)
  if (target.type === 'Tuple') {
    const subs = target.items.map(compileAssign)
    return (f, v) => {
      const items = iterate(v)
      if (items.length !== subs.length) {
        throw new TemplateError(`${items.length > subs.length ? 'too many' : 'not enough'} values to unpack (expected ${subs.length}, got ${items.length})`)
      }
      subs.forEach((s, i) => s(f, items[i]))
    }
  }
  if (target.type === 'Getattr' && target.node.type === 'Name') {
    const ns = target.node.name
    return (f, v) => {
      const obj = f.lookup(ns) as { [ATTRS]?: true; setAttr?(k: string, v: unknown): void }
      if (!obj || obj[ATTRS] !== true || !obj.setAttr) throw new TemplateError('cannot assign attribute on non-namespace object')
      obj.setAttr(target.attr, v)
    }
  }
  throw new TemplateError('invalid assignment target')
}

interface FilterSpec extends Signature {
  name: string
}

function applyFilters(filters: FilterSpec[]): (f: Frame, value: unknown) => unknown {
  for (const fl of filters) noteFilter(fl.name)
  const compiled = filters.map((fl) => ({
    name: fl.name,
    args: fl.args.map(compileExpr),
    kwargs: fl.kwargs.map((k) => [k.key, compileExpr(k.value)] as const),
  }))
  return (f, value) => {
    for (const fl of compiled) {
      const fn = f.state.env.filters[fl.name]
      if (!fn) throw new TemplateSyntaxError(`Could not load "${fl.name}": '${fl.name}'`)
      value = fn(value, fl.args.map((a) => a(f)), Object.fromEntries(fl.kwargs.map(([k, c]) => [k, c(f)])), f.state.context)
    }
    return value
  }
}

function compileSet(node: NjNode): Stmt {
  const assign = compileAssign(node.target as Expr)
  if (node.value) {
    const value = compileExpr(node.value as Expr)
    return (f) => assign(f, value(f))
  }
  const body = compileBody(node.body as NjNode)
  const filters = applyFilters((node.filters as FilterSpec[]) ?? [])
  return (f) => {
    const out: unknown[] = []
    body(f.child(), out)
    assign(f, filters(f, joinOutput(out)))
  }
}

function compileMacro(node: NjNode): Stmt {
  const name = node.name as string
  const params = node.params as MacroParam[]
  const defaults = params.map((p) => (p.default ? compileExpr(p.default) : null))
  const body = compileBody(node.body as NjNode)
  return (f) => f.set(name, new Macro(name, params, defaults, body, f).callable)
}

function compileCallBlock(block: { call: Expr; callerParams: MacroParam[]; body: NjNode }): Stmt {
  if (block.call.type !== 'Call') throw new TemplateError('expected a call in a call block')
  const call = block.call
  const callee = compileExpr(call.node)
  const args = call.args.map(compileExpr)
  const kwargs = call.kwargs.map((k) => [k.key, compileExpr(k.value)] as const)
  const defaults = block.callerParams.map((p) => (p.default ? compileExpr(p.default) : null))
  const body = compileBody(block.body)
  return (f, out) => {
    const caller = new Macro('caller', block.callerParams, defaults, body, f).callable
    const fn = defined(callee(f)) as (a: unknown[], k: Record<string, unknown>) => unknown
    out.push(finalize(fn(args.map((a) => a(f)), { ...Object.fromEntries(kwargs.map(([k, c]) => [k, c(f)])), caller })))
  }
}

function compileFilterBlock(block: { filters: FilterSpec[]; body: NjNode }): Stmt {
  const body = compileBody(block.body)
  const filters = applyFilters(block.filters)
  return (f, out) => {
    const inner: unknown[] = []
    body(f.child(), inner)
    out.push(finalize(filters(f, joinOutput(inner))))
  }
}

function compileInclude(node: NjNode): Stmt {
  noteInclude()
  const template: Compiled = compileExpr(node.template as Expr)
  const ignoreMissing = node.ignoreMissing === true
  return (f, out) => {
    const t = defined(template(f))
    const names = Array.isArray(t) ? t.map((x) => pyStr(x)) : [pyStr(t)]
    out.push(...f.state.env.include(names, f, ignoreMissing))
  }
}

