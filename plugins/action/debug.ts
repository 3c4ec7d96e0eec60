/** `debug`: prints a message or a variable (the output is the callback's job). */
import { defineAction, isUndefined, pyEq, UndefinedVariableError, UnsafeText } from '../../src/plugin-kit.js'

export default defineAction({
  name: 'debug',
  run(ctx) {
    const args = ctx.args
    if ('msg' in args && 'var' in args) return { failed: true, msg: "'msg' and 'var' are incompatible options" }
    const verbosity = Number(args.verbosity ?? 0)
    if (verbosity > ctx.verbosity) {
      return { skipped_reason: 'Verbosity threshold not met.', skipped: true, failed: false, changed: false }
    }
    const result: Record<string, unknown> = {}
    if ('msg' in args) result.msg = args.msg instanceof UnsafeText ? args.msg.text : args.msg
    else if (args.var instanceof UnsafeText) {
      // An unsafe name (made from data) is never templated: Ansible's second try wraps it
      // in braces, and templating unsafe text gives it back as it is.
      result[args.var.text] = `{{${args.var.text}}}`
    } else if ('var' in args) {
      const v = args.var
      let value: unknown
      try {
        value = typeof v === 'string' ? ctx.templar.template(`{{ ${v} }}`, ctx.scope) : v
        if (isUndefined(value)) throw new UndefinedVariableError(value.message)
        if (typeof v === 'string' && pyEq(value, v) && typeof value === 'string' && /^[A-Za-z_][\w.]*$/.test(value)) {
          value = ctx.templar.template(`{{ ${value} }}`, ctx.scope)
        }
      } catch (e) {
        if (!(e instanceof UndefinedVariableError)) throw e
        value = ctx.verbosity > 0 ? `VARIABLE IS NOT DEFINED!: ${e.message}` : 'VARIABLE IS NOT DEFINED!'
      }
      const key = Array.isArray(v) ? "<class 'list'>" : typeof v === 'object' && v !== null ? "<class 'dict'>" : String(v)
      result[key] = value
    } else result.msg = 'Hello world!'
    result._ansible_verbose_always = true
    result.failed = false
    result.changed = false
    return result
  },
})
