/**
 * Walks a play's blocks for each host of a batch (ansible-core 2.14's PlayIterator):
 * the implicit fact-gathering block first, then the compiled blocks, with per-host
 * failure states steering into rescue/always, and a flat list of every task that the
 * linear strategy uses to keep hosts in lockstep.
 */
import { Block, Task } from '../playbook/model.js'
import { Failed, HostState, RunState, insertTasks, isFailedState, setFailedState } from './host-state.js'

export interface PlayIteratorOptions {
  /** The implicit "Gathering Facts" block (always blocks[0]). */
  setupBlock: Block
  /** The play's blocks after tag filtering. */
  blocks: Block[]
  handlers: Task[]
  hosts: string[]
  /** Whether `setup` should run for a host ('implicit'/'explicit'/'smart' gathering resolved). */
  shouldGather(host: string): boolean
  /**
   * `--start-at-task`: hosts are advanced to the first task whose name (or `role : name`)
   * equals or fnmatch-es this; returns whether a task matched.
   */
  startAt?: (task: Task) => boolean
}

export class PlayIterator {
  /** Every task of the play in order, included ones inserted as they come (the lockstep order). */
  private readonly allTasks: Task[]
  /** The linear strategy's position in allTasks. */
  private curTask = 0
  private handlers: Task[]
  readonly batchSize: number
  private readonly states = new Map<string, HostState>()
  private readonly blocks: Block[]

  constructor(private readonly o: PlayIteratorOptions) {
    this.blocks = [o.setupBlock, ...o.blocks.filter(hasTasks)]
    this.allTasks = this.blocks.flatMap(tasksOf)
    this.handlers = [...o.handlers]
    this.batchSize = o.hosts.length
    for (const h of o.hosts) this.states.set(h, new HostState(this.blocks))
    if (o.startAt) this.startAtMatched = o.hosts.map((h) => this.advanceToStart(h, o.startAt!)).some(Boolean)
  }

  /** Whether --start-at-task found its task in this play. */
  readonly startAtMatched: boolean = false

  private advanceToStart(host: string, matches: (t: Task) => boolean): boolean {
    for (;;) {
      const [s, task] = this.nextTask(host, true)
      if (s.runState === RunState.Complete || !task) return false
      if (matches(task)) {
        const state = this.mutableState(host)
        state.didStartAtTask = true
        state.runState = RunState.Setup
        return true
      }
      this.states.set(host, s)
    }
  }

  /** The host's position (read-only: it changes through the methods below). */
  state(host: string): Readonly<HostState> {
    return this.mutableState(host)
  }

  private mutableState(host: string): HostState {
    let s = this.states.get(host)
    if (!s) {
      s = new HostState([])
      this.states.set(host, s)
    }
    return s
  }

  setState(host: string, state: HostState): void {
    this.states.set(host, state)
  }

  /** The host's next task; with `peek` the host's position does not move. */
  nextTask(host: string, peek = false): [HostState, Task | undefined] {
    let s = this.mutableState(host).copy()
    if (s.runState === RunState.Complete) return [s, undefined]
    let task: Task | undefined
    ;[s, task] = this.nextFromState(s, host)
    if (!peek) this.states.set(host, s)
    return [s, task]
  }

  isFailed(host: string): boolean {
    return isFailedState(this.state(host))
  }

  markFailed(host: string): void {
    this.states.set(host, setFailedState(this.mutableState(host).copy()))
  }

  addTasks(host: string, blocks: Block[]): void {
    this.states.set(host, insertTasks(this.mutableState(host).copy(), blocks))
  }

  /** Included tasks join the lockstep order after the current task. */
  addToTaskList(tasks: Task[]): void {
    this.allTasks.splice(this.curTask, 0, ...tasks)
  }

  /** The play's handlers changed (an include added some): hosts pick them up at their next flush. */
  setHandlers(handlers: Task[]): void {
    this.handlers = handlers
  }

  /** meta: flush_handlers: the host runs its notified handlers, then goes on where it was. */
  flushHandlers(host: string): void {
    const state = this.mutableState(host)
    state.preFlushRunState = state.runState
    state.runState = RunState.Handlers
  }

  /** meta: end_host / end_play / end_batch: the host runs nothing more in this batch. */
  endHost(host: string): void {
    this.mutableState(host).runState = RunState.Complete
  }

  /**
   * The next task in the play's order, from the linear strategy's position, that one of
   * `ids` is; wraps around once (LinearStrategy._get_next_task_lockstep).
   */
  nextLockstepTask(ids: ReadonlySet<string>): Task | undefined {
    for (let loops = 0; loops <= 1; ) {
      const t = this.allTasks[this.curTask]
      if (!t) {
        this.curTask = 0
        loops++
        continue
      }
      this.curTask++
      if (ids.has(t.id)) return t
    }
    return undefined
  }

