/**
 * Sends executor events to the loaded callbacks, in order, awaiting each. Event names
 * are the callback API's (src/plugin-api/callback.ts), Ansible's v2_* events renamed.
 */
export type CallbackObject = Record<string, unknown>

export class Emitter {
  constructor(private readonly callbacks: CallbackObject[]) {}

  async emit(event: string, ...args: unknown[]): Promise<void> {
    for (const cb of this.callbacks) {
      const fn = cb[event]
      if (typeof fn === 'function') await fn.apply(cb, args)
    }
  }
}
