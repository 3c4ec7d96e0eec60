/** `group_by`: puts the host in a group named by `key` (created under `parents`). */
import { defineAction, pyStr } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'group_by',
  run(ctx) {
    if (!('key' in ctx.args)) return { failed: true, msg: "the 'key' param is required when using group_by" }
    const key = pyStr(ctx.args.key)
    const parentsArg = ctx.args.parents ?? ['all']
    const parents = (Array.isArray(parentsArg) ? parentsArg : [parentsArg]).map((p) => pyStr(p).replace(/ /g, '-'))
    return { changed: false, add_group: key.replace(/ /g, '-'), parent_groups: parents }
  },
})
