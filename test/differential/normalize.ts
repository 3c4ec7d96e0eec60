/**
 * What must match between ansible-playbook 2.14 and tsible for one run: the exit code,
 * the ERROR lines, the recap stats, and per play / task / host the status plus a chosen
 * set of result keys that are engine semantics rather than module implementation details.
 * Everything else in a result (timings, ids, invocation, module bookkeeping) is dropped.
 *
 * To compare more, widen COMPARED_KEYS (or DEBUG_BOOKKEEPING); goldens keep the whole
 * json document, so no re-recording is needed.
 */
import type { Golden } from './golden.js'

export type Status = 'ok' | 'changed' | 'skipped' | 'failed' | 'ignored' | 'unreachable'

export interface NormalizedResult {
  status: Status
  [key: string]: unknown
}

export interface NormalizedTask {
  task: string
  hosts: Record<string, NormalizedResult>
}

export interface NormalizedPlay {
  play: string
  tasks: NormalizedTask[]
}

export interface NormalizedRun {
  rc: number
  /** First line of each `ERROR! …` / `[ERROR]: …` message on stderr. */
  errors: string[]
  plays: NormalizedPlay[] | null
  stats: unknown
  custom_stats: unknown
}

type Result = Record<string, unknown>

/**
 * As ../shared/fixtures/kolla-config/normalize-statuses.py computes it. Note the json
 * callback never records `ignore_errors` in a result, so an ignored failure reads as
 * "failed" here on both sides; the stats block carries the `ignored` count.
 */
export function statusOf(r: Result): Status {
  if (r.unreachable) return 'unreachable'
  if (r.skipped) return 'skipped'
  if (r.failed) return r.ignore_errors ? 'ignored' : 'failed'
  return r.changed ? 'changed' : 'ok'
}

const shortAction = (a: unknown) => (typeof a === 'string' ? a.replace(/^ansible\.(builtin|legacy)\./, '') : '')

const COMMANDS = new Set(['command', 'shell'])
const MSG_ACTIONS = new Set(['debug', 'fail', 'assert'])
const INCLUDES = new Set(['include_tasks', 'include_role', 'include_vars', 'include'])

/** Messages the engine itself produces (templating, conditionals), whatever the action. */
const ENGINE_MESSAGE = /is undefined|has no attribute|undefined variable|conditional check|recursive loop|template error/i

const always = () => true

/** Result keys compared, each with the results it is compared for (given the short action name). */
const COMPARED_KEYS: { key: string; when: (action: string, r: Result) => boolean; map?: (v: unknown) => unknown }[] = [
  { key: 'action', when: always },
  {
    key: 'msg',
    when: (a, r) => MSG_ACTIONS.has(a) || Array.isArray(r.results) || (typeof r.msg === 'string' && ENGINE_MESSAGE.test(r.msg)),
  },
  { key: 'skip_reason', when: always },
  { key: 'skipped_reason', when: always },
  { key: 'attempts', when: always },
  { key: 'censored', when: always },
  { key: 'failed_when_result', when: always },
  { key: 'changed_when_result', when: always },
  // A command skipped by check mode still carries rc/stdout: module bookkeeping, not output.
  { key: 'rc', when: (a, r) => COMMANDS.has(a) && !r.skipped },
  { key: 'stdout', when: (a, r) => COMMANDS.has(a) && !r.skipped },
  { key: 'ansible_facts', when: always, map: withoutInterpreterFacts },
  { key: 'diff', when: always, map: contentChanges },
  { key: 'assertion', when: (a) => a === 'assert' },
  { key: 'evaluated_to', when: (a) => a === 'assert' },
  { key: 'add_group', when: (a) => a === 'group_by' },
  { key: 'parent_groups', when: (a) => a === 'group_by' },
  { key: 'add_host', when: (a) => a === 'add_host' },
  { key: 'include', when: (a) => INCLUDES.has(a) },
  { key: 'ansible_included_var_files', when: (a) => a === 'include_vars' },
  // include_vars reports its own errors under `message`, not `msg`.
  { key: 'message', when: (a) => a === 'include_vars' },
]

