/**
 * The data side of kolla's `merge_yaml` (ansible/action_plugins/merge_yaml.py): each
 * source is YAML-loaded (a null or other falsy document counts as `{}`) and deep-merged
 * into the result in order (`Utils.update_nested_conf`), then dumped with PyYAML's
 * `yaml.dump(..., default_flow_style=False, width=yaml_width)`.
 */
import { isDict, pyRepr, pyStr, pyTruthy, pyTypeName } from '../../src/plugin-kit.js'

/** Ansible's `AnsibleModuleError`, which the action raises for a list/non-list clash. */
export class MergeYamlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AnsibleModuleError'
  }
}

/**
 * Merges `update` into `conf` in place and returns `conf`, as kolla does: dicts recurse
 * (into `conf[k]`, or a new dict), lists are extended when `extendLists` is set and the
 * key already holds a list, anything else replaces.
 */
export function updateNestedConf(conf: unknown, update: unknown, extendLists = false): Record<string, unknown> {
  if (!isDict(update)) throw new TypeError(`'${pyTypeName(update)}' object has no attribute 'items'`)
  for (const [k, v] of Object.entries(update)) {
    if (isDict(v)) {
      if (!isDict(conf)) throw new TypeError(`'${pyTypeName(conf)}' object has no attribute 'get'`)
      const has = Object.prototype.hasOwnProperty.call(conf, k)
      conf[k] = updateNestedConf(has ? conf[k] : {}, v, extendLists)
      continue
    }
    if (!isDict(conf)) {
      // Python's `k in conf` / `conf[k] = v` on what is not a dict.
      if (typeof conf === 'string') throw new TypeError(`'str' object does not support item assignment`)
      if (Array.isArray(conf)) throw new TypeError('list indices must be integers or slices, not str')
      throw new TypeError(`argument of type '${pyTypeName(conf)}' is not iterable`)
    }
    const has = Object.prototype.hasOwnProperty.call(conf, k)
    if (has && Array.isArray(conf[k]) && extendLists) {
      if (!Array.isArray(v)) {
        throw new MergeYamlError(
          `Failure merging key \`${k}\` in dictionary \`${pyRepr(conf)}\`. Expecting a list, but received: \`${pyStr(v)}\`, which is of type: \`<class '${pyTypeName(v)}'>\``,
        )
      }
      ;(conf[k] as unknown[]).push(...v)
    } else {
      conf[k] = v
    }
  }
  return conf as Record<string, unknown>
}

/** A loaded source as `read_config` returns it: falsy documents become `{}`. */
export function sourceDocument(loaded: unknown): unknown {
  return pyTruthy(loaded) ? loaded : {}
}
