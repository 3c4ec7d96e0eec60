/**
 * Values that must never be shown: the registry of a run's secrets, and the masking of
 * text and results with it.
 *
 * Every value that comes out of vault is registered here as it is decrypted: an inline
 * `!vault` string, each string of a vault-encrypted vars file (group_vars, vars_files,
 * `-e @passwords.yml`, role vars...), the content of an encrypted file read whole (`copy`
 * and `template` sources, the `file` and `unvault` lookups). Other sources of secrets
 * (values a user marks secret, `no_log` results) can be registered the same way with
 * `add()`.
 *
 * Decrypted values are plain strings while the playbook runs (templates, modules and
 * registered results see the real value, as in Ansible); masking applies where values are
 * shown: a module's echoed arguments (`invocation.module_args`, printed at -vvv) and its
 * diffs are masked by the module runtime, and anything else that prints or reports
 * (callbacks, a dry run's report) should pass its text through `maskText()` or its data
 * through `mask()`.
 *
 * A secret is replaced wherever it occurs inside a longer string (a password inside a
 * connection URL in a rendered config file: the rest of the line is kept), and so are its
 * escaped forms and, for a multi-line secret, its long lines (see shownForms). Values shorter
 * than MIN_EMBEDDED_LENGTH are masked only where a whole string equals them, since
 * replacing every "42" or "no" in running text would mask unrelated text.
 */

/** What a hidden value is shown as (Ansible's no_log mask). */
export const SECRET_MASK = '********'

/** Secrets at least this long are masked inside longer strings too. */
const MIN_EMBEDDED_LENGTH = 4

export class SecretRegistry {
  private readonly values = new Set<string>()
  /** One alternation of every embeddable secret, longest first; rebuilt after a change. */
  private pattern: RegExp | null | undefined = null
  /** Secrets too long for the pattern (a whole decrypted file): searched as plain strings. */
  private huge: string[] = []

  /** How many distinct secrets are registered. */
  get size(): number {
    return this.values.size
  }

  /** Registers a secret string; non-strings and empty strings are ignored. */
  add(value: unknown): void {
    if (typeof value !== 'string' || value === '' || this.values.has(value)) return
    this.values.add(value)
    for (const form of shownForms(value)) this.values.add(form)
    this.pattern = undefined
  }

  /** Registers every string inside a value (the values of a decrypted vars file; keys are not secret). */
  addAll(data: unknown): void {
    if (typeof data === 'string') this.add(data)
    else if (Array.isArray(data)) for (const v of data) this.addAll(v)
    else if (data !== null && typeof data === 'object' && Object.getPrototypeOf(data) === Object.prototype) {
      for (const v of Object.values(data)) this.addAll(v)
    }
  }

  /** Whether a string is exactly a registered secret. */
  has(value: unknown): boolean {
    return typeof value === 'string' && this.values.has(value)
  }

  /** Whether a text shows a secret (equals one, or contains one long enough to be masked inside text). */
  reveals(text: string): boolean {
    if (this.values.has(text)) return true
    const re = this.embedded()
    if (this.huge.some((h) => text.includes(h))) return true
    if (!re) return false
    re.lastIndex = 0
    return re.test(text)
  }

  /** The text with every secret replaced by SECRET_MASK. */
  maskText(text: string): string {
    if (this.values.size === 0) return text
    if (this.values.has(text)) return SECRET_MASK
    const re = this.embedded()
    for (const h of this.huge) if (text.includes(h)) text = text.split(h).join(SECRET_MASK)
    return re ? text.replace(re, SECRET_MASK) : text
  }

  /**
   * A copy of a value with every string masked (lists and plain dicts are walked; dict
   * keys are kept). Parts with nothing to mask are returned as they are, not copied.
   */
  mask<T>(value: T): T {
    if (this.values.size === 0) return value
    return this.maskValue(value) as T
  }

  private maskValue(value: unknown): unknown {
    if (typeof value === 'string') return this.maskText(value)
    if (Array.isArray(value)) {
      let out: unknown[] | null = null
      for (let i = 0; i < value.length; i++) {
        const m = this.maskValue(value[i])
        if (m !== value[i]) (out ??= value.slice())[i] = m
      }
      return out ?? value
    }
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      let out: Record<string, unknown> | null = null
      for (const [k, v] of Object.entries(value)) {
        const m = this.maskValue(v)
        if (m !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = m
      }
      return out ?? value
    }
    return value
  }

  private embedded(): RegExp | null {
    if (this.pattern === undefined) {
      const long = [...this.values].filter((v) => v.length >= MIN_EMBEDDED_LENGTH).sort((a, b) => b.length - a.length)
      this.huge = long.filter((v) => v.length > MAX_PATTERN_LENGTH)
      const inPattern = long.filter((v) => v.length <= MAX_PATTERN_LENGTH)
      this.pattern = inPattern.length ? new RegExp(inPattern.map(escapeRegExp).join('|'), 'g') : null
    }
    return this.pattern
  }
}

/** Longer secrets stay out of the pattern (V8 refuses a regular expression of megabytes). */
const MAX_PATTERN_LENGTH = 1 << 16

/** Lines of a multi-line secret at least this long are secrets of their own. */
const MIN_LINE_LENGTH = 16

/**
 * How a secret with line breaks, quotes or backslashes is also shown: escaped inside a
 * JSON string (the json callback, a dict in a diff) or a Python repr (loop item labels),
 * and line by line (a key re-indented in a rendered file).
 */
function shownForms(value: string): string[] {
  if (!/[\n\r\t'"\\]/.test(value)) return []
  // repr quotes with ' (escaping those inside) unless the text has ' and no ".
  const repr = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  const lines = value.includes('\n') ? value.split('\n').map((l) => l.trim()).filter((l) => l.length >= MIN_LINE_LENGTH) : []
  const forms = [JSON.stringify(value).slice(1, -1), repr, repr.replace(/'/g, "\\'"), ...lines]
  return [...new Set(forms)].filter((f) => f !== value && f.length >= MIN_EMBEDDED_LENGTH)
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
