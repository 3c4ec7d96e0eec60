/**
 * Collection filters kolla reaches by short name in Ansible 2.14 (routed by
 * ansible.builtin's runtime.yml): community.general's random_mac and json_query,
 * ansible.utils'/ansible.netcommon's ipaddr family.
 */
import {
  bindArgs,
  defined,
  impure,
  isDict,
  isLazyMapping,
  isUndefined,
  PyFloat,
  PyRandom,
  pyStr,
  type FilterFn,
  type Kwargs,
} from '../../src/plugin-kit.js'
import { AnsibleFilterError, pyClassRepr } from './errors.js'
import { ipFilters } from './ipaddr.js'
import { createRequire } from 'node:module'

let jmespathModule: typeof import('jmespath') | undefined

/** jmespath, loaded on the first json_query (most runs never call it). */
function jmespath(): typeof import('jmespath') {
  return (jmespathModule ??= createRequire(import.meta.url)('jmespath') as typeof import('jmespath'))
}

/** Plain JSON-like data for jmespath (lazy mappings read out, integral floats as numbers). */
function plain(v: unknown): unknown {
  if (isUndefined(v)) return defined(v)
  if (v instanceof PyFloat) return v.value
  if (Array.isArray(v)) return v.map(plain)
  if (isLazyMapping(v)) return Object.fromEntries(v.keys().map((k) => [k, plain(v.get(k))]))
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
  return v
}

function jsonQuery(data: unknown, expr: unknown): unknown {
  try {
    const r = jmespath().search(plain(defined(data)), pyStr(defined(expr)))
    return r === undefined ? null : r
  } catch (e) {
    const name = (e as Error).name
    if (/Error$/.test(name) && name !== 'TypeError' && name !== 'RangeError') throw new AnsibleFilterError(`JMESPathError in json_query filter plugin:\n${(e as Error).message}`)
    throw new AnsibleFilterError(`Error in jmespath.search in json_query filter plugin:\n${(e as Error).message}`)
  }
}

function randomMac(value: unknown, seed: unknown): string {
  value = defined(value)
  if (typeof value !== 'string') throw new AnsibleFilterError(`Invalid value type (${pyClassRepr(value)}) for random_mac (${pyStr(value)})`)
  const v = value.toLowerCase()
  const items = v.split(':')
  if (items.length > 5) throw new AnsibleFilterError(`Invalid value (${v}) for random_mac: 5 colon(:) separated items max`)
  let err = ''
  for (const mac of items) {
    if (!mac) {
      err += ',empty item'
      continue
    }
    if (!/^[a-f0-9]{2}/.test(mac)) err += `,${mac} not hexa byte`
  }
  err = err.replace(/^,+|,+$/g, '')
  if (err) throw new AnsibleFilterError(`Invalid value (${v}) for random_mac: ${err}`)
  const r = new PyRandom(seed === null ? Math.floor(Math.random() * 2 ** 52) : seed)
  const n = r.randint(68719476736, 1099511627775)
  const rnd = n.toString(16).slice(0, 2 * (6 - items.length))
  return v + rnd.replace(/(..)/g, ':$1')
}

const general: Record<string, FilterFn> = {
  random_mac: impure((input: unknown, args: unknown[], kwargs: Kwargs) => randomMac(input, bindArgs('random_mac', args, kwargs, ['seed'], { seed: null }).seed)),
  json_query: (input, args, kwargs) => jsonQuery(input, bindArgs('json_query', args, kwargs, ['expr']).expr),
}

function named(filters: Record<string, FilterFn>, ...prefixes: string[]): Record<string, FilterFn> {
  const out: Record<string, FilterFn> = {}
  for (const [name, fn] of Object.entries(filters)) {
    out[name] = fn
    for (const p of prefixes) out[`${p}.${name}`] = fn
  }
  return out
}

export const collectionFilters: Record<string, FilterFn> = {
  // ansible.builtin's runtime.yml routes these short names to the collections, so the
  // ansible.builtin.<name> spelling reaches them too.
  ...named(general, 'community.general', 'ansible.builtin'),
  ...named(ipFilters, 'ansible.utils', 'ansible.netcommon', 'ansible.builtin'),
}
