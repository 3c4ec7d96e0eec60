import { describe, expect, it } from 'vitest'
import { PlayIterator } from '../../../src/executor/play-iterator.js'
import { Block, Play, Task } from '../../../src/playbook/model.js'

const play = new Play({ hosts: 'all' }, '/tmp', undefined)
const task = (name: string, parent: Block) => new Task('debug', { msg: name }, { name }, parent, undefined)
function block(tasks: string[], rescue: string[] = [], always: string[] = []): Block {
  const b = new Block({}, play, undefined)
  b.block = tasks.map((n) => task(n, b))
  b.rescue = rescue.map((n) => task(n, b))
  b.always = always.map((n) => task(n, b))
  return b
}

function iterator(blocks: Block[], hosts = ['h1']) {
  const setup = block(['Gathering Facts'])
  return new PlayIterator({ setupBlock: setup, blocks, handlers: [], hosts, shouldGather: () => false })
}

/** Runs the iterator for one host, failing the tasks named in `fail`; returns the task names seen. */
function walk(it: PlayIterator, fail: string[] = []): string[] {
  const seen: string[] = []
  for (;;) {
    const [, t] = it.nextTask('h1')
    if (!t) break
    seen.push(t.name!)
    if (fail.includes(t.name!)) it.markFailed('h1')
  }
  return seen
}

describe('PlayIterator (block/rescue/always states)', () => {
  it('runs blocks in order and skips setup when not gathering', () => {
    expect(walk(iterator([block(['a', 'b']), block(['c'])]))).toEqual(['a', 'b', 'c'])
  })

  it('goes to rescue then always on failure, and the host is no longer failed', () => {
    const it = iterator([block(['a', 'b'], ['r1'], ['al']), block(['next'])])
    expect(walk(it, ['a'])).toEqual(['a', 'r1', 'al', 'next'])
    expect(it.isFailed('h1')).toBe(false)
  })

  it('runs always and stops the host when there is no rescue', () => {
    const it = iterator([block(['a', 'b'], [], ['al']), block(['next'])])
    expect(walk(it, ['a'])).toEqual(['a', 'al'])
    expect(it.isFailed('h1')).toBe(true)
  })

  it('stops the host when the rescue fails too, after always', () => {
    const it = iterator([block(['a'], ['r1', 'r2'], ['al']), block(['next'])])
    expect(walk(it, ['a', 'r1'])).toEqual(['a', 'r1', 'al'])
    expect(it.isFailed('h1')).toBe(true)
  })

  it('walks nested blocks through child states', () => {
    const outer = new Block({}, play, undefined)
    const inner = block(['i1', 'i2'], ['ir'])
    inner.parent = outer
    outer.block = [task('o1', outer), inner, task('o2', outer)]
    expect(walk(iterator([outer]), ['i1'])).toEqual(['o1', 'i1', 'ir', 'o2'])
  })

  it('inserts included blocks at the current position', () => {
    const it = iterator([block(['a', 'b'])])
    const [, first] = it.nextTask('h1')
    expect(first?.name).toBe('a')
    it.addTasks('h1', [block(['inc1', 'inc2'])])
    expect(walk(it)).toEqual(['inc1', 'inc2', 'b'])
  })
})

describe('PlayIterator (changed only through its methods)', () => {
  const names = (tasks: Array<Task | undefined>) => tasks.map((t) => t?.name)

  it('finds the next lockstep task in play order, wrapping around once', () => {
    const b = block(['a', 'b', 'c'])
    const it = iterator([b], ['h1', 'h2'])
    const [a, , c] = b.block as Task[]
    expect(it.nextLockstepTask(new Set([c.id]))?.name).toBe('c')
    // From after `c`, the search wraps to the start to find `a`.
    expect(it.nextLockstepTask(new Set([a.id]))?.name).toBe('a')
    expect(it.nextLockstepTask(new Set(['no such task']))).toBeUndefined()
  })

  it('adds included tasks to the lockstep order after the current task', () => {
    const b = block(['a', 'b'])
    const it = iterator([b])
    const [a, bt] = b.block as Task[]
    expect(it.nextLockstepTask(new Set([a.id]))?.name).toBe('a')
    const inc = block(['inc'])
    it.addToTaskList(inc.block as Task[])
    expect(names([it.nextLockstepTask(new Set([(inc.block[0] as Task).id, bt.id]))])).toEqual(['inc'])
  })

  it('runs notified handlers on flush, then goes on where the host was', () => {
    const handler = task('h', block([]))
    handler.notifiedHosts = new Set(['h1'])
    const it = new PlayIterator({ setupBlock: block(['Gathering Facts']), blocks: [block(['a', 'b'])], handlers: [], hosts: ['h1'], shouldGather: () => false })
    it.setHandlers([handler])
    expect(it.nextTask('h1')[1]?.name).toBe('a')
    it.flushHandlers('h1')
    expect(walk(it)).toEqual(['h', 'b'])
  })

  it('ends a host: it gets no more tasks', () => {
    const it = iterator([block(['a', 'b'])])
    expect(it.nextTask('h1')[1]?.name).toBe('a')
    it.endHost('h1')
    expect(walk(it)).toEqual([])
  })
})
