/** Callback options resolve as Ansible's plugin options do: default < ansible.cfg < environment. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_CALLBACK_OPTIONS, type DefaultCallbackOptions } from '../../../plugins/callback/default.js'
import { JSON_CALLBACK_OPTIONS, type JsonCallbackOptions } from '../../../plugins/callback/json.js'
import { resolveCallbackOptions } from '../../../src/output/callback-options.js'

describe('resolveCallbackOptions', () => {
  it('uses the defaults of the default callback', () => {
    expect(resolveCallbackOptions<DefaultCallbackOptions>(DEFAULT_CALLBACK_OPTIONS, { env: {} })).toEqual({
      display_skipped_hosts: true,
      display_ok_hosts: true,
      display_failed_stderr: false,
      show_custom_stats: false,
      show_per_host_start: false,
      check_mode_markers: false,
      show_task_path_on_failure: false,
      result_format: 'json',
      pretty_results: null,
    })
  })

  it('reads ansible.cfg, then lets the environment win', () => {
    const ini = (section: string, key: string) => ({ 'defaults.display_skipped_hosts': 'no', 'defaults.json_indent': '2' })[`${section}.${key}`]
    expect(resolveCallbackOptions<DefaultCallbackOptions>(DEFAULT_CALLBACK_OPTIONS, { env: {}, ini }).display_skipped_hosts).toBe(false)
    expect(
      resolveCallbackOptions<DefaultCallbackOptions>(DEFAULT_CALLBACK_OPTIONS, { env: { ANSIBLE_DISPLAY_SKIPPED_HOSTS: 'yes' }, ini })
        .display_skipped_hosts,
    ).toBe(true)
    expect(resolveCallbackOptions<JsonCallbackOptions>(JSON_CALLBACK_OPTIONS, { env: {}, ini }).json_indent).toBe(2)
    expect(resolveCallbackOptions<JsonCallbackOptions>(JSON_CALLBACK_OPTIONS, { env: { ANSIBLE_JSON_INDENT: '0' }, ini }).json_indent).toBe(0)
  })

  it('rejects values Ansible rejects', () => {
    expect(() => resolveCallbackOptions(JSON_CALLBACK_OPTIONS, { env: { ANSIBLE_JSON_INDENT: 'x' } })).toThrow(/json_indent/)
    expect(() => resolveCallbackOptions(DEFAULT_CALLBACK_OPTIONS, { env: { ANSIBLE_CALLBACK_RESULT_FORMAT: 'xml' } })).toThrow(/result_format/)
  })
})
