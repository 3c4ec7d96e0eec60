/** The `varnames` lookup: the names of the variables a regex finds (re.search). */
import { isLazyMapping, PyRegex, type LookupFn } from '../../src/plugin-kit.js'
import { pyClassRepr } from '../filter/errors.js'
import { AnsibleLookupError } from './errors.js'

const varnames: LookupFn = (terms, _kwargs, ctx) => {
  const vars = ctx.lookup('vars')
  if (!isLazyMapping(vars)) throw new AnsibleLookupError('No variables available to search')
  const names = vars.keys()
  const ret: string[] = []
  for (const term of terms) {
    if (typeof term !== 'string') throw new AnsibleLookupError(`Invalid setting identifier, "${String(term)}" is not a string, it is a ${pyClassRepr(term)}`)
    let re: PyRegex
    try {
      re = new PyRegex(term)
    } catch (e) {
      throw new AnsibleLookupError(`Unable to use "${term}" as a search parameter: ${(e as Error).message}`)
    }
    for (const name of names) if (re.search(name)) ret.push(name)
  }
  return ret
}

export const varnamesLookups: Record<string, LookupFn> = { varnames }
