/**
 * Sends executor events to the loaded callbacks, in order, awaiting each. Event names
 * are the callback API's (src/plugin-api/callback.ts), Ansible's v2_* events renamed;
 * each event's payload is its hook's arguments, checked when compiling.
 */
import type { Awaitable, CallbackEvent, CallbackEvents, CallbackPlugin } from '../plugin-api/callback.js'

function isImplicitTask(arg: unknown): boolean {
  if (typeof arg !== 'object' || arg === null) return false
  const a = arg as { implicit?: unknown; task?: { implicit?: unknown } }
  return a.implicit === true || a.task?.implicit === true
}

export class Emitter {
  constructor(private readonly callbacks: readonly CallbackPlugin[]) {}

  async emit<E extends CallbackEvent>(event: E, ...args: CallbackEvents[E]): Promise<void> {
    const implicit = args.some(isImplicitTask)
    for (const cb of this.callbacks) {
      // Implicit tasks reach only callbacks that ask for them (wants_implicit_tasks).
      if (implicit && cb.wantsImplicitTasks !== true) continue
      const hook = cb[event] as ((...payload: CallbackEvents[E]) => Awaitable<void>) | undefined
      if (typeof hook === 'function') await hook.apply(cb, args)
    }
  }
}
