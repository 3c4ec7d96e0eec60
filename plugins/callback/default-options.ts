/** The default callback's options: Ansible's default_callback and result_format_callback doc fragments. */
import { type CallbackOptionSpec } from '../../src/plugin-kit.js'

export interface DefaultCallbackOptions {
  display_skipped_hosts: boolean
  display_ok_hosts: boolean
  display_failed_stderr: boolean
  show_custom_stats: boolean
  show_per_host_start: boolean
  check_mode_markers: boolean
  show_task_path_on_failure: boolean
  /** Only `json` is implemented. */
  result_format: string
  pretty_results: boolean | null
}

const defaults = (key: string, env: string, dflt: boolean): CallbackOptionSpec => ({
  type: 'bool',
  default: dflt,
  env: [env],
  ini: [['defaults', key]],
})

export const DEFAULT_CALLBACK_OPTIONS: { [K in keyof DefaultCallbackOptions]: CallbackOptionSpec } = {
  display_skipped_hosts: defaults('display_skipped_hosts', 'ANSIBLE_DISPLAY_SKIPPED_HOSTS', true),
  display_ok_hosts: defaults('display_ok_hosts', 'ANSIBLE_DISPLAY_OK_HOSTS', true),
  display_failed_stderr: defaults('display_failed_stderr', 'ANSIBLE_DISPLAY_FAILED_STDERR', false),
  show_custom_stats: defaults('show_custom_stats', 'ANSIBLE_SHOW_CUSTOM_STATS', false),
  show_per_host_start: defaults('show_per_host_start', 'ANSIBLE_SHOW_PER_HOST_START', false),
  check_mode_markers: defaults('check_mode_markers', 'ANSIBLE_CHECK_MODE_MARKERS', false),
  show_task_path_on_failure: defaults('show_task_path_on_failure', 'ANSIBLE_SHOW_TASK_PATH_ON_FAILURE', false),
  result_format: {
    type: 'str',
    default: 'json',
    env: ['ANSIBLE_CALLBACK_RESULT_FORMAT'],
    ini: [['defaults', 'callback_result_format']],
    choices: ['json'],
  },
  pretty_results: { type: 'bool', default: null, env: ['ANSIBLE_CALLBACK_FORMAT_PRETTY'], ini: [['defaults', 'callback_format_pretty']] },
}
