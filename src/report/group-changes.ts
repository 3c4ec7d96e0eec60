/**
 * Builds the report from what the collector saw: per-host counts, and each change shown
 * once with the hosts it happens on. Two changes are the same when all they show is the
 * same once the host's own name is taken out of the paths (kolla's per-host config
 * directories, `.../node-config/<host>/...`, are written `{host}`). Everything is sorted,
 * so that two reports of the same change are byte-identical, whatever order the hosts'
 * results arrived in.
 */
import type { HostStats } from '../plugin-api/callback.js'
import { REPORT_FORMAT, type CollectedRun, type Report } from './report-model.js'

const HOST = '{host}'

export function buildReport(run: CollectedRun): Report {
  const hosts = [...new Set([...Object.keys(run.stats), ...run.files.map((f) => f.host), ...run.failures.map((f) => f.host)])].sort()
  const files = group(run.files, (f) => [localPath(f.path, f.host), f.task, hostless(f.diff, f.host)])
    .map(({ hosts, items }) => {
      const first = items[0]!
      const one = hosts.length === 1
      return {
        path: one ? first.path : localPath(first.path, first.host),
        task: first.task,
        hosts,
        paths: Object.fromEntries(items.map((f) => [f.host, f.path])),
        diff: one ? first.diff : hostless(first.diff, first.host),
      }
    })
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.task, b.task) || cmp(a.hosts.join(), b.hosts.join()) || cmp(a.diff, b.diff))
  const containers = group(run.containers, (c) => [c.name, c.operation, c.task, c.action, String(c.image), c.steps.join(), JSON.stringify(c.reasons), c.notified_by.join('\n')])
    .map(({ hosts, items }) => ({ ...omitHost(items[0]!), hosts }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.task, b.task) || cmp(a.hosts.join(), b.hosts.join()) || cmp(JSON.stringify(a), JSON.stringify(b)))
  const handlers = group(run.handlers, (h) => [h.name, h.status, h.notified_by.join('\n')])
    .map(({ hosts, items }) => ({ name: items[0]!.name, status: items[0]!.status, notified_by: items[0]!.notified_by, hosts }))
    .sort((a, b) => cmp(a.name, b.name) || cmp(a.status, b.status) || cmp(a.notified_by.join('\n'), b.notified_by.join('\n')) || cmp(a.hosts.join(), b.hosts.join()))
  const failures = group(run.failures, (f) => [f.task, f.path, f.msg, String(f.ignored), String(f.unreachable), String(f.seq)])
    .sort((a, b) => a.items[0]!.seq - b.items[0]!.seq || cmp(a.hosts.join(), b.hosts.join()))
    .map(({ hosts, items }) => {
      const { task, path, msg, ignored, unreachable } = items[0]!
      return { task, path, msg, ignored, unreachable, hosts }
    })
  const others = group(run.others, (o) => [o.task, String(o.seq)])
    .sort((a, b) => a.items[0]!.seq - b.items[0]!.seq)
    .map(({ hosts, items }) => ({ task: items[0]!.task, hosts }))

  const count = <T extends { host: string }>(list: T[], h: string) => list.filter((x) => x.host === h).length
  const zero: HostStats = { ok: 0, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 }
  const perHost = Object.fromEntries(
    hosts.map((h) => [h, { ...zero, ...run.stats[h], files: count(run.files, h), containers: count(run.containers, h), handlers: count(run.handlers, h) }]),
  )
  return {
    format: REPORT_FORMAT,
    mode: run.check ? 'check' : 'run',
    playbooks: run.playbooks,
    ...(run.stopped === undefined ? {} : { stopped: { error: run.stopped } }),
    summary: {
      hosts: perHost,
      changed_hosts: hosts.filter((h) => perHost[h]!.changed > 0).length,
      failed_hosts: hosts.filter((h) => perHost[h]!.failures > 0 || perHost[h]!.unreachable > 0).length,
      files: run.files.length,
      containers: run.containers.length,
      handlers: run.handlers.length,
      failures: run.failures.filter((f) => !f.ignored).length,
    },
    files,
    containers,
    handlers,
    failures,
    other_changes: others,
  }
}

/** Items grouped by key, each group with its sorted hosts (one entry per host). */
function group<T extends { host: string }>(items: T[], key: (item: T) => string[]): { hosts: string[]; items: T[] }[] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = JSON.stringify(key(item))
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()].map((list) => {
    const sorted = [...list].sort((a, b) => cmp(a.host, b.host))
    return { hosts: [...new Set(sorted.map((i) => i.host))], items: sorted }
  })
}

function omitHost<T extends { host: string }>(item: T): Omit<T, 'host'> {
  const { host: _host, ...rest } = item
  return rest
}

/** A path with the segments that are the host's name written `{host}`. */
function localPath(path: string, host: string): string {
  return path
    .split('/')
    .map((s) => (s === host ? HOST : s))
    .join('/')
}

/** A diff's header lines with the host's path segments written `{host}` (the body is kept). */
function hostless(diff: string, host: string): string {
  return diff.replace(/^(--- before: |\+\+\+ after: )(.*)$/gm, (_m, head: string, path: string) => head + localPath(path, host))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
