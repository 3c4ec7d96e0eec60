/**
 * The Windows modules kolla train's nova-hyperv role calls (ansible.windows win_service,
 * win_command, win_template, win_get_url): they run PowerShell on a Windows host over
 * WinRM, a connection tsible does not have. They load and check their arguments as
 * Ansible does, so a tree that holds them parses and runs wherever they are skipped; run
 * on a host, they fail saying so.
 */
import { defineModule, type ModuleDefinition } from '../src/plugin-kit.js'

function windowsModule(name: string, properties: Record<string, unknown>, required: string[], freeForm?: string): ModuleDefinition {
  return defineModule<Record<string, unknown>>({
    name,
    fqcns: [`ansible.windows.${name}`, `community.windows.${name}`],
    summary: `${name} (Windows hosts over WinRM: not supported)`,
    args: { type: 'object', properties: properties as never, required },
    freeForm,
    supports: { check: 'none' },
    async run(_args, ctx) {
      return ctx.fail(`${name} runs PowerShell on a Windows host over WinRM, which tsible does not support`)
    },
  })
}

const str = { type: 'string' }

export const winService = windowsModule(
  'win_service',
  {
    name: str, state: { type: 'string', enum: ['absent', 'paused', 'started', 'stopped', 'restarted'] },
    start_mode: { type: 'string', enum: ['auto', 'delayed', 'disabled', 'manual'] }, display_name: str, description: str,
    path: str, username: str, password: str, dependencies: { type: 'array', items: str }, dependency_action: { type: 'string', enum: ['add', 'remove', 'set'], default: 'set' },
    desktop_interact: { type: 'boolean', default: false }, force_dependent_services: { type: 'boolean', default: false },
    update_password: { type: 'string', enum: ['always', 'on_create'] }, error_control: { type: 'string', enum: ['critical', 'ignore', 'normal', 'severe'] },
    failure_actions: { type: 'array' }, failure_actions_period: { type: 'integer' }, failure_command: str, failure_reboot_msg: str,
    load_order_group: str, pre_shutdown_timeout: { type: 'integer' }, required_privileges: { type: 'array', items: str },
    service_type: { type: 'string', enum: ['user_own_process', 'user_share_process', 'win32_own_process', 'win32_share_process'] },
    sid_info: { type: 'string', enum: ['none', 'restricted', 'unrestricted'] },
  },
  ['name'],
)

export const winCommand = windowsModule(
  'win_command',
  { _raw_params: str, cmd: str, argv: { type: 'array', items: str }, chdir: str, creates: str, removes: str, stdin: str, output_encoding_override: str },
  [],
  '_raw_params',
)

export const winTemplate = windowsModule(
  'win_template',
  { src: str, dest: str, backup: { type: 'boolean', default: false }, newline_sequence: { type: 'string', default: '\r\n' }, force: { type: 'boolean', default: true }, trim_blocks: { type: 'boolean', default: true }, lstrip_blocks: { type: 'boolean', default: false }, output_encoding: str, block_start_string: str, block_end_string: str, variable_start_string: str, variable_end_string: str, comment_start_string: str, comment_end_string: str },
  ['src', 'dest'],
)

export const winGetUrl = windowsModule(
  'win_get_url',
  { url: str, dest: str, force: { type: 'boolean', default: true }, checksum: str, checksum_algorithm: str, checksum_url: str, url_username: str, url_password: str, force_basic_auth: { type: 'boolean', default: false }, headers: { type: 'object' }, validate_certs: { type: 'boolean', default: true }, timeout: { type: 'integer', default: 30 }, proxy_url: str, use_proxy: { type: 'boolean', default: true }, http_agent: str, method: str, follow_redirects: str, maximum_redirection: { type: 'integer' } },
  ['url', 'dest'],
)
