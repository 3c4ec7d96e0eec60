/** The errors lookups raise and the search-path helper they share (LookupBase's). */
import { PluginError, type TemplateContext } from '../../src/plugin-kit.js'

/** AnsibleError raised by a lookup: Ansible re-raises it unchanged. */
export class AnsibleLookupError extends PluginError {
  readonly pyClass: string = 'AnsibleError'
  constructor(message: string, pyClass = 'AnsibleError') {
    super(message)
    this.name = pyClass
    this.pyClass = pyClass
  }
}

/** LookupBase.find_file_in_search_path: a file of the search path, or null and a warning. */
export function findInSearchPath(ctx: TemplateContext, subdir: string, needle: string, ignoreMissing = false): string | null {
  const found = ctx.findFile(needle, subdir)
  if (!found && !ignoreMissing) ctx.warn(`Unable to find '${needle}' in expected paths (use -vvvvv to see paths)`)
  return found
}
