import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalizeTask } from '../../../src/playbook/normalize-task.js'
import { ParseError } from '../../../src/errors/errors.js'

interface Case {
  task: Record<string, unknown>
  action?: string
  args?: Record<string, unknown>
  delegate_to?: string | null
  error?: string
}

// Expected values recorded from ansible-core 2.14's ModuleArgsParser.
const cases = JSON.parse(readFileSync(new URL('../../fixtures/playbook/module-args.json', import.meta.url), 'utf8')) as Case[]
const known = new Set(['shell', 'command', 'copy', 'file', 'debug', 'import_tasks', 'include_role', 'meta', 'set_fact', 'ansible.builtin.copy', 'group_by', 'fail'])
const isAction = (n: string) => known.has(n)

describe('normalizeTask matches ModuleArgsParser', () => {
  it.each(cases)('$task', (c) => {
    if (c.error) {
      // Ansible lists the allowed modules in set order, which is not stable: compare the sentence.
      const expected = c.error.replace(/following modules: .*/, 'following modules:')
      expect(() => normalizeTask(c.task, { isAction })).toThrow(ParseError)
      try {
        normalizeTask(c.task, { isAction })
      } catch (e) {
        expect((e as Error).message.replace(/following modules: .*/, 'following modules:')).toBe(expected)
      }
      return
    }
    const n = normalizeTask(c.task, { isAction })
    expect(n.action).toBe(c.action)
    expect(n.args).toEqual(c.args)
    expect(n.keywords.delegate_to ?? null).toBe(c.delegate_to)
  })

  it('turns with_<lookup> into a loop with its lookup name', () => {
    const n = normalizeTask({ debug: 'msg={{ item }}', with_items: [1, 2] }, { isAction })
    expect(n.keywords.loop).toEqual([1, 2])
    expect(n.keywords._loop_with).toBe('items')
  })

  it('rejects loop together with with_*', () => {
    expect(() => normalizeTask({ debug: 'msg=x', loop: [1], with_items: [2] }, { isAction })).toThrow(/The 'loop' keyword is not allowed/)
  })

  it('names an unknown keyword beside a known action', () => {
    expect(() => normalizeTask({ debug: 'msg=x', wehn: true }, { isAction })).toThrow("'wehn' is not a valid attribute for a Task")
  })
})
