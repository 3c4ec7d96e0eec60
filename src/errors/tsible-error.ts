/** Where something came from in a YAML file: 1-based line and column, as Ansible reports them. */
export interface SourceLocation {
  file: string
  line: number
  column: number
}

/**
 * The base of every error tsible raises on purpose. `code` is stable (tests and docs key
 * on it); `location` points at the YAML that caused it, when known.
 */
export class TsibleError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly location?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = new.target.name
  }
}
