/**
 * Each host's position in a play: which block, which section (block/rescue/always),
 * which task, and which failures happened — the semantics of ansible-core 2.14's
 * PlayIterator/HostState, so that block/rescue/always, handlers and failures behave
 * exactly as in Ansible.
 */
import { Block, Task } from '../playbook/model.js'

export enum RunState {
  Setup,
  Tasks,
  Rescue,
  Always,
  Handlers,
  Complete,
}

export const Failed = {
  None: 0,
  Setup: 1,
  Tasks: 2,
  Rescue: 4,
  Always: 8,
  Handlers: 16,
} as const

export class HostState {
  curBlock = 0
  curRegular = 0
  curRescue = 0
  curAlways = 0
  curHandler = 0
  runState = RunState.Setup
  preFlushRunState = RunState.Tasks
  failState = 0
  pendingSetup = false
  didRescue = false
  didStartAtTask = false
  updateHandlers = true
  handlers: Task[] = []
  tasksChild: HostState | undefined
  rescueChild: HostState | undefined
  alwaysChild: HostState | undefined

  constructor(public blocks: Block[]) {}

  copy(): HostState {
    const s = new HostState([...this.blocks])
    Object.assign(s, this, { blocks: [...this.blocks], handlers: [...this.handlers] })
    s.tasksChild = this.tasksChild?.copy()
    s.rescueChild = this.rescueChild?.copy()
    s.alwaysChild = this.alwaysChild?.copy()
    return s
  }

  currentBlock(): Block {
    return this.blocks[this.curBlock]
  }
}

/** Whether a host's state counts as failed (PlayIterator._check_failed_state). */
export function isFailedState(state: HostState | undefined): boolean {
  if (!state) return false
  if (state.runState === RunState.Rescue && isFailedState(state.rescueChild)) return true
  if (state.runState === RunState.Always && isFailedState(state.alwaysChild)) return true
  if (state.runState === RunState.Handlers && (state.failState & Failed.Handlers) !== 0) return true
  if (state.failState !== Failed.None) {
    if (state.runState === RunState.Rescue && (state.failState & Failed.Rescue) === 0) return false
    if (state.runState === RunState.Always && (state.failState & Failed.Always) === 0) return false
    return !(state.didRescue && (state.failState & Failed.Always) === 0)
  }
  if (state.runState === RunState.Tasks && isFailedState(state.tasksChild)) {
    const block = state.currentBlock()
    return !(block.rescue.length > 0 && (state.failState & Failed.Rescue) === 0)
  }
  return false
}

/** Marks the host's current section failed (PlayIterator._set_failed_state). */
export function setFailedState(state: HostState): HostState {
  const block = () => state.blocks[state.curBlock]
  switch (state.runState) {
    case RunState.Setup:
      state.failState |= Failed.Setup
      state.runState = RunState.Complete
      break
    case RunState.Tasks:
      if (state.tasksChild) state.tasksChild = setFailedState(state.tasksChild)
      else {
        state.failState |= Failed.Tasks
        state.runState = block().rescue.length ? RunState.Rescue : block().always.length ? RunState.Always : RunState.Complete
      }
      break
    case RunState.Rescue:
      if (state.rescueChild) state.rescueChild = setFailedState(state.rescueChild)
      else {
        state.failState |= Failed.Rescue
        state.runState = block().always.length ? RunState.Always : RunState.Complete
      }
      break
    case RunState.Always:
      if (state.alwaysChild) state.alwaysChild = setFailedState(state.alwaysChild)
      else {
        state.failState |= Failed.Always
        state.runState = RunState.Complete
      }
      break
    case RunState.Handlers:
      state.failState |= Failed.Handlers
      state.updateHandlers = true
      state.runState = block()?.rescue.length ? RunState.Rescue : block()?.always.length ? RunState.Always : RunState.Complete
      break
    default:
      break
  }
  return state
}

/** The innermost active state (PlayIterator.get_active_state). */
export function activeState(state: HostState): HostState {
  if (state.runState === RunState.Tasks && state.tasksChild) return activeState(state.tasksChild)
  if (state.runState === RunState.Rescue && state.rescueChild) return activeState(state.rescueChild)
  if (state.runState === RunState.Always && state.alwaysChild) return activeState(state.alwaysChild)
  return state
}

/** Inserts included blocks at the host's current position (PlayIterator._insert_tasks_into_state). */
export function insertTasks(state: HostState, blocks: Block[]): HostState {
  if ((state.failState !== Failed.None && state.runState === RunState.Tasks) || blocks.length === 0) return state
  const splice = (section: 'block' | 'rescue' | 'always', at: number) => {
    const target = state.blocks[state.curBlock].copy()
    target[section] = [...target[section].slice(0, at), ...blocks, ...target[section].slice(at)]
    state.blocks[state.curBlock] = target
  }
  switch (state.runState) {
    case RunState.Tasks:
      if (state.tasksChild) state.tasksChild = insertTasks(state.tasksChild, blocks)
      else splice('block', state.curRegular)
      break
    case RunState.Rescue:
      if (state.rescueChild) state.rescueChild = insertTasks(state.rescueChild, blocks)
      else splice('rescue', state.curRescue)
      break
    case RunState.Always:
      if (state.alwaysChild) state.alwaysChild = insertTasks(state.alwaysChild, blocks)
      else splice('always', state.curAlways)
      break
    case RunState.Handlers:
      state.handlers.splice(state.curHandler, 0, ...blocks.flatMap((b) => b.block.filter((t): t is Task => t instanceof Task)))
      break
    default:
      break
  }
  return state
}
