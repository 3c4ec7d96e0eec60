/** `set_fact`: host variables at set_fact precedence, optionally cached as facts. */
import { boolean, defineAction, hasTemplateMarkers, ModuleFailure, pyStr, UnsafeText } from '../../src/plugin-kit.js'

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

export default defineAction({
  name: 'set_fact',
  run(ctx) {
    const args = { ...ctx.args }
    const cacheable = boolean(args.cacheable ?? false)
    delete args.cacheable
    if (Object.keys(args).length === 0) {
      throw new ModuleFailure('No key/value pairs provided, at least one is required for this action to succeed')
    }
    const facts: Record<string, unknown> = {}
    const native = ctx.setting<boolean>('DEFAULT_JINJA2_NATIVE')
    for (const [rawKey, v] of Object.entries(args)) {
      const k = pyStr(ctx.templar.template(rawKey, ctx.scope))
      if (!IDENTIFIER.test(k)) {
        throw new ModuleFailure(
          `The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`,
        )
      }
      // Ansible turns yes/no/true/false strings into booleans, unless jinja2_native is on.
      const text = v instanceof UnsafeText ? v.text : v
      const convert = !native && typeof text === 'string' && ['true', 'false', 'yes', 'no'].includes(text.toLowerCase())
      // A value made from unsafe data stays unsafe: text with template markers is kept
      // as UnsafeText (never templated again), other text needs no mark.
      facts[k] = convert ? boolean(text, false) : v instanceof UnsafeText && !hasTemplateMarkers(v.text) ? v.text : v
    }
    return { changed: false, ansible_facts: facts, _ansible_facts_cacheable: cacheable }
  },
})
