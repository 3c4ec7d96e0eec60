/**
 * The `ansible_delegated_vars` variable of a task that has `delegate_to`
 * (VariableManager.get_vars with include_delegate_to): a dict from the delegated host's
 * name to that host's variables, where `inventory_hostname` stays the task's own host.
 * The name is templated with the task's variables when first read, undefined names left
 * as written (fail_on_undefined=False). The host's variables are those `hostvars` gives
 * it (inventory, facts, set_fact, extra vars, magic), also for a host outside the
 * inventory; Ansible's also hold the play's and the task's, which the task sees anyway.
 */
import { LAZY_MAPPING, type LazyMapping } from '../py/lazy-mapping.js'
import type { Templar, TemplateScope } from '../template/types.js'

export function withDelegatedVars(templar: Templar, scope: TemplateScope, delegateTo: unknown, hostScope: (name: string) => TemplateScope): TemplateScope {
  if (delegateTo === undefined || delegateTo === null) return scope
  let name: string | undefined
  let vars: LazyMapping | undefined
  const hostName = (): string => (name ??= String(templar.template(delegateTo, scope, { failOnUndefined: false })))
  const hostVars = (): LazyMapping => (vars ??= scopeMapping(hostScope(hostName()).child({ inventory_hostname: scope.lookup('inventory_hostname') })))
  const mapping: LazyMapping = {
    [LAZY_MAPPING]: true,
    get: (key) => (key === hostName() ? hostVars() : undefined),
    has: (key) => key === hostName(),
    keys: () => [hostName()],
  }
  return scope.child({ ansible_delegated_vars: mapping })
}

function scopeMapping(scope: TemplateScope): LazyMapping {
  return { [LAZY_MAPPING]: true, get: (k) => scope.lookup(k), has: (k) => scope.has(k), keys: () => [...scope.keys()] }
}
