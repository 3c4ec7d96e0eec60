/** `set_stats`: custom stats shown by callbacks at the end of the run. */
import { defineAction, isDict } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'set_stats',
  run(ctx) {
    const data = ctx.args.data
    if (!isDict(data)) return { failed: true, msg: "The 'data' option needs to be a dictionary/hash" }
    return {
      changed: false,
      ansible_stats: { data, per_host: ctx.args.per_host === true, aggregate: ctx.args.aggregate !== false },
    }
  },
})
