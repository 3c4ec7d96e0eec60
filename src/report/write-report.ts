/**
 * Writes a run's report to the `--report` file: JSON for `.json`, markdown for `.md` /
 * `.markdown`, chosen by the file's extension. The text is passed through the secret
 * registry once more as a whole (nothing the collector kept can show a secret, and this
 * holds even for text a future section would add), then written to a temporary file
 * beside the target and renamed over it.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { OptionsError } from '../errors/errors.js'
import type { SecretRegistry } from '../vault/secrets.js'
import { buildReport } from './group-changes.js'
import { renderMarkdown } from './render-markdown.js'
import type { CollectedRun } from './report-model.js'

type ReportFormat = 'json' | 'markdown'

/** The format a report file's extension asks for; an unknown extension is an error, before the run. */
export function reportFormat(file: string): ReportFormat {
  const ext = extname(file).toLowerCase()
  if (ext === '.json') return 'json'
  if (ext === '.md' || ext === '.markdown') return 'markdown'
  throw new OptionsError(`--report ${file}: the report's format comes from its extension: .json, .md or .markdown (got '${ext || 'none'}')`)
}

/** The report's text as it is written. */
export function reportText(run: CollectedRun, format: ReportFormat, secrets: SecretRegistry): string {
  const report = buildReport(run)
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report)
  return secrets.maskText(text)
}

/**
 * The report of a run that stopped early (a parse error, an undefined variable in a play
 * keyword...): what was collected before the stop, if the run got that far, and the error.
 */
export function writeStoppedReport(file: string, collected: CollectedRun | undefined, stop: { check: boolean; playbooks: string[]; error: string }, secrets: SecretRegistry): void {
  const run = collected ?? { check: stop.check, playbooks: stop.playbooks, stats: {}, files: [], containers: [], handlers: [], failures: [], others: [] }
  const playbooks = run.playbooks.length ? run.playbooks : stop.playbooks
  writeReport(file, { ...run, playbooks, stopped: stop.error.replace(/\n+$/, '') }, secrets)
}

export function writeReport(file: string, run: CollectedRun, secrets: SecretRegistry): void {
  const text = reportText(run, reportFormat(file), secrets)
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`)
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}
