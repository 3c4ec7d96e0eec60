/**
 * ansible-playbook's exit codes and its `ERROR! ...` output for errors that end the run
 * (lib/ansible/cli/__init__.py cli_executor).
 */
import { EngineError, OptionsError, ParseError } from '../errors/errors.js'
import { formatLocation } from '../errors/format-location.js'
import { TsibleError } from '../errors/tsible-error.js'
import { YamlSyntaxError } from '../yaml/load.js'

export const EXIT = {
  OK: 0,
  ERROR: 1,
  /** Failed hosts, and command-line usage errors (argparse). */
  USAGE: 2,
  FAILED_HOSTS: 2,
  UNREACHABLE: 4,
  PARSER: 4,
  OPTIONS: 5,
  INTERRUPTED: 99,
  UNEXPECTED: 250,
} as const

export function exitCodeFor(e: unknown): number {
  if (e instanceof ParseError || e instanceof YamlSyntaxError) return EXIT.PARSER
  if (e instanceof OptionsError) return EXIT.OPTIONS
  if (e instanceof EngineError || e instanceof TsibleError) return EXIT.ERROR
  return EXIT.UNEXPECTED
}

/** Writes `ERROR! message` (with the YAML position block when known) to stderr. */
export function printError(stderr: NodeJS.WritableStream, e: unknown): void {
  if (typeof e === 'string') {
    stderr.write(`ERROR! ${e}\n`)
    return
  }
  if (e instanceof TsibleError) {
    let msg = e.message
    const cause = e.cause
    if (e instanceof YamlSyntaxError || cause instanceof YamlSyntaxError) {
      msg = `We were unable to read either as JSON nor YAML, these are the errors we got from each:\nJSON: Expecting value: line 1 column 1 (char 0)\n\n${msg}`
    }
    stderr.write(`ERROR! ${msg}${e.location ? formatLocation(e.location) : ''}\n`)
    return
  }
  const err = e instanceof Error ? e : new Error(String(e))
  stderr.write(`ERROR! Unexpected Exception, this is probably a bug: ${err.message}\n`)
  if (process.env.TSIBLE_DEBUG) stderr.write(`${err.stack}\n`)
  else stderr.write('to see the full traceback, use -vvv\n')
}
