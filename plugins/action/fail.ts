/** `fail`: fails the task with a message. */
import { defineAction } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'fail',
  run(ctx) {
    const msg = ctx.args.msg ?? 'Failed as requested from task'
    return { failed: true, msg, changed: false }
  },
})
