/**
 * Resolves a callback's options from its option table (CallbackDefinition.options) the
 * way Ansible's config manager does for plugin options: the default, overridden by
 * ansible.cfg, overridden by the environment; values converted to the option's type.
 */
import type { CallbackOptionSpec } from '../plugin-api/callback.js'
import { boolean } from '../py/boolean.js'

export interface OptionSources {
  env: Record<string, string | undefined>
  /** A value from ansible.cfg, e.g. `ini('defaults', 'display_skipped_hosts')`. */
  ini?: (section: string, key: string) => string | undefined
}

export function resolveCallbackOptions<O>(specs: { [K in keyof O]: CallbackOptionSpec }, sources: OptionSources): O {
  const out: Record<string, unknown> = {}
  for (const [name, spec] of Object.entries(specs) as [string, CallbackOptionSpec][]) {
    let raw: string | undefined
    for (const [section, key] of spec.ini ?? []) raw = sources.ini?.(section, key) ?? raw
    for (const e of spec.env ?? []) if (sources.env[e] !== undefined) raw = sources.env[e]
    out[name] = raw === undefined ? spec.default : convert(name, raw, spec)
  }
  return out as O
}

function convert(name: string, raw: string, spec: CallbackOptionSpec): unknown {
  if (spec.type === 'bool') return boolean(raw, false)
  if (spec.type === 'int') {
    const n = Number(raw.trim())
    if (!Number.isInteger(n)) throw new RangeError(`Invalid type for configuration option ${name}: '${raw}' is not an integer`)
    return n
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    throw new RangeError(`Invalid value "${raw}" for configuration option "${name}", valid values are: ${spec.choices.join(', ')}`)
  }
  return raw
}
