/** The exceptions Ansible's filters raise, keeping their Python class names. */
import { PluginError } from '../../src/plugin-api/types.js'
import { PyTypeError } from '../../src/template/runtime/ops.js'
import { isDict, pyTypeName } from '../../src/py/values.js'
import { isLazyMapping } from '../../src/template/types.js'

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
  if (isLazyMapping(v)) return `<class '${v.pyClass ?? 'dict'}'>`
  if (isDict(v)) return "<class 'dict'>"
  return `<class '${pyTypeName(v)}'>`
}

/** A Python exception Ansible lets through unwrapped (`ValueError: ...`, `KeyError: ...`). */
export class PyError extends Error {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message)
    this.name = pyClass
  }
}
