/** Run-wide magic variables (VariableManager._get_magic_variables and add_tqm_variables). */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Config } from '../config/load-config.js'
import { EngineError } from '../errors/errors.js'
import type { RunOptions } from '../executor/run-context.js'
import { inheritedKeyword } from '../playbook/inherited.js'
import type { Task } from '../playbook/model.js'

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
