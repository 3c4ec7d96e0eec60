/**
 * The ansible.cfg / ANSIBLE_* settings tsible honours, as data (Ansible's config/base.yml
 * in miniature). Each entry says where the value may come from and how it is typed; the
 * loader applies them in Ansible's order: default < ansible.cfg < environment < CLI.
 */

type SettingType = 'string' | 'boolean' | 'integer' | 'float' | 'list' | 'path' | 'pathlist' | 'pathspec' | 'none'

export interface SettingDefinition {
  type: SettingType
  default: unknown
  /** `[section] key` pairs, first match wins. */
  ini?: [string, string][]
  /** Environment variables, first set one wins. */
  env?: string[]
}

const d = 'defaults'

export const SETTINGS = {
  DEFAULT_FORKS: { type: 'integer', default: 5, ini: [[d, 'forks']], env: ['ANSIBLE_FORKS'] },
  DEFAULT_HOST_LIST: { type: 'pathlist', default: ['/etc/ansible/hosts'], ini: [[d, 'inventory'], [d, 'hostfile']], env: ['ANSIBLE_INVENTORY'] },
  DEFAULT_ROLES_PATH: {
    type: 'pathspec',
    default: ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'],
    ini: [[d, 'roles_path']],
    env: ['ANSIBLE_ROLES_PATH'],
  },
  DEFAULT_MODULE_PATH: {
    type: 'pathspec',
    default: ['~/.ansible/plugins/modules', '/usr/share/ansible/plugins/modules'],
    ini: [[d, 'library']],
    env: ['ANSIBLE_LIBRARY'],
  },
  DEFAULT_ACTION_PLUGIN_PATH: pluginPath('action'),
  DEFAULT_FILTER_PLUGIN_PATH: pluginPath('filter'),
  DEFAULT_TEST_PLUGIN_PATH: pluginPath('test'),
  DEFAULT_LOOKUP_PLUGIN_PATH: pluginPath('lookup'),
  DEFAULT_CALLBACK_PLUGIN_PATH: pluginPath('callback'),
  DEFAULT_STDOUT_CALLBACK: { type: 'string', default: 'default', ini: [[d, 'stdout_callback']], env: ['ANSIBLE_STDOUT_CALLBACK'] },
  CALLBACKS_ENABLED: {
    type: 'list',
    default: [],
    ini: [[d, 'callbacks_enabled'], [d, 'callback_whitelist']],
    env: ['ANSIBLE_CALLBACKS_ENABLED', 'ANSIBLE_CALLBACK_WHITELIST'],
  },
  DEFAULT_GATHERING: { type: 'string', default: 'implicit', ini: [[d, 'gathering']], env: ['ANSIBLE_GATHERING'] },
  DEFAULT_GATHER_SUBSET: { type: 'list', default: null, ini: [[d, 'gather_subset']], env: ['ANSIBLE_GATHER_SUBSET'] },
  DEFAULT_GATHER_TIMEOUT: { type: 'integer', default: null, ini: [[d, 'gather_timeout']], env: ['ANSIBLE_GATHER_TIMEOUT'] },
  /** The ansible-core version `ansible_version` reports, for trees that check it (tsible's own setting). */
  TSIBLE_ANSIBLE_VERSION: { type: 'string', default: null, ini: [['tsible', 'ansible_version']], env: ['TSIBLE_ANSIBLE_VERSION'] },
  DEFAULT_FACT_PATH: { type: 'string', default: null, ini: [[d, 'fact_path']], env: ['ANSIBLE_FACT_PATH'] },
  CACHE_PLUGIN: { type: 'string', default: 'memory', ini: [[d, 'fact_caching']], env: ['ANSIBLE_CACHE_PLUGIN'] },
  CACHE_PLUGIN_CONNECTION: { type: 'path', default: null, ini: [[d, 'fact_caching_connection']], env: ['ANSIBLE_CACHE_PLUGIN_CONNECTION'] },
  CACHE_PLUGIN_PREFIX: { type: 'string', default: '', ini: [[d, 'fact_caching_prefix']], env: ['ANSIBLE_CACHE_PLUGIN_PREFIX'] },
  CACHE_PLUGIN_TIMEOUT: { type: 'integer', default: 86400, ini: [[d, 'fact_caching_timeout']], env: ['ANSIBLE_CACHE_PLUGIN_TIMEOUT'] },
  INJECT_FACTS_AS_VARS: { type: 'boolean', default: true, ini: [[d, 'inject_facts_as_vars']], env: ['ANSIBLE_INJECT_FACT_VARS'] },
  DEFAULT_HASH_BEHAVIOUR: { type: 'string', default: 'replace', ini: [[d, 'hash_behaviour']], env: ['ANSIBLE_HASH_BEHAVIOUR'] },
  DEFAULT_PRIVATE_ROLE_VARS: { type: 'boolean', default: false, ini: [[d, 'private_role_vars']], env: ['ANSIBLE_PRIVATE_ROLE_VARS'] },
  DEFAULT_JINJA2_NATIVE: { type: 'boolean', default: false, ini: [[d, 'jinja2_native']], env: ['ANSIBLE_JINJA2_NATIVE'] },
  DEFAULT_UNDEFINED_VAR_BEHAVIOR: { type: 'boolean', default: true, ini: [[d, 'error_on_undefined_vars']], env: ['ANSIBLE_ERROR_ON_UNDEFINED_VARS'] },
  DEFAULT_MANAGED_STR: { type: 'string', default: 'Ansible managed', ini: [[d, 'ansible_managed']] },
  DEFAULT_STRATEGY: { type: 'string', default: 'linear', ini: [[d, 'strategy']], env: ['ANSIBLE_STRATEGY'] },
  ANY_ERRORS_FATAL: { type: 'boolean', default: false, ini: [[d, 'any_errors_fatal']], env: ['ANSIBLE_ANY_ERRORS_FATAL'] },
  DEFAULT_FORCE_HANDLERS: { type: 'boolean', default: false, ini: [[d, 'force_handlers']], env: ['ANSIBLE_FORCE_HANDLERS'] },
  ERROR_ON_MISSING_HANDLER: { type: 'boolean', default: true, ini: [[d, 'error_on_missing_handler']], env: ['ANSIBLE_ERROR_ON_MISSING_HANDLER'] },
  DEFAULT_TIMEOUT: { type: 'integer', default: 10, ini: [[d, 'timeout']], env: ['ANSIBLE_TIMEOUT'] },
  DEFAULT_REMOTE_USER: { type: 'string', default: null, ini: [[d, 'remote_user']], env: ['ANSIBLE_REMOTE_USER'] },
  DEFAULT_REMOTE_PORT: { type: 'integer', default: null, ini: [[d, 'remote_port']], env: ['ANSIBLE_REMOTE_PORT'] },
  DEFAULT_PRIVATE_KEY_FILE: { type: 'path', default: null, ini: [[d, 'private_key_file']], env: ['ANSIBLE_PRIVATE_KEY_FILE'] },
  DEFAULT_TRANSPORT: { type: 'string', default: 'smart', ini: [[d, 'transport']], env: ['ANSIBLE_TRANSPORT'] },
  HOST_KEY_CHECKING: {
    type: 'boolean',
    default: true,
    ini: [[d, 'host_key_checking'], ['ssh_connection', 'host_key_checking']],
    env: ['ANSIBLE_HOST_KEY_CHECKING', 'ANSIBLE_SSH_HOST_KEY_CHECKING'],
  },
  ANSIBLE_PIPELINING: {
    type: 'boolean',
    default: false,
    ini: [['ssh_connection', 'pipelining'], ['connection', 'pipelining'], [d, 'pipelining']],
    env: ['ANSIBLE_PIPELINING', 'ANSIBLE_SSH_PIPELINING'],
  },
  ANSIBLE_SSH_ARGS: { type: 'string', default: '-C -o ControlMaster=auto -o ControlPersist=60s', ini: [['ssh_connection', 'ssh_args']], env: ['ANSIBLE_SSH_ARGS'] },
  ANSIBLE_SSH_COMMON_ARGS: { type: 'string', default: '', ini: [['ssh_connection', 'ssh_common_args']], env: ['ANSIBLE_SSH_COMMON_ARGS'] },
  ANSIBLE_SSH_EXTRA_ARGS: { type: 'string', default: '', ini: [['ssh_connection', 'ssh_extra_args']], env: ['ANSIBLE_SSH_EXTRA_ARGS'] },
  ANSIBLE_SSH_RETRIES: { type: 'integer', default: 0, ini: [['ssh_connection', 'retries'], ['connection', 'retries']], env: ['ANSIBLE_SSH_RETRIES'] },
  DEFAULT_BECOME: { type: 'boolean', default: false, ini: [['privilege_escalation', 'become']], env: ['ANSIBLE_BECOME'] },
  DEFAULT_BECOME_METHOD: { type: 'string', default: 'sudo', ini: [['privilege_escalation', 'become_method']], env: ['ANSIBLE_BECOME_METHOD'] },
  DEFAULT_BECOME_USER: { type: 'string', default: 'root', ini: [['privilege_escalation', 'become_user']], env: ['ANSIBLE_BECOME_USER'] },
  DEFAULT_BECOME_ASK_PASS: { type: 'boolean', default: false, ini: [['privilege_escalation', 'become_ask_pass']], env: ['ANSIBLE_BECOME_ASK_PASS'] },
  DEFAULT_BECOME_FLAGS: { type: 'string', default: '', ini: [['privilege_escalation', 'become_flags']], env: ['ANSIBLE_BECOME_FLAGS'] },
  DIFF_ALWAYS: { type: 'boolean', default: false, ini: [['diff', 'always']], env: ['ANSIBLE_DIFF_ALWAYS'] },
  /** tsible's own: vars files whose values are masked wherever values are shown (--secret-vars). */
  TSIBLE_SECRET_VARS: { type: 'pathlist', default: [], ini: [['tsible', 'secret_vars']], env: ['TSIBLE_SECRET_VARS'] },
  DIFF_CONTEXT: { type: 'integer', default: 3, ini: [['diff', 'context']], env: ['ANSIBLE_DIFF_CONTEXT'] },
  MAX_FILE_SIZE_FOR_DIFF: { type: 'integer', default: 104448, ini: [[d, 'max_diff_size']], env: ['ANSIBLE_MAX_DIFF_SIZE'] },
  RETRY_FILES_ENABLED: { type: 'boolean', default: false, ini: [[d, 'retry_files_enabled']], env: ['ANSIBLE_RETRY_FILES_ENABLED'] },
  RETRY_FILES_SAVE_PATH: { type: 'path', default: null, ini: [[d, 'retry_files_save_path']], env: ['ANSIBLE_RETRY_FILES_SAVE_PATH'] },
  ANSIBLE_NOCOLOR: { type: 'boolean', default: false, ini: [[d, 'nocolor']], env: ['ANSIBLE_NOCOLOR', 'NO_COLOR'] },
  ANSIBLE_FORCE_COLOR: { type: 'boolean', default: false, ini: [[d, 'force_color']], env: ['ANSIBLE_FORCE_COLOR'] },
  DISPLAY_SKIPPED_HOSTS: { type: 'boolean', default: true, ini: [[d, 'display_skipped_hosts']], env: ['ANSIBLE_DISPLAY_SKIPPED_HOSTS'] },
  DISPLAY_OK_HOSTS: { type: 'boolean', default: true, ini: [[d, 'display_ok_hosts']], env: ['ANSIBLE_DISPLAY_OK_HOSTS'] },
  DISPLAY_FAILED_STDERR: { type: 'boolean', default: false, ini: [[d, 'display_failed_stderr']], env: ['ANSIBLE_DISPLAY_FAILED_STDERR'] },
  CHECK_MODE_MARKERS: { type: 'boolean', default: false, ini: [[d, 'check_mode_markers']], env: ['ANSIBLE_CHECK_MODE_MARKERS'] },
  SHOW_CUSTOM_STATS: { type: 'boolean', default: false, ini: [[d, 'show_custom_stats']], env: ['ANSIBLE_SHOW_CUSTOM_STATS'] },
  DEFAULT_VERBOSITY: { type: 'integer', default: 0, ini: [[d, 'verbosity']], env: ['ANSIBLE_VERBOSITY'] },
  DEFAULT_LOG_PATH: { type: 'path', default: null, ini: [[d, 'log_path']], env: ['ANSIBLE_LOG_PATH'] },
  DEFAULT_VAULT_PASSWORD_FILE: { type: 'path', default: null, ini: [[d, 'vault_password_file']], env: ['ANSIBLE_VAULT_PASSWORD_FILE'] },
  DEFAULT_VAULT_IDENTITY_LIST: { type: 'list', default: [], ini: [[d, 'vault_identity_list']], env: ['ANSIBLE_VAULT_IDENTITY_LIST'] },
  DEFAULT_VAULT_ID_MATCH: { type: 'boolean', default: false, ini: [[d, 'vault_id_match']], env: ['ANSIBLE_VAULT_ID_MATCH'] },
  DEFAULT_VAULT_IDENTITY: { type: 'string', default: 'default', ini: [[d, 'vault_identity']], env: ['ANSIBLE_VAULT_IDENTITY'] },
  DEFAULT_VAULT_ENCRYPT_IDENTITY: { type: 'string', default: null, ini: [[d, 'vault_encrypt_identity']], env: ['ANSIBLE_VAULT_ENCRYPT_IDENTITY'] },
  DEFAULT_ASK_VAULT_PASS: { type: 'boolean', default: false, ini: [[d, 'ask_vault_pass']], env: ['ANSIBLE_ASK_VAULT_PASS'] },
  PLAYBOOK_VARS_ROOT: { type: 'string', default: 'top', ini: [[d, 'playbook_vars_root']], env: ['ANSIBLE_PLAYBOOK_VARS_ROOT'] },
  HOST_PATTERN_MISMATCH: { type: 'string', default: 'warning', ini: [['inventory', 'host_pattern_mismatch']], env: ['ANSIBLE_HOST_PATTERN_MISMATCH'] },
  TAGS_RUN: { type: 'list', default: [], ini: [['tags', 'run']], env: ['ANSIBLE_RUN_TAGS'] },
  TAGS_SKIP: { type: 'list', default: [], ini: [['tags', 'skip']], env: ['ANSIBLE_SKIP_TAGS'] },
  DEFAULT_REMOTE_TMP: { type: 'string', default: '~/.ansible/tmp', ini: [[d, 'remote_tmp']], env: ['ANSIBLE_REMOTE_TEMP', 'ANSIBLE_REMOTE_TMP'] },
  DEFAULT_LOCAL_TMP: { type: 'path', default: '~/.ansible/tmp', ini: [[d, 'local_tmp']], env: ['ANSIBLE_LOCAL_TEMP'] },
  DEFAULT_KEEP_REMOTE_FILES: { type: 'boolean', default: false, ini: [[d, 'keep_remote_files']], env: ['ANSIBLE_KEEP_REMOTE_FILES'] },
  JSON_INDENT: { type: 'integer', default: 4, ini: [[d, 'json_indent']], env: ['ANSIBLE_JSON_INDENT'] },
  DEFAULT_TASK_TIMEOUT: { type: 'integer', default: 0, ini: [[d, 'task_timeout']], env: ['ANSIBLE_TASK_TIMEOUT'] },
  // Python modules (src/python-modules): where they are found and how they run on hosts.
  COLLECTIONS_PATHS: {
    type: 'pathspec',
    default: ['~/.ansible/collections', '/usr/share/ansible/collections'],
    ini: [[d, 'collections_path'], [d, 'collections_paths']],
    env: ['ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS'],
  },
  COLLECTIONS_SCAN_SYS_PATH: { type: 'boolean', default: true, ini: [[d, 'collections_scan_sys_path']], env: ['ANSIBLE_COLLECTIONS_SCAN_SYS_PATH'] },
  DEFAULT_MODULE_UTILS_PATH: {
    type: 'pathspec',
    default: ['~/.ansible/plugins/module_utils', '/usr/share/ansible/plugins/module_utils'],
    ini: [[d, 'module_utils']],
    env: ['ANSIBLE_MODULE_UTILS'],
  },
  INTERPRETER_PYTHON: { type: 'string', default: 'auto', ini: [[d, 'interpreter_python']], env: ['ANSIBLE_PYTHON_INTERPRETER'] },
  INTERPRETER_PYTHON_FALLBACK: {
    type: 'list',
    default: ['python3.11', 'python3.10', 'python3.9', 'python3.8', 'python3.7', 'python3.6', 'python3.5', '/usr/bin/python3', '/usr/libexec/platform-python', 'python2.7', '/usr/bin/python', 'python'],
  },
  DEFAULT_ASYNC_DIR: { type: 'string', default: '~/.ansible_async', ini: [[d, 'async_dir']], env: ['ANSIBLE_ASYNC_DIR'] },
  DEFAULT_EXECUTABLE: { type: 'string', default: '/bin/sh', ini: [[d, 'executable']], env: ['ANSIBLE_EXECUTABLE'] },
  DEFAULT_NO_TARGET_SYSLOG: { type: 'boolean', default: false, ini: [[d, 'no_target_syslog']], env: ['ANSIBLE_NO_TARGET_SYSLOG'] },
  DEFAULT_SYSLOG_FACILITY: { type: 'string', default: 'LOG_USER', ini: [[d, 'syslog_facility']], env: ['ANSIBLE_SYSLOG_FACILITY'] },
  DEFAULT_SELINUX_SPECIAL_FS: {
    type: 'list',
    default: ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
    ini: [['selinux', 'special_context_filesystems']],
    env: ['ANSIBLE_SELINUX_SPECIAL_FS'],
  },
  STRING_CONVERSION_ACTION: { type: 'string', default: 'warn', ini: [[d, 'string_conversion_action']], env: ['ANSIBLE_STRING_CONVERSION_ACTION'] },
  DEFAULT_DEBUG: { type: 'boolean', default: false, ini: [[d, 'debug']], env: ['ANSIBLE_DEBUG'] },
  BECOME_ALLOW_SAME_USER: { type: 'boolean', default: false, ini: [['privilege_escalation', 'become_allow_same_user']], env: ['ANSIBLE_BECOME_ALLOW_SAME_USER'] },
  /** tsible's own: module names that run Ansible's Python module although tsible implements them natively. */
  TSIBLE_PYTHON_MODULES: { type: 'list', default: [], ini: [['tsible', 'python_modules']], env: ['TSIBLE_PYTHON_MODULES'] },
} satisfies Record<string, SettingDefinition>

export type SettingName = keyof typeof SETTINGS

function pluginPath(kind: string): SettingDefinition {
  return {
    type: 'pathspec',
    default: [`~/.ansible/plugins/${kind}`, `/usr/share/ansible/plugins/${kind}`],
    ini: [[d, `${kind}_plugins`]],
    env: [`ANSIBLE_${kind.toUpperCase()}_PLUGINS`],
  }
}
