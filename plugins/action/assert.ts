/** `assert`: evaluates `that` conditions, failing with `fail_msg` at the first false one. */
import { boolean, defineAction, ModuleFailure } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'assert',
  run(ctx) {
    const args = ctx.args
    if (!('that' in args)) throw new ModuleFailure('conditional required in "that" string')
    let failMsg = args.fail_msg ?? args.msg ?? 'Assertion failed'
    if (Array.isArray(failMsg) && !failMsg.every((x) => typeof x === 'string')) {
      throw new ModuleFailure('Type of one of the elements in fail_msg or msg list is not string type')
    }
    if (typeof failMsg !== 'string' && !Array.isArray(failMsg)) failMsg = String(failMsg)
    const successMsg = args.success_msg ?? 'All assertions passed'
    const quiet = boolean(args.quiet ?? false, false)
    const result: Record<string, unknown> = {}
    if (!quiet) result._ansible_verbose_always = true
    const thats = Array.isArray(args.that) ? args.that : [args.that]
    for (const that of thats) {
      if (!ctx.templar.conditional([that], ctx.scope)) {
        return { ...result, failed: true, evaluated_to: false, assertion: that, msg: failMsg, changed: false }
      }
    }
    return { ...result, changed: false, msg: successMsg }
  },
})
