/**
 * Ansible's own filters (Jinja2's builtins are the template engine's: src/template/builtins):
 * ansible-core 2.14's core, mathstuff, urls and urlsplit filters under their short and
 * `ansible.builtin.` names, plus the collection filters kolla uses (random_mac, json_query,
 * ipaddr & co) under their collection names and the ansible.builtin names runtime.yml
 * routes to them.
 *
 * core.ts      bool, ternary, combine, dict2items, json/yaml, regex_*, paths, hashes...
 * text.ts      to_uuid, quote, hash, comment, b64decode, urlsplit, urldecode helpers
 * mathstuff.ts set theory, log/pow/root, human_*, itertools
 * crypt.ts     password_hash (passlib's sha512/sha256/md5 crypt)
 * vault.ts     vault, unvault (encryption.py)
 * collections.ts / ipaddr.ts   random_mac, json_query, ipaddr/ipv4/ipv6/ipwrap/ipsubnet...
 * Python's json, YAML emitters, re, random, posixpath and strftime, which these filters
 * stand on, are in src/py.
 */
import { markReadOnly, type FilterFn } from '../../src/plugin-kit.js'
import { coreFilters } from './core.js'
import { mathFilters } from './mathstuff.js'
import { collectionFilters } from './collections.js'
import { vaultFilters } from './vault.js'

function withFqcn(filters: Record<string, FilterFn>, ...prefixes: string[]): Record<string, FilterFn> {
  const out: Record<string, FilterFn> = {}
  for (const [name, fn] of Object.entries(filters)) {
    out[name] = fn
    for (const p of prefixes) out[`${p}.${name}`] = fn
  }
  return out
}

export const ansibleFilters: Record<string, FilterFn> = {
  ...withFqcn({ ...coreFilters, ...mathFilters, ...vaultFilters }, 'ansible.builtin'),
  ...collectionFilters,
}

// None of these changes its arguments (templates using only read-only plugins share variables, see traits.ts).
markReadOnly(Object.values(ansibleFilters))

