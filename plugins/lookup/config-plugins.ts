/** The options of the connection, shell and become plugins tsible has, for the config lookup. */
import { type SettingDefinition } from '../../src/plugin-kit.js'

export type PluginOption = SettingDefinition & { vars?: string[] }

const d = 'defaults'
const ssh = 'ssh_connection'
const pe = 'privilege_escalation'

const sshOptions: Record<string, PluginOption> = {
  host: { type: 'string', default: 'inventory_hostname', vars: ['inventory_hostname', 'ansible_host', 'ansible_ssh_host'] },
  host_key_checking: { type: 'boolean', default: true, vars: ['ansible_host_key_checking', 'ansible_ssh_host_key_checking'], env: ['ANSIBLE_HOST_KEY_CHECKING', 'ANSIBLE_SSH_HOST_KEY_CHECKING'], ini: [[d, 'host_key_checking'], [ssh, 'host_key_checking']] },
  password: { type: 'string', default: null, vars: ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'] },
  sshpass_prompt: { type: 'string', default: '', vars: ['ansible_sshpass_prompt'], env: ['ANSIBLE_SSHPASS_PROMPT'], ini: [[ssh, 'sshpass_prompt']] },
  ssh_args: { type: 'string', default: '-C -o ControlMaster=auto -o ControlPersist=60s', vars: ['ansible_ssh_args'], env: ['ANSIBLE_SSH_ARGS'], ini: [[ssh, 'ssh_args']] },
  ssh_common_args: { type: 'string', default: '', vars: ['ansible_ssh_common_args'], env: ['ANSIBLE_SSH_COMMON_ARGS'], ini: [[ssh, 'ssh_common_args']] },
  ssh_executable: { type: 'string', default: 'ssh', vars: ['ansible_ssh_executable'], env: ['ANSIBLE_SSH_EXECUTABLE'], ini: [[ssh, 'ssh_executable']] },
  sftp_executable: { type: 'string', default: 'sftp', vars: ['ansible_sftp_executable'], env: ['ANSIBLE_SFTP_EXECUTABLE'], ini: [[ssh, 'sftp_executable']] },
  scp_executable: { type: 'string', default: 'scp', vars: ['ansible_scp_executable'], env: ['ANSIBLE_SCP_EXECUTABLE'], ini: [[ssh, 'scp_executable']] },
  scp_extra_args: { type: 'string', default: '', vars: ['ansible_scp_extra_args'], env: ['ANSIBLE_SCP_EXTRA_ARGS'], ini: [[ssh, 'scp_extra_args']] },
  sftp_extra_args: { type: 'string', default: '', vars: ['ansible_sftp_extra_args'], env: ['ANSIBLE_SFTP_EXTRA_ARGS'], ini: [[ssh, 'sftp_extra_args']] },
  ssh_extra_args: { type: 'string', default: '', vars: ['ansible_ssh_extra_args'], env: ['ANSIBLE_SSH_EXTRA_ARGS'], ini: [[ssh, 'ssh_extra_args']] },
  reconnection_retries: { type: 'integer', default: 0, vars: ['ansible_ssh_retries'], env: ['ANSIBLE_SSH_RETRIES'], ini: [['connection', 'retries'], [ssh, 'retries']] },
  port: { type: 'integer', default: null, vars: ['ansible_port', 'ansible_ssh_port'], env: ['ANSIBLE_REMOTE_PORT'], ini: [[d, 'remote_port']] },
  remote_user: { type: 'string', default: null, vars: ['ansible_user', 'ansible_ssh_user'], env: ['ANSIBLE_REMOTE_USER'], ini: [[d, 'remote_user']] },
  pipelining: { type: 'boolean', default: false, vars: ['ansible_pipelining', 'ansible_ssh_pipelining'], env: ['ANSIBLE_PIPELINING', 'ANSIBLE_SSH_PIPELINING'], ini: [[d, 'pipelining'], ['connection', 'pipelining'], [ssh, 'pipelining']] },
  private_key_file: { type: 'string', default: null, vars: ['ansible_private_key_file', 'ansible_ssh_private_key_file'], env: ['ANSIBLE_PRIVATE_KEY_FILE'], ini: [[d, 'private_key_file']] },
  control_path: { type: 'string', default: null, vars: ['ansible_control_path'], env: ['ANSIBLE_SSH_CONTROL_PATH'], ini: [[ssh, 'control_path']] },
  control_path_dir: { type: 'string', default: '~/.ansible/cp', vars: ['ansible_control_path_dir'], env: ['ANSIBLE_SSH_CONTROL_PATH_DIR'], ini: [[ssh, 'control_path_dir']] },
  sftp_batch_mode: { type: 'boolean', default: true, vars: ['ansible_sftp_batch_mode'], env: ['ANSIBLE_SFTP_BATCH_MODE'], ini: [[ssh, 'sftp_batch_mode']] },
  ssh_transfer_method: { type: 'string', default: null, vars: ['ansible_ssh_transfer_method'], env: ['ANSIBLE_SSH_TRANSFER_METHOD'], ini: [[ssh, 'transfer_method']] },
  scp_if_ssh: { type: 'string', default: 'smart', vars: ['ansible_scp_if_ssh'], env: ['ANSIBLE_SCP_IF_SSH'], ini: [[ssh, 'scp_if_ssh']] },
  use_tty: { type: 'boolean', default: true, vars: ['ansible_ssh_use_tty'], env: ['ANSIBLE_SSH_USETTY'], ini: [[ssh, 'usetty']] },
  timeout: { type: 'integer', default: 10, vars: ['ansible_ssh_timeout'], env: ['ANSIBLE_TIMEOUT', 'ANSIBLE_SSH_TIMEOUT'], ini: [[d, 'timeout'], [ssh, 'timeout']] },
  pkcs11_provider: { type: 'string', default: '', vars: ['ansible_ssh_pkcs11_provider'], env: ['ANSIBLE_PKCS11_PROVIDER'], ini: [[ssh, 'pkcs11_provider']] },
}

function become(method: string, exe: string, flags: string): Record<string, PluginOption> {
  const plugin = `${method}_become_plugin`
  const up = method.toUpperCase()
  return {
    become_user: { type: 'string', default: 'root', vars: ['ansible_become_user', `ansible_${method}_user`], env: ['ANSIBLE_BECOME_USER', `ANSIBLE_${up}_USER`], ini: [[pe, 'become_user'], [plugin, 'user']] },
    become_exe: { type: 'string', default: exe, vars: ['ansible_become_exe', `ansible_${method}_exe`], env: ['ANSIBLE_BECOME_EXE', `ANSIBLE_${up}_EXE`], ini: [[pe, 'become_exe'], [plugin, 'executable']] },
    become_flags: { type: 'string', default: flags, vars: ['ansible_become_flags', `ansible_${method}_flags`], env: ['ANSIBLE_BECOME_FLAGS', `ANSIBLE_${up}_FLAGS`], ini: [[pe, 'become_flags'], [plugin, 'flags']] },
    become_pass: { type: 'string', default: null, vars: ['ansible_become_password', 'ansible_become_pass', `ansible_${method}_pass`], env: ['ANSIBLE_BECOME_PASS', `ANSIBLE_${up}_PASS`], ini: [[plugin, 'password']] },
  }
}

export const PLUGIN_OPTIONS: Record<string, Record<string, Record<string, PluginOption>>> = {
  connection: {
    ssh: sshOptions,
    local: { pipelining: { type: 'boolean', default: false, vars: ['ansible_pipelining'], env: ['ANSIBLE_PIPELINING'], ini: [[d, 'pipelining'], ['connection', 'pipelining']] } },
  },
  shell: {
    sh: {
      remote_tmp: { type: 'string', default: '~/.ansible/tmp', vars: ['ansible_remote_tmp'], env: ['ANSIBLE_REMOTE_TEMP', 'ANSIBLE_REMOTE_TMP'], ini: [[d, 'remote_tmp']] },
      common_remote_group: { type: 'string', default: null, vars: ['ansible_common_remote_group'], env: ['ANSIBLE_COMMON_REMOTE_GROUP'], ini: [[d, 'common_remote_group']] },
      system_tmpdirs: { type: 'list', default: ['/var/tmp', '/tmp'], vars: ['ansible_system_tmpdirs'], env: ['ANSIBLE_SYSTEM_TMPDIRS'], ini: [[d, 'system_tmpdirs']] },
      async_dir: { type: 'string', default: '~/.ansible_async', vars: ['ansible_async_dir'], env: ['ANSIBLE_ASYNC_DIR'], ini: [[d, 'async_dir']] },
      admin_users: { type: 'list', default: ['root', 'toor'], vars: ['ansible_admin_users'], env: ['ANSIBLE_ADMIN_USERS'], ini: [[d, 'admin_users']] },
      world_readable_temp: { type: 'boolean', default: false, vars: ['ansible_shell_allow_world_readable_temp'], env: ['ANSIBLE_SHELL_ALLOW_WORLD_READABLE_TEMP'], ini: [[d, 'allow_world_readable_tmpfiles']] },
    },
  },
  become: { sudo: become('sudo', 'sudo', '-H -S -n'), su: become('su', 'su', '') },
}
