/**
 * A task's loop items (TaskExecutor._get_loop_items): `loop:` is templated and must give
 * a list; `with_<lookup>:` templates its terms (listify_lookup_plugin_terms) and calls the
 * lookup. `with_first_found` tolerates undefined terms and drops them.
 */
import { EngineError } from '../errors/errors.js'
import { isDict, isList, pyStr } from '../py/values.js'
import { isLazyMapping } from '../py/lazy-mapping.js'
import type { Templar, TemplateScope } from '../template/types.js'
import { markUnsafe } from '../template/unsafe.js'
import type { HostTask } from './host-task.js'

/** The items of the task's loop on its host; undefined when the task has no loop. */
export function loopItems(on: HostTask): unknown[] | undefined {
  const { loop, loopWith: lookupName } = on.keywords
  if (loop === undefined) return undefined
  const { scope, task } = on
  const { templar, lookups } = on.run
  if (lookupName === undefined) {
    const items = templar.template(loop, scope)
    if (!isList(items)) {
      throw new EngineError(
        `Invalid data passed to 'loop', it requires a list, got this instead: ${pyStr(items)}. ` +
          'Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.',
      )
    }
    return items
  }
  const lookup = lookups[lookupName]
  if (!lookup) throw new EngineError(`Unexpected failure in finding the lookup named '${lookupName}' in the available lookup plugins`)
  const tolerant = lookupName === 'first_found'
  let terms = listifyTerms(loop, scope, templar, !tolerant)
  if (!Array.isArray(terms)) {
    // A dict stays a dict (it is iterable): list-only lookups refuse it, items iterates its keys.
    if (lookupName === 'list' || lookupName === 'indexed_items') throw new EngineError(`with_${lookupName} expects a list`)
    terms = lookupName === 'items' ? Object.keys(terms) : [terms]
  }
  if (tolerant) terms = terms.filter((t) => !templar.isTemplate(t))
  // A lookup's items are data, never templated again (wrap_var).
  return lookup(terms, {}, withLookupSubdir(scope, task.action)).map(markUnsafe)
}

/**
 * The lookup's file subdirectory, as TaskExecutor sets `_subdir`: the first of template,
 * var, file found in the action's name, plus an s (`with_first_found` on a template task
 * searches `templates/`). Lookups ask for 'files'; this context answers from the subdir.
 */
function withLookupSubdir(scope: TemplateScope, action: string): TemplateScope {
  const kind = ['template', 'var', 'file'].find((k) => action.includes(k)) ?? 'file'
  const subdir = `${kind}s`
  if (subdir === 'files') return scope
  return Object.create(scope, {
    findFile: { value: (name: string, sub: string) => scope.findFile(name, sub === 'files' ? subdir : sub) },
  }) as TemplateScope
}

/** listify_lookup_plugin_terms: template the terms; anything not iterable (or a string) becomes a one-item list, a dict stays. */
function listifyTerms(terms: unknown, scope: TemplateScope, templar: Templar, failOnUndefined: boolean): unknown[] | Record<string, unknown> {
  const value = typeof terms === 'string' ? terms.trim() : terms
  const templated = templar.template(value, scope, { failOnUndefined })
  if (isDict(templated) && !isLazyMapping(templated)) return templated
  if (typeof templated === 'string' || !Array.isArray(templated)) return [templated]
  return templated
}
