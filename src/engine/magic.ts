/** Run-wide magic variables (VariableManager._get_magic_variables and add_tqm_variables). */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Config } from '../config/load-config.js'
import type { RunOptions } from '../executor/run-context.js'
import { inheritedKeyword } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'

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
    // load_options_vars: ansible_limit only with --limit; -i sources made absolute unless host lists.
    ...(limit === undefined ? {} : { ansible_limit: limit }),
    ansible_inventory_sources: inventorySources.map((s) => (s.includes(',') ? s : resolve(s))),
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

/**
 * PlayContext.update_vars: the connection settings of a task as variables (only where no
 * variable of that name exists; the variable layer sits under all others). Become settings
 * are left out, as Ansible leaves them.
 */
export function connectionMagicVars(config: Config, options: RunOptions, host: string, task: Task): Record<string, unknown> {
  const pick = (k: string) => {
    const v = inheritedKeyword(task, k)
    return v === undefined || v === null ? undefined : v
  }
  let connection = pick('connection') ?? options.connection ?? config.get<string>('DEFAULT_TRANSPORT')
  if (connection === 'smart') connection = 'ssh'
  const out: Record<string, unknown> = {
    ansible_connection: connection,
    ansible_module_compression: 'ZIP_DEFLATED',
    ansible_shell_executable: '/bin/sh',
    ansible_ssh_host: host,
    ansible_host: host,
    ansible_ssh_pipelining: config.get<boolean>('ANSIBLE_PIPELINING'),
    ansible_pipelining: config.get<boolean>('ANSIBLE_PIPELINING'),
    ansible_ssh_timeout: options.timeout ?? config.get<number>('DEFAULT_TIMEOUT'),
    ansible_timeout: options.timeout ?? config.get<number>('DEFAULT_TIMEOUT'),
  }
  const user = pick('remote_user') ?? options.remoteUser ?? config.get<string | null>('DEFAULT_REMOTE_USER')
  if (user !== undefined && user !== null) Object.assign(out, { ansible_ssh_user: user, ansible_user: user })
  const port = pick('port') ?? config.get<number | null>('DEFAULT_REMOTE_PORT')
  if (port !== undefined && port !== null) Object.assign(out, { ansible_ssh_port: port, ansible_port: port })
  const key = options.privateKeyFile ?? config.get<string | null>('DEFAULT_PRIVATE_KEY_FILE')
  if (key) Object.assign(out, { ansible_ssh_private_key_file: key, ansible_private_key_file: key })
  return out
}
