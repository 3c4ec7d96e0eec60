/**
 * Keyword inheritance along a task's parent chain (task → blocks → include/import task →
 * role entry → ... → play), as ansible-core's FieldAttribute inheritance resolves it.
 *
 * - most keywords: the nearest value that is set;
 * - `when`: every condition along the chain, outermost first (extend + prepend);
 * - `tags`: the union along the chain;
 * - `vars`: merged outermost first, block and include/import vars only (play vars and
 *   role-entry vars have their own precedence levels);
 * - `environment`: every dict along the chain, outermost first.
 */
import { isDict } from '../py/values.js'
import { shortActionName } from './keywords.js'
import { Block, type Parent, Play, RoleRef, Task } from './model.js'

type Node = Task | Block | Parent

function parentOf(node: Node): Node | undefined {
  if (node instanceof Play) return undefined
  return node.parent
}

/** The chain from the node up to the play, node first. */
function chainOf(node: Node): Node[] {
  const out: Node[] = []
  for (let n: Node | undefined = node; n; n = parentOf(n)) out.push(n)
  return out
}

const DYNAMIC_INCLUDES = new Set(['include_tasks', 'include_role', 'include'])

function isDynamicInclude(n: Node): boolean {
  return n instanceof Task && !n.staticInclude && DYNAMIC_INCLUDES.has(shortActionName(n.action))
}

/**
 * The chain keywords are inherited along: the node, then its ancestors except dynamic
 * includes, whose keywords apply to the include itself only (ansible-core skips a parent
 * that is not statically loaded; `apply:` is how an include passes keywords down).
 */
function attributeChain(node: Node): Node[] {
  return chainOf(node).filter((n, i) => i === 0 || !isDynamicInclude(n))
}

/** The nearest set value of a keyword (undefined and null mean unset). */
export function inheritedKeyword(node: Node, key: string): unknown {
  // attributeChain's walk, without building the chain: this runs for every keyword of
  // every task on every host.
  for (let n: Node | undefined = node; n; n = parentOf(n)) {
    if (n !== node && isDynamicInclude(n)) continue
    const v = n.keywords[key]
    if (v !== undefined && v !== null) return v
  }
  return undefined
}

/** All `when` conditions that apply, outermost first. */
export function inheritedWhen(node: Node): unknown[] {
  const out: unknown[] = []
  for (const n of attributeChain(node)) {
    const w = n.keywords.when
    if (w === undefined || w === null) continue
    if (Array.isArray(w)) out.unshift(...w)
    else out.unshift(w)
  }
  const play = chainOf(node).at(-1)
  if (play instanceof Play && play.includedConditional) out.unshift(...play.includedConditional)
  return out
}

/** Raw tags along the chain (each may be a list, a comma string or a template). */
export function inheritedTags(node: Node): unknown[] {
  const out: unknown[] = []
  for (const n of attributeChain(node)) {
    const t = n.keywords.tags
    if (t === undefined || t === null) continue
    out.push(...(Array.isArray(t) ? t : [t]))
  }
  return out
}

/** Block and task vars (precedence levels 16-17), outermost first. */
export function inheritedVars(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const chain = chainOf(node).reverse()
  for (const n of chain) {
    if (n instanceof Play || n instanceof RoleRef) continue
    const v = n.keywords.vars
    if (isDict(v)) Object.assign(out, v)
    // TaskInclude.get_vars: an `include`'s arguments are variables of what it includes.
    if (n instanceof Task && shortActionName(n.action) === 'include') Object.assign(out, n.args)
  }
  delete out.tags
  delete out.when
  return out
}

/**
 * Vars of the includes above a task (precedence level 21, include params): the dynamic
 * ones' and the deprecated `include`'s even when it was static (Task.get_include_params
 * counts every action of _ACTION_ALL_INCLUDES).
 */
export function includeParams(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const n of chainOf(node).reverse()) {
    const include = isDynamicInclude(n) || (n instanceof Task && shortActionName(n.action) === 'include')
    if (include && isDict((n as Task).keywords.vars)) {
      Object.assign(out, n.keywords.vars)
    }
  }
  return out
}

/** `environment` dicts that apply, outermost first (later ones override). */
export function inheritedEnvironment(node: Node): unknown[] {
  const out: unknown[] = []
  for (const n of attributeChain(node)) {
    const e = n.keywords.environment
    if (e === undefined || e === null) continue
    if (Array.isArray(e)) out.unshift(...e)
    else out.unshift(e)
  }
  return out
}
