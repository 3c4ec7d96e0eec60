/**
 * Ansible's own filters (not Jinja2's builtins): ansible-core 2.14's core, mathstuff and
 * urlsplit filters under their short and `ansible.builtin.` names, plus the collection
 * filters kolla uses (random_mac, json_query, ipaddr & co) under their collection names.
 */
import { defineFilters, type FilterFn } from '../../src/plugin-api/types.js'
import { coreFilters } from './core.js'
import { mathFilters } from './mathstuff.js'
import { collectionFilters } from './collections.js'

function withFqcn(filters: Record<string, FilterFn>, ...prefixes: string[]): Record<string, FilterFn> {
  const out: Record<string, FilterFn> = {}
  for (const [name, fn] of Object.entries(filters)) {
    out[name] = fn
    for (const p of prefixes) out[`${p}.${name}`] = fn
  }
  return out
}

export const ansibleFilters: Record<string, FilterFn> = {
  ...withFqcn({ ...coreFilters, ...mathFilters }, 'ansible.builtin'),
  ...collectionFilters,
}

export default defineFilters(ansibleFilters)
