/** Run-wide magic variables (VariableManager._get_magic_variables and add_tqm_variables). */
import { existsSync } from 'node:fs'
import type { Config } from '../config/load-config.js'
import type { RunOptions } from '../executor/run-context.js'

/** The ansible-core version tsible reproduces; kolla's prechecks compare against it. */
const ANSIBLE_VERSION = { string: '2.14.18', full: '2.14.18', major: 2, minor: 14, revision: 18 }

export function runMagicVars(
  config: Config,
  options: RunOptions,
  omit: string,
  inventorySources: string[],
  limit: string | undefined,
): Record<string, unknown> {
  return {
    ansible_version: ANSIBLE_VERSION,
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
