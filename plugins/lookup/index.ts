/** ansible-core 2.14's lookups under their short and `ansible.builtin.` names. */
import { defineLookups, type LookupFn } from '../../src/plugin-api/types.js'

export const lookups: Record<string, LookupFn> = {}

export default defineLookups(lookups)
