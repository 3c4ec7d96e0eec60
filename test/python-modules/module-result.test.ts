/**
 * Module output to result, as ansible-core's _parse_returned_data and _execute_module do:
 * the JSON among other output, "MODULE FAILURE" for the rest, internal keys dropped.
 */
import { describe, expect, it } from 'vitest'
import { finishModuleResult, parseModuleOutput } from '../../src/python-modules/module-result.js'

describe('parseModuleOutput', () => {
  it('finds the JSON object among other output and warns about junk after it', () => {
    const out = parseModuleOutput({ rc: 0, stdout: 'motd line\n  {"changed": true,\n "x": 1.0}\ntrailing junk\n', stderr: '' }, '#!/usr/bin/python3')
    expect(out.result).toEqual({ changed: true, x: expect.anything(), _ansible_parsed: true })
    expect(String(out.result.x)).toBe('1.0')
    expect(out.shown).toEqual(['Module invocation had junk after the JSON data: trailing junk'])
  })

  it('turns output that is not JSON into MODULE FAILURE with the raw output and rc', () => {
    const out = parseModuleOutput({ rc: 3, stdout: 'oops\n', stderr: 'Traceback (most recent call last):\n  boom\n' }, '#!/usr/bin/python3')
    expect(out.result).toEqual({
      failed: true,
      _ansible_parsed: false,
      module_stdout: 'oops\n',
      module_stderr: 'Traceback (most recent call last):\n  boom\n',
      exception: 'Traceback (most recent call last):\n  boom\n',
      msg: 'MODULE FAILURE\nSee stdout/stderr for the exact error',
      rc: 3,
    })
  })

  it('tells a missing interpreter', () => {
    const out = parseModuleOutput({ rc: 127, stdout: '', stderr: '/bin/sh: 1: /no/such/python: not found\n' }, '#!/no/such/python')
    expect(out.result.msg).toBe('The module failed to execute correctly, you probably need to set the interpreter.\nSee stdout/stderr for the exact error')
  })
})

describe('finishModuleResult', () => {
  it('drops internal keys a module must not return, with Ansible\'s warning', () => {
    const shown: string[] = []
    const r = finishModuleResult({ changed: false, _ansible_parsed: true, _ansible_verbose_always: true, add_host: { host_name: 'x' }, warnings: [], deprecations: null } as never, shown)
    expect(r).toEqual({ changed: false, _ansible_parsed: true })
    expect(shown).toEqual(['Removed unexpected internal key in module return: _ansible_verbose_always = True', "Removed unexpected internal key in module return: add_host = {'host_name': 'x'}"])
  })

  it('renames a results key that is not a list and splits stdout/stderr into lines', () => {
    const shown: string[] = []
    const r = finishModuleResult({ results: 'text', stdout: 'a\nb\n', stderr: '', ansible_facts: { discovered_interpreter_python: '/x', keep: 1 } }, shown)
    expect(r).toEqual({ ansible_module_results: 'text', stdout: 'a\nb\n', stdout_lines: ['a', 'b'], stderr: '', stderr_lines: [], ansible_facts: { keep: 1 } })
    expect(shown).toEqual(["Found internal 'results' key in module return, renamed to 'ansible_module_results'."])
  })
})
