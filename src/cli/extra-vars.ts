/**
 * `-e` values (ansible.utils.vars.load_extra_vars): `@file` loads YAML/JSON from a file,
 * `{...}`/`[...]` is YAML, anything else is `k=v` pairs whose values stay strings. Later
 * values win (combine_vars, so hash_behaviour applies).
 */
import { resolve } from 'node:path'
import { OptionsError, ParseError } from '../errors/errors.js'
import { parseKv } from '../playbook/parse-args.js'
import { isDict } from '../py/values.js'
import { combineVars } from '../vars/chain-source.js'
import { loadYaml, YamlSyntaxError } from '../yaml/load.js'
import { NO_SECRETS, type Vault } from '../vault/vault.js'
import { TsibleError } from '../errors/tsible-error.js'

/** `vault` decrypts `@file`s that are vault-encrypted and the `!vault` values in them. */
export function loadExtraVars(values: readonly string[], merge: boolean, cwd = process.cwd(), vault: Vault = NO_SECRETS): Record<string, unknown> {
  let out: Record<string, unknown> = {}
  for (const raw of values) {
    const opt = raw.trim()
    let data: unknown
    if (opt.startsWith('@')) {
      const file = resolve(cwd, opt.slice(1))
      let read: { text: string; encrypted: boolean }
      try {
        read = vault.readText(file)
      } catch (e) {
        if (e instanceof TsibleError) throw e
        throw new ParseError(`Unable to retrieve file contents\nCould not find or access '${file}' on the Ansible Controller.`)
      }
      data = parseYaml(read.text, file, vault)
      if (read.encrypted) vault.registerData(data)
    } else if (opt.startsWith('/') || opt.startsWith('.')) {
      throw new OptionsError(`Please prepend extra_vars filename '${opt}' with '@'`)
    } else if (opt.startsWith('{') || opt.startsWith('[')) {
      data = parseYaml(opt, '<string>', vault)
    } else if (opt) {
      data = parseKv(opt)
    }
    if (data === null || data === undefined) continue
    if (!isDict(data)) throw new OptionsError(`Invalid extra vars data supplied. '${raw}' could not be made into a dictionary`)
    out = combineVars(out, data, merge)
  }
  return out
}

function parseYaml(text: string, file: string, vault: Vault): unknown {
  try {
    return loadYaml(text, file, { vault })
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ParseError(e.message, e.location, { cause: e })
    throw e
  }
}
