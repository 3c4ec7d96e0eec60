/**
 * Makes two runs' default-callback output comparable: what differs between two runs of
 * Ansible itself (timestamps, durations, temporary paths, ids) is replaced, and within
 * each task the lines are grouped by host, keeping each host's own order (hosts finish in
 * any order in the fork pool). For end-to-end comparisons with the recorded goldens.
 */

const VOLATILE: [RegExp, string][] = [
  [/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g, '<time>'],
  [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z/g, '<time>'],
  [/"delta": "\d+:\d\d:\d\d\.\d{6}"/g, '"delta": "<delta>"'],
  [/\/[^\s"']*\/\.ansible\/tmp\/[^\s"'\\]*/g, '<tmp>'],
  [/\/tmp\/ansible_[\w.-]+_payload_\w+/g, '<tmp>'],
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'],
]

export function normalizeVolatile(text: string): string {
  return VOLATILE.reduce((t, [re, by]) => t.replace(re, by), text)
}

// A line that starts one host's output within a task.
const ENTRY = /^(ok|changed|skipping|fatal|failed): \[([^\]\s]+)|^FAILED - RETRYING: \[([^\]\s]+)/
const BANNER = /^\S.* \*{3,}$/

/** Groups each task's lines by host (stable), so host order does not matter. */
export function groupByHost(text: string): string {
  const out: string[] = []
  let entries: { host: string; lines: string[] }[] = []
  let pending: string[] = []
  const flush = () => {
    const order = [...new Set(entries.map((e) => e.host))].sort()
    for (const h of order) for (const e of entries) if (e.host === h) out.push(...e.lines)
    out.push(...pending)
    entries = []
    pending = []
  }
  for (const line of text.split('\n')) {
    if (BANNER.test(line)) {
      flush()
      out.push(line)
      continue
    }
    const m = ENTRY.exec(line)
    if (m) {
      // Lines before a status line (a diff) belong to it.
      entries.push({ host: m[2] ?? m[3]!, lines: [...pending, line] })
      pending = []
    } else if (entries.length && (line === '...ignoring' || /^( |\})/.test(line))) {
      entries[entries.length - 1]!.lines.push(line)
    } else pending.push(line)
  }
  flush()
  return out.join('\n')
}

export function normalizeOutput(text: string): string {
  return groupByHost(normalizeVolatile(text))
}
