/**
 * What a run report holds (`--report FILE`): per host, the files that change with their
 * diffs, the containers created, recreated or restarted and why, the handlers that run,
 * the tasks that fail, and the other changes; then the same grouped across hosts for
 * reading. Every string in here has been through the run's secret registry.
 */
import type { HostStats } from '../plugin-api/callback.js'

/** The report format's version, written at the top of the JSON form. */
export const REPORT_FORMAT = 'tsible-report/1'

/** A file a task changed (or would change), with its diff as unified text. */
interface FileChange {
  host: string
  path: string
  task: string
  /** The unified diff as `--diff` prints it ('' when the module gave no text diff). */
  diff: string
}

/** One attribute kolla's comparison found different on a container. */
export interface ContainerReason {
  attribute: string
  current: unknown
  wanted: unknown
}

/** A container a kolla_docker task created, recreated, restarted... (its `container_plan`). */
interface ContainerChange {
  host: string
  name: string
  task: string
  /** create | recreate | restart | start | stop | remove | pull | create_volume... */
  operation: string
  action: string
  image: string | null
  steps: string[]
  reasons: ContainerReason[]
  /** When a handler did it: the tasks whose changes notified that handler on this host. */
  notified_by: string[]
}

/** A handler notified on a host, and what its run gave (`notified` when it never ran). */
export interface HandlerRun {
  host: string
  name: string
  status: 'notified' | 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable'
  /** The tasks whose changes notified it on this host. */
  notified_by: string[]
}

/** A task that failed (or was unreachable) on a host. */
interface TaskFailure {
  host: string
  task: string
  /** `file:line` of the task. */
  path: string
  msg: string
  ignored: boolean
  unreachable: boolean
  /** The order the task started in the run, for stable sorting. */
  seq: number
}

/** A task that changed something without a file diff or a container plan (a command, a package...). */
interface OtherChange {
  host: string
  task: string
  seq: number
}

/** Everything the collector saw, per host and flat. */
export interface CollectedRun {
  check: boolean
  playbooks: string[]
  stats: Record<string, HostStats>
  files: FileChange[]
  containers: ContainerChange[]
  handlers: HandlerRun[]
  failures: TaskFailure[]
  others: OtherChange[]
  /** The error that ended the run before it completed (as `ERROR! ...` prints it), if one did. */
  stopped?: string
}

/** The report as written: a summary per host, then the changes grouped across hosts. */
export interface Report {
  format: typeof REPORT_FORMAT
  mode: 'check' | 'run'
  playbooks: string[]
  /** Present when the run did not complete: the error that stopped it, with file, line and column. */
  stopped?: { error: string }
  summary: {
    hosts: Record<string, HostStats & { files: number; containers: number; handlers: number }>
    changed_hosts: number
    failed_hosts: number
    files: number
    containers: number
    handlers: number
    failures: number
  }
  files: { path: string; task: string; hosts: string[]; paths: Record<string, string>; diff: string }[]
  containers: { name: string; operation: string; task: string; action: string; image: string | null; steps: string[]; reasons: ContainerReason[]; notified_by: string[]; hosts: string[] }[]
  handlers: { name: string; status: HandlerRun['status']; notified_by: string[]; hosts: string[] }[]
  failures: { task: string; path: string; msg: string; ignored: boolean; unreachable: boolean; hosts: string[] }[]
  other_changes: { task: string; hosts: string[] }[]
}
