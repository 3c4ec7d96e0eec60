/**
 * What Ansible's CallbackBase gives every callback for printing results: the JSON dump,
 * result warnings and deprecations, module exceptions, diffs and task paths, all through
 * the run's Display. Callbacks pass it a copy of the result when a method changes it.
 */
import type { CallbackSettings, CallbackTask } from '../plugin-api/callback.js'
import { isDict, pyStr, pyTruthy } from '../py/values.js'
import { diffText } from './diff-text.js'
import type { Display } from './display.js'
import { dumpResults } from './result-format.js'

export interface CallbackOutputOptions {
  /** The `pretty_results` option; null lets verbosity decide. */
  prettyResults?: boolean | null
}

export class CallbackOutput {
  constructor(
    readonly display: Display,
    readonly settings: CallbackSettings,
    private readonly options: CallbackOutputOptions = {},
  ) {}

  /** `_dump_results` with this run's verbosity. */
  dump(result: Record<string, unknown>, opts: { indent?: number | null; keepInvocation?: boolean } = {}): string {
    return dumpResults(result, {
      verbosity: this.display.verbosity,
      indent: opts.indent,
      keepInvocation: opts.keepInvocation,
      prettyResults: this.options.prettyResults,
    })
  }

  /** `_handle_warnings`: shows the result's warnings and deprecations, then removes them from it. */
  handleWarnings(result: Record<string, unknown>): void {
    if (!this.settings.actionWarnings) return
    if (pyTruthy(result.warnings)) {
      for (const w of result.warnings as unknown[]) this.display.warning(pyStr(w))
      delete result.warnings
    }
    if (pyTruthy(result.deprecations)) {
      for (const d of result.deprecations as unknown[]) {
        const dep = isDict(d) ? d : { msg: pyStr(d) }
        this.display.deprecated({
          msg: pyStr(dep.msg),
          version: dep.version as string | null | undefined,
          date: dep.date as string | null | undefined,
          collectionName: dep.collection_name as string | null | undefined,
          removed: Boolean(dep.removed),
        })
      }
      delete result.deprecations
    }
  }

  /** `_handle_exception`: the exception's last line, or the whole traceback at -vvv (then removed). */
  handleException(result: Record<string, unknown>, useStderr: boolean): void {
    if (!('exception' in result)) return
    const exception = pyStr(result.exception)
    let msg = 'An exception occurred during task execution. '
    if (this.display.verbosity < 3) {
      const lines = exception.trim().split('\n')
      msg += `To see the full traceback, use -vvv. The error was: ${lines[lines.length - 1]}`
    } else {
      msg = `The full traceback is:\n${exception}`
      delete result.exception
    }
    this.display.display(msg, { color: this.display.colors.error, stderr: useStderr })
  }

  /** `_get_diff`: the text of a result's `diff`. */
  diff(diff: unknown): string {
    const copy = Array.isArray(diff) ? diff.map((d) => (isDict(d) ? { ...d } : d)) : isDict(diff) ? { ...diff } : diff
    return diffText(copy as Record<string, unknown>, { context: this.settings.diffContext, colors: this.display.colors })
  }

  /** `_print_task_path`: `task path: file:line`. */
  printTaskPath(task: CallbackTask): void {
    if (task.path) this.display.display(`task path: ${task.path}`, { color: this.display.colors.debug })
  }
}
