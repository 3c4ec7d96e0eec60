/**
 * The report as markdown, for a merge request's comment: a summary table per host, then
 * the files with their diffs, the containers and why, the handlers, the failed tasks and
 * the other changes, each shown once with the hosts it happens on.
 */
import { foldDiff } from './fold-diff.js'
import type { Report } from './report-model.js'

export function renderMarkdown(report: Report): string {
  const would = report.mode === 'check'
  const out: string[] = []
  const s = report.summary
  out.push(`# tsible ${would ? 'plan (dry run, nothing was changed)' : 'run report'}`, '')
  out.push(`Playbooks: ${report.playbooks.map(code).join(', ') || 'none'}`, '')
  if (report.stopped) {
    out.push(`## The ${would ? 'dry run' : 'run'} did not complete`, '', 'It stopped at this error; what follows is only what it did before.', '', fence(report.stopped.error, ''), '')
  }
  out.push('## Summary', '')
  out.push(
    `${s.changed_hosts} host${plural(s.changed_hosts)} ${would ? 'would change' : 'changed'}, ${s.failed_hosts} ${would ? 'would fail' : 'failed'}; ` +
      `${s.files} file change${plural(s.files)}, ${s.containers} container change${plural(s.containers)}, ` +
      `${s.handlers} handler run${plural(s.handlers)}, ${s.failures} failed task${plural(s.failures)}.`,
    '',
  )
  out.push('| Host | ok | changed | failed | unreachable | skipped | files | containers | handlers |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|')
  for (const [host, h] of Object.entries(report.summary.hosts)) {
    out.push(`| ${cell(host)} | ${h.ok} | ${h.changed} | ${h.failures} | ${h.unreachable} | ${h.skipped} | ${h.files} | ${h.containers} | ${h.handlers} |`)
  }
  out.push('')
  if (report.failures.length) {
    out.push(`## Tasks that ${would ? 'would fail' : 'failed'}`, '')
    for (const f of report.failures) {
      const tag = f.unreachable ? ' (unreachable)' : f.ignored ? ' (ignored)' : ''
      out.push(`- ${code(f.task)}${tag} on ${hostList(f.hosts)}${f.path ? ` (${code(f.path)})` : ''}`)
      if (f.msg) out.push('', fence(f.msg, '', '  '))
    }
    out.push('')
  }
  if (report.containers.length) {
    out.push(`## Containers`, '')
    out.push('| Container | Operation | Hosts | Why | Task |', '|---|---|---|---|---|')
    for (const c of report.containers) {
      const differ = c.reasons.map((r) => `${code(r.attribute)}: ${code(JSON.stringify(r.current))} → ${code(JSON.stringify(r.wanted))}`)
      const notified = c.notified_by.length ? [`notified by ${c.notified_by.map(code).join(', ')}`] : []
      const why = [...differ, ...notified].join('<br>') || '—'
      out.push(`| ${code(c.name)} | ${would ? 'would ' : ''}${c.operation} | ${cell(c.hosts.join(', '))} | ${why} | ${code(c.task)} |`)
    }
    out.push('')
  }
  if (report.handlers.length) {
    out.push(`## Handlers`, '')
    // In a dry run a notified handler is what a real run runs; its own check run may be skipped.
    if (would) out.push('Notified handlers run in a real run; the status is that of their run in this dry run.', '')
    for (const h of report.handlers) {
      const by = h.notified_by.length ? `, notified by ${h.notified_by.map(code).join(', ')}` : ''
      out.push(`- ${code(h.name)}: ${h.status} on ${hostList(h.hosts)}${by}`)
    }
    out.push('')
  }
  if (report.files.length) {
    out.push(`## Files`, '')
    for (const f of report.files) {
      out.push(`### ${code(f.path)}`, '', `${hostList(f.hosts)} · ${code(f.task)}`, '')
      const { text, note } = foldDiff(f.diff)
      if (text) out.push(fence(text, 'diff'), '')
      if (note) out.push(`> ${note}`, '')
    }
  }
  if (report.other_changes.length) {
    out.push(`## Other changes (no diff)`, '')
    for (const o of report.other_changes) out.push(`- ${code(o.task)} on ${hostList(o.hosts)}`)
    out.push('')
  }
  return out.join('\n')
}

function plural(n: number): string {
  return n === 1 ? '' : 's'
}

function hostList(hosts: string[]): string {
  return `${hosts.length} host${plural(hosts.length)} (${hosts.join(', ')})`
}

/** Inline code that survives any backticks inside, and pipes in table cells. */
function code(text: string): string {
  const runs = text.match(/`+/g) ?? []
  const ticks = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${ticks}${pad}${text.replace(/\|/g, '\\|').replace(/\n/g, ' ')}${pad}${ticks}`
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|')
}

/** A fenced block longer than any backtick run inside it. */
function fence(text: string, lang: string, indent = ''): string {
  const runs = text.match(/`{3,}/g) ?? []
  const ticks = '`'.repeat(Math.max(2, ...runs.map((r) => r.length)) + 1)
  const body = text.endsWith('\n') ? text : `${text}\n`
  return [`${ticks}${lang}`, ...body.slice(0, -1).split('\n'), ticks].map((l) => indent + l).join('\n')
}
