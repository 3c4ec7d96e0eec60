/**
 * Replays a run recorded from ansible-playbook 2.14 (test/fixtures/callback/recorded,
 * made by tools/record_cases.py) through a tsible callback, and returns what it printed.
 *
 * The recording holds the callback events Ansible sent, plus what Ansible printed outside
 * its stdout callback (version block, connection lines, engine warnings). The latter is
 * replayed through the same Display, so the whole stdout and stderr can be compared byte
 * for byte with Ansible's, while only the callback's own output is produced by tsible.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Display } from '../../../src/output/display.js'
import { useColor } from '../../../src/output/color.js'
import { resolveCallbackOptions } from '../../../src/output/callback-options.js'
import { boolean } from '../../../src/py/boolean.js'
import {
  ANSIBLE_EVENTS,
  type CallbackDefinition,
  type CallbackPlugin,
  type CallbackSettings,
} from '../../../src/plugin-api/callback.js'
import { PyFloat } from '../../../src/py/values.js'

export const FIXTURES = join(import.meta.dirname, '../../fixtures/callback')

export interface RecordedRun {
  name: string
  args: string[]
  env: Record<string, string>
  /** The stdout callback the run used. */
  callback: string
  events: RecordedEvent[]
  cliArgs: { args: string[]; options: [string, string][] }
  stdout: string
  stderr: string
}

export interface RecordedEvent {
  event: string
  args?: unknown[]
  kwargs?: Record<string, unknown>
  [key: string]: unknown
}

/** Every recorded run, as `case/run`. */
export function recordedRuns(): RecordedRun[] {
  const runs: RecordedRun[] = []
  for (const c of readdirSync(join(FIXTURES, 'cases')).sort()) {
    const spec = JSON.parse(readFileSync(join(FIXTURES, 'cases', c, 'case.json'), 'utf8')) as {
      runs: Record<string, { args: string[]; env?: Record<string, string> }>
    }
    for (const [run, { args, env = {} }] of Object.entries(spec.runs)) {
      const dir = join(FIXTURES, 'recorded', c, run)
      const events = JSON.parse(readFileSync(join(dir, 'events.json'), 'utf8'))
      runs.push({
        name: `${c}/${run}`,
        args,
        env: { ANSIBLE_NOCOLOR: '1', ...env },
        callback: env.ANSIBLE_STDOUT_CALLBACK ?? 'default',
        // Frozen: callbacks share one result object and must not change it.
        events: deepFreeze(decodePython(events.events)) as RecordedEvent[],
        cliArgs: events.cliArgs,
        stdout: readFileSync(join(dir, 'stdout.txt'), 'utf8'),
        stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8'),
      })
    }
  }
  return runs
}

/** Python values the recorder tagged: integral floats. */
function decodePython(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodePython)
  if (v === null || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  if ('__pyfloat__' in o) {
    const f = o.__pyfloat__
    return typeof f === 'number' ? new PyFloat(f) : Number(String(f).replace('inf', 'Infinity'))
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodePython(x)]))
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

const envBool = (value: string | undefined, dflt: boolean) => (value === undefined ? dflt : boolean(value, false))

export function verbosityOf(args: string[]): number {
  return args.filter((a) => /^-v+$/.test(a)).reduce((n, a) => n + a.length - 1, 0)
}

const HOOKS = new Map<string, string>(Object.entries(ANSIBLE_EVENTS).map(([hook, event]) => [event, hook]))

/** Replays `run` through the callback `definition`; returns its stdout and stderr. */
export async function replay(run: RecordedRun, definition: CallbackDefinition<any>): Promise<{ stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const env = run.env
  const display = new Display({
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    verbosity: verbosityOf(run.args),
    color: useColor({ nocolor: envBool(env.ANSIBLE_NOCOLOR, false), forceColor: envBool(env.ANSIBLE_FORCE_COLOR, false), isTTY: false }),
    deprecationWarnings: envBool(env.ANSIBLE_DEPRECATION_WARNINGS, true),
  })
  const settings: CallbackSettings = {
    check: run.args.includes('--check') || run.args.includes('-C'),
    diffContext: env.ANSIBLE_DIFF_CONTEXT ? Number(env.ANSIBLE_DIFF_CONTEXT) : 3,
    actionWarnings: envBool(env.ANSIBLE_ACTION_WARNINGS, true),
    displayArgsToStdout: envBool(env.ANSIBLE_DISPLAY_ARGS_TO_STDOUT, false),
    cliArgs: run.cliArgs,
  }
  const callback = definition.create({ display, settings, options: resolveCallbackOptions(definition.options, { env }) })
  for (const e of run.events) await dispatch(e, callback, display)
  return { stdout, stderr }
}

async function dispatch(e: RecordedEvent, callback: CallbackPlugin, display: Display): Promise<void> {
  if (e.event === 'display') {
    display.display(e.text as string, {
      color: e.color as string | null,
      stderr: e.stderr as boolean,
      screenOnly: e.screenOnly as boolean,
      logOnly: e.logOnly as boolean,
      newline: e.newline as boolean,
    })
    return
  }
  if (e.event === 'warning') return display.warning(e.msg as string, e.formatted as boolean)
  if (e.event === 'deprecated') {
    return display.deprecated({
      msg: e.msg as string,
      version: e.version as string | null,
      date: e.date as string | null,
      collectionName: e.collectionName as string | null,
      removed: e.removed as boolean,
    })
  }
  const hook = HOOKS.get(e.event)
  if (!hook) return
  const args = [...(e.args ?? [])]
  // Ansible's TaskQueueManager does not send implicit tasks to callbacks that do not want them.
  const implicit = args.some((a) => typeof a === 'object' && a !== null && (a as { implicit?: boolean }).implicit === true)
  if (implicit && !callback.wantsImplicitTasks) return
  const kw = e.kwargs ?? {}
  if (e.event === 'v2_playbook_on_task_start') args.push(kw.is_conditional ?? false)
  if (e.event === 'v2_runner_on_failed') args.push(kw.ignore_errors ?? false)
  const fn = (callback as Record<string, unknown>)[hook]
  if (typeof fn === 'function') await fn.apply(callback, args)
}