  clearHostErrors(host: string): void {
    const clear = (s: HostState | undefined) => {
      if (!s) return
      s.failState = Failed.None
      clear(s.tasksChild ?? s.rescueChild ?? s.alwaysChild)
    }
    clear(this.states.get(host))
  }

  private nextFromState(state: HostState, host: string): [HostState, Task | undefined] {
    for (;;) {
      const block = state.blocks[state.curBlock]
      if (!block) {
        state.runState = RunState.Complete
        return [state, undefined]
      }
      let task: Task | undefined
      switch (state.runState) {
        case RunState.Setup:
          task = this.setupStep(state, host)
          break
        case RunState.Tasks:
          task = this.sectionStep(state, host, 'block')
          break
        case RunState.Rescue:
          task = this.sectionStep(state, host, 'rescue')
          break
        case RunState.Always:
          task = this.sectionStep(state, host, 'always')
          break
        case RunState.Handlers:
          task = this.handlerStep(state, host)
          break
        case RunState.Complete:
          return [state, undefined]
      }
      if (task) return [state, task]
    }
  }

  private setupStep(state: HostState, host: string): Task | undefined {
    if (!state.pendingSetup) {
      state.pendingSetup = true
      const setup = this.blocks[0]
      if (this.o.shouldGather(host) && setup.block.length > 0) return setup.block[0] as Task
      return undefined
    }
    state.pendingSetup = false
    state.runState = RunState.Tasks
    if (!state.didStartAtTask) {
      state.curBlock += 1
      state.curRegular = state.curRescue = state.curAlways = 0
      state.tasksChild = state.rescueChild = state.alwaysChild = undefined
    }
    return undefined
  }

  /** One step in block/rescue/always, recursing into nested blocks through child states. */
  private sectionStep(state: HostState, host: string, section: 'block' | 'rescue' | 'always'): Task | undefined {
    if (state.runState === RunState.Tasks && state.pendingSetup) state.pendingSetup = false
    const childKey = section === 'block' ? 'tasksChild' : section === 'rescue' ? 'rescueChild' : 'alwaysChild'
    const child = state[childKey]
    if (child) {
      const [next, task] = this.nextFromState(child, host)
      state[childKey] = next
      if (isFailedState(next)) {
        state[childKey] = undefined
        setFailedState(state)
        return undefined
      }
      if (!task || next.runState === RunState.Complete) {
        state[childKey] = undefined
        return undefined
      }
      return task
    }
    const block = state.blocks[state.curBlock]
    if (section === 'block') {
      if (isFailedState(state)) {
        state.runState = RunState.Rescue
        return undefined
      }
      if (state.curRegular >= block.block.length) {
        state.runState = RunState.Always
        return undefined
      }
      return this.take(state, block.block[state.curRegular++], 'tasksChild')
    }
    if (section === 'rescue') {
      if ((state.failState & Failed.Rescue) === Failed.Rescue) {
        state.runState = RunState.Always
        return undefined
      }
      if (state.curRescue >= block.rescue.length) {
        if (block.rescue.length > 0) state.failState = Failed.None
        state.runState = RunState.Always
        state.didRescue = true
        return undefined
      }
      return this.take(state, block.rescue[state.curRescue++], 'rescueChild')
    }
    if (state.curAlways >= block.always.length) {
      if (state.failState !== Failed.None) state.runState = RunState.Complete
      else {
        state.curBlock += 1
        state.curRegular = state.curRescue = state.curAlways = 0
        state.runState = RunState.Tasks
        state.tasksChild = state.rescueChild = state.alwaysChild = undefined
        state.didRescue = false
      }
      return undefined
    }
    return this.take(state, block.always[state.curAlways++], 'alwaysChild')
  }

  private take(state: HostState, item: Task | Block, childKey: 'tasksChild' | 'rescueChild' | 'alwaysChild'): Task | undefined {
    if (item instanceof Block) {
      const child = new HostState([item])
      child.runState = RunState.Tasks
      state[childKey] = child
      return undefined
    }
    return item
  }

  private handlerStep(state: HostState, host: string): Task | undefined {
    if (state.updateHandlers) {
      state.handlers = [...this.handlers]
      state.updateHandlers = false
      state.curHandler = 0
    }
    if ((state.failState & Failed.Handlers) === Failed.Handlers) {
      state.updateHandlers = true
      state.runState = RunState.Complete
      return undefined
    }
    for (;;) {
      const task = state.handlers[state.curHandler]
      if (!task) {
        state.runState = state.preFlushRunState
        state.updateHandlers = true
        return undefined
      }
      state.curHandler += 1
      if (task.notifiedHosts?.has(host)) return task
    }
  }
}

function hasTasks(b: Block): boolean {
  return b.block.length > 0 || b.rescue.length > 0 || b.always.length > 0
}

/** Every task of a block, nested blocks flattened (Block.get_tasks). */
export function tasksOf(b: Block): Task[] {
  return [...b.block, ...b.rescue, ...b.always].flatMap((t) => (t instanceof Block ? tasksOf(t) : [t]))
}
