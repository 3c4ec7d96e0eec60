/**
 * `-e` values (ansible.utils.vars.load_extra_vars): `@file` loads YAML/JSON from a file,
 * `{...}`/`[...]` is YAML, anything else is `k=v` pairs whose values stay strings. Later
 * values win (combine_vars, so hash_behaviour applies).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { OptionsError, ParseError } from '../errors/errors.js'
import { parseKv } from '../playbook/parse-args.js'
import { isDict } from '../py/values.js'
import { combineVars } from '../vars/chain-source.js'
import { loadYaml, YamlSyntaxError } from '../yaml/load.js'

export function loadExtraVars(values: readonly string[], merge: boolean, cwd = process.cwd()): Record<string, unknown> {
  let out: Record<string, unknown> = {}
  for (const raw of values) {
    const opt = raw.trim()
    let data: unknown
    if (opt.startsWith('@')) {
      const file = resolve(cwd, opt.slice(1))
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch {
        throw new ParseError(`Unable to retrieve file contents\nCould not find or access '${file}' on the Ansible Controller.`)
      }
      data = parseYaml(text, file)
    } else if (opt.startsWith('/') || opt.startsWith('.')) {
      throw new OptionsError(`Please prepend extra_vars filename '${opt}' with '@'`)
    } else if (opt.startsWith('{') || opt.startsWith('[')) {
      data = parseYaml(opt, '<string>')
    } else if (opt) {
      data = parseKv(opt)
    }
    if (data === null || data === undefined) continue
    if (!isDict(data)) throw new OptionsError(`Invalid extra vars data supplied. '${raw}' could not be made into a dictionary`)
    out = combineVars(out, data, merge)
  }
  return out
}

function parseYaml(text: string, file: string): unknown {
  try {
    return loadYaml(text, file)
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new ParseError(e.message, e.location, { cause: e })
    throw e
  }
}
