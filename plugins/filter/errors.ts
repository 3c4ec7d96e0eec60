/** The exceptions Ansible's filters raise, keeping their Python class names. */
import { isDict, isLazyMapping, PluginError, PyTypeError, pyTypeName } from '../../src/plugin-kit.js'

/** `AnsibleFilterError`: Templar lets it through with its own message. */
export class AnsibleFilterError extends PluginError {
  readonly pyClass: string = 'AnsibleFilterError'
  constructor(message: string) {
    super(message)
    this.name = 'AnsibleFilterError'
  }
}

/** A plain `AnsibleError` (e.g. merge_hash's). */
export class AnsibleError extends PluginError {
  readonly pyClass: string = 'AnsibleError'
  constructor(message: string) {
    super(message)
    this.name = 'AnsibleError'
  }
}

/** `AnsibleFilterTypeError` is a TypeError: Templar words it as a templating type error. */
export function filterTypeError(message: string): PyTypeError {
  return new PyTypeError(message)
}

/** Python's `type(x)` as `%s` prints it: `<class 'int'>`. */
export function pyClassRepr(v: unknown): string {
  if (isLazyMapping(v)) return "<class 'ansible.vars.hostvars.HostVars'>"
  if (isDict(v)) return "<class 'dict'>"
  return `<class '${pyTypeName(v)}'>`
}
