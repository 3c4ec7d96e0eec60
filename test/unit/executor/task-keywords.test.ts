import { describe, expect, it } from 'vitest'
import { KeywordValues } from '../../../src/executor/keyword-values.js'
import { taskKeywords } from '../../../src/executor/task-keywords.js'
import { Block, Play, RoleRef, Task } from '../../../src/playbook/model.js'
import { createTemplar } from '../../../src/template/index.js'
import { ChainSource } from '../../../src/vars/chain-source.js'

function chain() {
  const play = new Play({ hosts: 'all', any_errors_fatal: true, become_user: 'play', environment: { A: 'play' }, tags: ['p'] }, '/tmp', undefined)
  const ref = new RoleRef({ when: 'role_cond', tags: 'r', become: true }, play)
  const block = new Block({ when: ['b1', 'b2'], become_user: 'block', environment: { A: 'block' }, notify: 'from block' }, ref, undefined)
  const task = new Task('debug', {}, { when: 't', become_user: 'task', register: 'out', loop: [1], _loop_with: 'items' }, block, undefined)
  return { play, block, task }
}

describe('taskKeywords (FieldAttribute inheritance, read once per task)', () => {
  it('takes the nearest value, accumulates when/environment/tags outermost first', () => {
    const k = taskKeywords(chain().task)
    expect(k.becomeUser).toBe('task')
    expect(k.become).toBe(true)
    expect(k.anyErrorsFatal).toBe(true)
    expect(k.when).toEqual(['role_cond', 'b1', 'b2', 't'])
    expect(k.environment).toEqual([{ A: 'play' }, { A: 'block' }])
    expect([...k.tags].sort()).toEqual(['p', 'r'])
    expect(k.delegateTo).toBeUndefined()
  })

  it("keeps the task's own keywords (register, loop) to the task; a block's notify reaches it (Block is Notifiable)", () => {
    const { block, task } = chain()
    expect(taskKeywords(task)).toMatchObject({ register: 'out', loop: [1], loopWith: 'items' })
    expect(taskKeywords(task).notify).toBe('from block')
    const sibling = new Task('debug', {}, {}, block, undefined)
    expect(taskKeywords(sibling).register).toBeUndefined()
  })

  it("does not pass a dynamic include's keywords to its tasks", () => {
    const { block } = chain()
    const include = new Task('include_tasks', { _raw_params: 'x.yml' }, { become_user: 'include', when: 'inc' }, block, undefined)
    const included = new Task('debug', {}, {}, include, undefined)
    expect(taskKeywords(included).becomeUser).toBe('block')
    expect(taskKeywords(included).when).toEqual(['role_cond', 'b1', 'b2'])
  })

  it('is one record per task', () => {
    const { task } = chain()
    expect(taskKeywords(task)).toBe(taskKeywords(task))
    expect(Object.isFrozen(taskKeywords(task))).toBe(true)
  })
})

describe('KeywordValues (templated once per scope)', () => {
  let calls = 0
  const templar = createTemplar({
    filters: {
      count: (v: unknown) => {
        calls += 1
        return v
      },
    },
    tests: {},
    lookups: {},
  })
  const scopeOf = (vars: Record<string, unknown>) => templar.scope(new ChainSource([vars]))
  const task = (keywords: Record<string, unknown>) => new Task('debug', {}, keywords, new Play({}, '/tmp', undefined), undefined)

  it('templates each keyword once, whoever asks', () => {
    calls = 0
    const v = new KeywordValues(taskKeywords(task({ no_log: "{{ 'yes' | count }}", delegate_to: '{{ target | count }}' })), templar, scopeOf({ target: 'h2' }))
    expect(v.flag('noLog')).toBe(true)
    expect(v.flag('noLog')).toBe(true)
    expect(v.shownFlag('noLog')).toBe(true)
    expect(v.value('delegateTo')).toBe('h2')
    expect(v.shown('delegateTo')).toBe('h2')
    expect(calls).toBe(2)
  })

  it('reads strings as Ansible booleans and leaves unset keywords undefined', () => {
    const v = new KeywordValues(taskKeywords(task({ check_mode: "{{ 'no' }}", diff: 'True', ignore_errors: false })), templar, scopeOf({}))
    expect(v.flag('checkMode')).toBe(false)
    expect(v.flag('diff')).toBe(true)
    expect(v.flag('ignoreErrors')).toBe(false)
    expect(v.flag('runOnce')).toBeUndefined()
    expect(v.shownFlag('runOnce')).toBeNull()
  })

  it('keeps a templating error and throws the same one to every reader; the banner gets the text', () => {
    const v = new KeywordValues(taskKeywords(task({ delegate_to: '{{ missing }}' })), templar, scopeOf({}))
    let first: unknown
    try {
      v.value('delegateTo')
    } catch (e) {
      first = e
    }
    expect(first).toBeInstanceOf(Error)
    expect(() => v.value('delegateTo')).toThrow(first as Error)
    expect(v.shown('delegateTo')).toBe('{{ missing }}')
  })

  it('builds the scope only when a keyword needs templating', () => {
    let built = 0
    const v = new KeywordValues(taskKeywords(task({ run_once: true, no_log: '{{ true }}' })), templar, () => {
      built += 1
      return scopeOf({})
    })
    expect(v.flag('runOnce')).toBe(true)
    expect(v.flag('ignoreErrors')).toBeUndefined()
    expect(built).toBe(0)
    expect(v.flag('noLog')).toBe(true)
    expect(v.flag('noLog')).toBe(true)
    expect(built).toBe(1)
  })
})