/** Keys of a debug result that are bookkeeping; any other key is `msg` or a `var=` name. */
const DEBUG_BOOKKEEPING = new Set(['changed', 'failed', 'skipped', 'action', 'item', 'ansible_loop_var', 'ansible_index_var', 'ansible_loop', 'results'])

/** Python interpreter discovery is Ansible's module transport, not an engine semantic. */
function withoutInterpreterFacts(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'discovered_interpreter_python'))
  return Object.keys(rest).length ? rest : undefined
}

/**
 * --diff output reduced to the text changes (before/after strings that differ): headers
 * name controller temp files, and dict-shaped diffs (file attributes) are module detail.
 */
function contentChanges(v: unknown): unknown {
  const entries = (Array.isArray(v) ? v : [v]) as { before?: unknown; after?: unknown }[]
  const changes = entries
    .filter((d) => d && typeof d.before === 'string' && typeof d.after === 'string' && d.before !== d.after)
    .map((d) => ({ before: d.before, after: d.after }))
  return changes.length ? changes : undefined
}

export function reduceResult(r: Result): NormalizedResult {
  const out: NormalizedResult = { status: statusOf(r) }
  const action = shortAction(r.action)
  for (const { key, when, map } of COMPARED_KEYS) {
    if (!(key in r) || !when(action, r)) continue
    const v = map ? map(r[key]) : r[key]
    if (v !== undefined) out[key] = v
  }
  if (action === 'debug') {
    // A loop item's result also carries the loop and index variables under their own names.
    const loopVars = [r.ansible_loop_var, r.ansible_index_var].filter((v) => typeof v === 'string')
    for (const [k, v] of Object.entries(r)) {
      if (k.startsWith('_ansible_') || DEBUG_BOOKKEEPING.has(k) || loopVars.includes(k) || k in out) continue
      out[k] = v
    }
  }
  if (Array.isArray(r.results)) {
    out.items = r.results.map((item: Result) => {
      const reduced = reduceResult({ action: r.action, ...item })
      delete reduced.action
      return '_ansible_item_label' in item ? { label: item._ansible_item_label, ...reduced } : reduced
    })
  }
  return out
}

const sortedHosts = (hosts: Record<string, Result>) =>
  Object.fromEntries(
    Object.keys(hosts)
      .sort()
      .map((h) => [h, reduceResult(hosts[h]!)]),
  )

interface JsonDoc {
  plays: { play: { name: string }; tasks: { task: { name: string }; hosts: Record<string, Result> }[] }[]
  stats: unknown
  custom_stats?: unknown
}

/**
 * `ERROR! …` keeps its first line (what follows is the position block). `[ERROR]: …` is
 * wrapped at the terminal width by Ansible's display, so its continuation lines are joined.
 */
export function errorLines(stderr: string): string[] {
  const lines = stderr.split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimStart()
    if (line.startsWith('ERROR!')) out.push(line.trimEnd())
    if (!line.startsWith('[ERROR]:')) continue
    let msg = line
    while (i + 1 < lines.length && lines[i + 1]!.trim() !== '' && !/^\s*(\[[A-Z]+\]:|ERROR!)/.test(lines[i + 1]!)) {
      msg += ' ' + lines[++i]!.trim()
    }
    out.push(msg.replace(/\s+/g, ' ').trim())
  }
  return out
}

/** The one normalisation applied to both sides before comparing. */
export function normalizeRun(g: Golden): NormalizedRun {
  const doc = g.output as JsonDoc | null
  return {
    rc: g.rc,
    errors: errorLines(g.stderr),
    plays: doc
      ? doc.plays.map((p) => ({
          play: p.play.name,
          tasks: p.tasks.map((t) => ({ task: t.task.name, hosts: sortedHosts(t.hosts) })),
        }))
      : null,
    stats: doc?.stats ?? null,
    custom_stats: doc?.custom_stats ?? null,
  }
}
