/**
 * A host's connection settings from its variables (ansible_connection, ansible_host,
 * ansible_port, ansible_user, ...), falling back to the command line and ansible.cfg.
 */
import { isUndefined } from '../py/undefined.js'
import type { TemplateScope } from '../template/types.js'
import type { ConnectionVars, RunContext } from './run-context.js'
import { boolean } from '../py/boolean.js'

const IMPLICIT_LOCALHOST = new Set(['localhost', '127.0.0.1', '::1'])

export function connectionVarsOf(run: RunContext, host: string, scope: TemplateScope): ConnectionVars {
  const get = (...names: string[]): unknown => {
    for (const n of names) {
      if (!scope.has(n)) continue
      const v = scope.lookup(n)
      if (!isUndefined(v) && v !== null) return v
    }
    return undefined
  }
  const opt = <T>(v: unknown): T | undefined => (v === undefined ? undefined : (v as T))
  // The implicit localhost (not in the inventory, e.g. delegate_to: localhost) is local.
  const implicitLocal = !run.inventory.hasHost(host) && IMPLICIT_LOCALHOST.has(host)
  let connection = String(get('ansible_connection') ?? (implicitLocal ? 'local' : undefined) ?? run.options.connection ?? run.config.get('DEFAULT_TRANSPORT') ?? 'smart')
  if (connection === 'smart') connection = 'ssh'
  const port = get('ansible_port', 'ansible_ssh_port') ?? run.config.get('DEFAULT_REMOTE_PORT')
  return {
    connection,
    host: String(get('ansible_host', 'ansible_ssh_host') ?? host),
    port: port === undefined || port === null ? undefined : Number(port),
    user: opt<string>(get('ansible_user', 'ansible_ssh_user') ?? run.options.remoteUser ?? run.config.get('DEFAULT_REMOTE_USER') ?? undefined),
    password: opt<string>(get('ansible_password', 'ansible_ssh_pass') ?? run.options.connectionPassword),
    privateKeyFile: opt<string>(
      get('ansible_ssh_private_key_file', 'ansible_private_key_file') ?? run.options.privateKeyFile ?? run.config.get('DEFAULT_PRIVATE_KEY_FILE') ?? undefined,
    ),
    sshCommonArgs: opt<string>(get('ansible_ssh_common_args') ?? (run.config.get<string>('ANSIBLE_SSH_COMMON_ARGS') || undefined)),
    sshExtraArgs: opt<string>(get('ansible_ssh_extra_args') ?? (run.config.get<string>('ANSIBLE_SSH_EXTRA_ARGS') || undefined)),
    hostKeyChecking: hostKeyChecking(get('ansible_host_key_checking', 'ansible_ssh_host_key_checking')),
    timeout: Number(get('ansible_timeout') ?? run.options.timeout ?? run.config.get('DEFAULT_TIMEOUT')),
  }
}

function hostKeyChecking(v: unknown): boolean | undefined {
  if (v === undefined) return undefined
  return boolean(v, false)
}
