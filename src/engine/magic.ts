/** Run-wide magic variables (VariableManager._get_magic_variables and add_tqm_variables). */
import { existsSync } from 'node:fs'
import type { Config } from '../config/load-config.js'
import { EngineError } from '../errors/errors.js'
import type { RunOptions } from '../executor/run-context.js'

/** The ansible-core version whose behaviour tsible reproduces. */
const COMPATIBLE_VERSION = '2.14.18'

/**
 * `ansible_version` as CLI.version_info builds it: the version tsible is compatible with,
 * or the one a site declares (`[tsible] ansible_version`, TSIBLE_ANSIBLE_VERSION) for a
 * tree whose prechecks expect another ansible-core; only the variable changes.
 */
export function ansibleVersion(declared: string | null | undefined): Record<string, unknown> {
  const text = declared?.trim() || COMPATIBLE_VERSION
  if (!/^\d+\.\d+(\.\d+)?([.+-]?[0-9A-Za-z.+-]*)?$/.test(text)) {
    throw new EngineError(`Invalid ansible_version '${text}' in the [tsible] ansible_version setting (TSIBLE_ANSIBLE_VERSION): expected MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 2.19.0`)
  }
  const full = text.split(/\s+/)[0]
  const parts: (number | string)[] = full.split('.').map((p) => (p === '' ? 0 : /^\d+$/.test(p) ? Number(p) : p))
  while (parts.length < 3) parts.push(0)
  return { string: text, full, major: parts[0], minor: parts[1], revision: parts[2] }
}

export function runMagicVars(
  config: Config,
  options: RunOptions,
  omit: string,
  inventorySources: string[],
  limit: string | undefined,
): Record<string, unknown> {
  return {
    ansible_version: ansibleVersion(config.get<string | null>('TSIBLE_ANSIBLE_VERSION')),
    ansible_check_mode: options.check,
    ansible_diff_mode: options.diff,
    ansible_forks: options.forks,
    ansible_verbosity: options.verbosity,
    ansible_run_tags: options.tags.length ? options.tags : ['all'],
    ansible_skip_tags: options.skipTags,
    ansible_limit: limit,
    ansible_inventory_sources: inventorySources,
    ansible_config_file: config.file,
    ansible_playbook_python: playbookPython(),
    omit,
  }
}

/** The Python a controller-side `command: "{{ ansible_playbook_python }} script.py"` can use. */
function playbookPython(): string {
  for (const p of ['/usr/bin/python3', '/usr/local/bin/python3', '/usr/bin/python']) if (existsSync(p)) return p
  return 'python3'
}
