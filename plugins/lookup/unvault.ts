/**
 * ansible-core 2.14's `unvault` lookup: the content of a controller file (found as the
 * `file` lookup finds it), decrypted with the run's vault secrets when it is encrypted.
 */
import { PluginError, pyStr, type LookupFn } from '../../src/plugin-kit.js'

/** AnsibleParserError, which the templar wraps as an unhandled lookup exception. */
class AnsibleParserError extends PluginError {
  readonly pyClass = 'AnsibleParserError'
  constructor(message: string) {
    super(message)
    this.name = 'AnsibleParserError'
  }
}

export const unvault: LookupFn = (terms, _kwargs, ctx) =>
  terms.map((t) => {
    const term = pyStr(t)
    const found = ctx.findFile(term, 'files')
    if (!found) throw new AnsibleParserError(`Unable to find file matching "${term}" `)
    return ctx.readFile(found, { asFile: true }).toString('utf8')
  })
