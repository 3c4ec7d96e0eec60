/**
 * What merge_configs and merge_yaml share (kolla's ansible/action_plugins/merge_*.py):
 * reading each readable source on the controller, templating it as kolla's action does
 * (`Templar.template` of the text: backslashes escaped, data conversion on, include
 * search path of the source's directory), and handing the merged text to copy's write
 * path.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { ModuleFailure, pyStr, writeFileLikeCopy, type ModuleContext, type ModuleResult } from '../../../src/plugin-kit.js'

/** An exception the Python action itself would raise (OSError, TypeError...), not an AnsibleError. */
export class ActionCrash extends Error {}

/** Arguments both actions pass through to copy. */
export interface CopyPassThrough {
  dest: string
  mode?: string | number | null
  owner?: string | null
  group?: string | null
  backup?: boolean
  force?: boolean
}

export const copyArgSchema = {
  dest: { type: 'string' },
  mode: {},
  owner: { type: 'string' },
  group: { type: 'string' },
  backup: { type: 'boolean', default: false },
  force: { type: 'boolean', default: true },
} as const

/** `sources` as kolla reads it: a list, or one value taken as a list of one. */
export function sourceList(sources: unknown): unknown[] {
  return Array.isArray(sources) ? sources : [sources]
}

/**
 * The templated text of a controller source, or `null` when kolla skips it
 * (`os.access(source, R_OK)` false). Python's text mode turns `\r\n` and `\r` into `\n`.
 */
export function readSource(ctx: ModuleContext, source: unknown, vars?: Record<string, unknown>): string | null {
  if (source === null || source === undefined || source === '') return null
  const path = resolve(pyStr(source))
  try {
    accessSync(path, constants.R_OK)
  } catch {
    return null
  }
  if (statSync(path).isDirectory()) throw new ActionCrash(`[Errno 21] Is a directory: '${pyStr(source)}'`)
  const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n')
  return ctx.controller.renderTemplate(text, {
    path,
    searchPath: [dirname(path)],
    vars,
    escapeBackslashes: true,
    convertData: true,
  })
}

/** Writes the merged content as the copy action would, from a temp `source` file. */
export function writeLikeCopy(ctx: ModuleContext, args: CopyPassThrough, content: string): Promise<ModuleResult> {
  return writeFileLikeCopy(ctx, {
    dest: args.dest,
    content,
    // The action's temp file is named `source`: a directory dest receives `dest/source`.
    src: join(ctx.controller.tmpDir(), 'source'),
    mode: args.mode ?? undefined,
    owner: args.owner ?? undefined,
    group: args.group ?? undefined,
    backup: args.backup,
    force: args.force,
  })
}

/**
 * An error raised by the action's own Python code (not an AnsibleError) fails the task as
 * ansible-core's TaskExecutor reports it.
 */
export function unexpectedFailure(ctx: ModuleContext, e: unknown): never {
  if (e instanceof ModuleFailure) throw e
  const msg = e instanceof Error ? e.message : String(e)
  ctx.fail(`Unexpected failure during module execution: ${msg}`, { stdout: '' })
}
