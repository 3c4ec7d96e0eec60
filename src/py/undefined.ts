/**
 * The value of a name or attribute that does not exist, as Jinja2's `Undefined`.
 *
 * Ansible's `AnsibleUndefined` is lenient until the value is really used: attribute
 * access on it gives another Undefined, and only printing, iterating or comparing it
 * fails. The template runtime decides when to raise; this class only carries what the
 * error message needs.
 */
export class Undefined {
  constructor(
    /** The missing name (`'x' is undefined`) or attribute (`has no attribute 'x'`). */
    readonly name: string,
    /** For a missing attribute: a description of the object, e.g. `'dict object'`. */
    readonly owner?: string,
    /** A custom message, used when the reason is neither of the two above. */
    readonly hint?: string,
    /**
     * Jinja2's plain Undefined (what `a if c` without `else` gives): it prints as '' and is
     * false, where Ansible's strict one fails.
     */
    readonly lenient = false,
  ) {}

  /** Jinja2's `_undefined_message`, which Ansible repeats in its errors. */
  get message(): string {
    if (this.hint) return this.hint
    if (this.owner !== undefined) return `${this.owner} has no attribute '${this.name}'`
    return `'${this.name}' is undefined`
  }

  toString(): string {
    return ''
  }
}

export function isUndefined(v: unknown): v is Undefined {
  return v instanceof Undefined
}
