/**
 * Sends executor events to the loaded callbacks, in order, awaiting each. Event names
 * are the callback API's (src/plugin-api/callback.ts), Ansible's v2_* events renamed.
 */
export type CallbackObject = Record<string, unknown>

function isImplicitTask(arg: unknown): boolean {
  if (typeof arg !== 'object' || arg === null) return false
  const a = arg as { implicit?: unknown; task?: { implicit?: unknown } }
  return a.implicit === true || a.task?.implicit === true
}

export class Emitter {
  constructor(private readonly callbacks: CallbackObject[]) {}

  async emit(event: string, ...args: unknown[]): Promise<void> {
    const implicit = args.some(isImplicitTask)
    for (const cb of this.callbacks) {
      // Implicit tasks reach only callbacks that ask for them (wants_implicit_tasks).
      if (implicit && cb.wantsImplicitTasks !== true) continue
      const fn = cb[event]
      if (typeof fn === 'function') await fn.apply(cb, args)
    }
  }
}
