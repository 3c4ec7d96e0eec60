/**
 * The terminal of a run whose secrets must not show: every write to stdout and stderr
 * goes through the run's secret registry (values from vault, vars files marked secret,
 * no_log tasks), so that a secret is masked in diffs, in loop item labels, in -v results,
 * everywhere, while the rest of each line is kept. The registry is known only once the
 * vault is open, after the streams are handed to the Display: `use()` attaches it.
 */
import type { TerminalStream } from '../output/display.js'
import type { SecretRegistry } from '../vault/secrets.js'

export class MaskedTerminal {
  private secrets: SecretRegistry | undefined

  /** `enabled`: whether this run masks its terminal (a dry run, a report, or secret vars given). */
  constructor(private readonly enabled: boolean) {}

  use(secrets: SecretRegistry): void {
    if (this.enabled) this.secrets = secrets
  }

  wrap(stream: TerminalStream): TerminalStream {
    if (!this.enabled) return stream
    return {
      write: (chunk: string) => stream.write(this.secrets ? this.secrets.maskText(chunk) : chunk),
      get isTTY() {
        return stream.isTTY
      },
      get columns() {
        return stream.columns
      },
    }
  }
}
