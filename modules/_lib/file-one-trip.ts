/**
 * The file module's usual cases in one round trip each: the path's stat, the changes
 * (each made on the host only when the stat says it is needed) and the stat for the
 * result go as one batch. Each function gives the result, or `undefined` with the stat
 * it found when the path is not in the shape its batch assumed (nothing changed then),
 * for the step-by-step code in file.ts to take over without a second look.
 */
import { dirname, resolve } from 'node:path'
import {
  attributesFixed,
  attributeSteps,
  octalMode,
  pathResultKeys,
  planAttributes,
  resolveMode,
  type FileAttributes,
  type FileStat,
  type HostStep,
  type ModuleContext,
  type ModuleResult,
  type StepCondition,
  type StepResult,
} from '../../src/plugin-kit.js'

export interface FileArgs extends FileAttributes {
  path: string
  src?: string
  force: boolean
  follow: boolean
  recurse: boolean
  modification_time?: string
  access_time?: string
}

export type Diff = { before: Record<string, unknown>; after: Record<string, unknown> }

/** What a one-trip path found: its result, or the path's stat (follow: false) for the other path. */
export type OneTrip = { result: ModuleResult } | { st: FileStat | null }

const exists: StepCondition = { not: { absent: 0 } }

/** The diff of a state change: `{path}` on both sides, and the states when they differ. */
export function initialDiff(path: string, prev: string, state: string): Diff {
  const diff: Diff = { before: { path }, after: { path } }
  if (prev !== state) {
    diff.before.state = prev
    diff.after.state = state
  }
  return diff
}

/** Adds an attribute change's before/after to a diff. */
export function merge(diff: Diff, attrs: { before: Record<string, unknown>; after: Record<string, unknown> }): void {
  Object.assign(diff.before, attrs.before)
  Object.assign(diff.after, attrs.after)
}

export function stateOf(st: FileStat | null): string {
  if (!st) return 'absent'
  if (st.type === 'link') return 'link'
  if (st.type === 'directory') return 'directory'
  if (st.nlink > 1 && st.type === 'file') return 'hard'
  return 'file'
}

/**
 * state=file on a path that already is one, state=directory on a path that already is
 * one or is missing (with its missing parents, each created directory given the
 * attributes, as Ansible does); no link, no recursion.
 */
export async function attributesInOneTrip(ctx: ModuleContext, args: FileArgs, state: 'directory' | 'file'): Promise<OneTrip> {
  const path = args.path
  const steps: HostStep[] = [{ op: 'stat', path, follow: false }, ...attributeSteps(0, path, args, { step: 0, type: state })]
  const created = state === 'directory' ? creationSteps(steps, args) : undefined
  const finalAt = steps.push({ op: 'stat', path, follow: state === 'directory' ? true : args.follow, when: anyRan(steps, 1) }) - 1
  const r = await ctx.batch(steps)
  const st = r[0].stat ?? null
  if (created && !st) return { result: createdResult(ctx, args, r, created, r[finalAt].stat ?? null) }
  if (st?.type !== state) return { st }
  const prev = stateOf(st)
  const diff = initialDiff(path, state === 'file' && prev === 'hard' ? 'file' : prev, state)
  const attrs = planAttributes(path, st, args)
  merge(diff, attrs)
  // Not looked at again when nothing changed: the first stat is the path's (no link here).
  const now = r[finalAt].ran ? r[finalAt].stat : st
  if (state === 'directory') return { result: { changed: attrs.changed, path, ...(now ? pathResultKeys(now) : {}), state: 'directory', diff } }
  const keys = ctx.check && attrs.changed ? { ...pathResultKeys(st), ...(attrs.after.mode ? { mode: attrs.after.mode } : {}) } : now ? pathResultKeys(now) : {}
  return { result: { changed: attrs.changed, path, ...keys, diff } }
}

/**
 * The steps that create a missing directory and its missing parents: each parent is
 * looked at only while the one below it is missing; then, from the top, each missing one
 * is made, looked at, and given the attributes. Returns where the leaf's own stat of
 * what was created is.
 */
function creationSteps(steps: HostStep[], args: FileArgs): { leafCreated: number } {
  const levels: string[] = []
  for (let p = resolve(args.path); p !== '/'; p = dirname(p)) levels.push(p)
  const before = [0]
  for (let j = 1; j < levels.length; j++) before.push(steps.push({ op: 'stat', path: levels[j], follow: true, when: { absent: before[j - 1] } }) - 1)
  let leafCreated = -1
  for (let j = levels.length - 1; j >= 0; j--) {
    const missing: StepCondition = { absent: before[j] }
    steps.push({ op: 'file', change: { op: 'mkdir', path: levels[j], parents: true }, when: missing })
    const made = steps.push({ op: 'stat', path: levels[j], follow: false, when: missing }) - 1
    steps.push(...attributeSteps(made, levels[j], args, { step: made }))
    if (j === 0) leafCreated = made
  }
  return { leafCreated }
}

function createdResult(ctx: ModuleContext, args: FileArgs, r: StepResult[], created: { leafCreated: number }, now: FileStat | null): ModuleResult {
  const path = args.path
  const diff = initialDiff(path, 'absent', 'directory')
  if (ctx.check) {
    if (args.mode !== undefined && args.mode !== null) diff.after.mode = octalMode(resolveMode(args.mode, 0o755, true))
    return { changed: true, path, diff }
  }
  const leaf = r[created.leafCreated].stat
  if (leaf) {
    const attrs = planAttributes(path, leaf, args)
    merge(diff, attrs)
  }
  return { changed: true, path, ...(now ? pathResultKeys(now) : {}), state: 'directory', diff }
}

/** Holds when any change step from `from` on ran (so the path is worth a new look). */
function anyRan(steps: readonly HostStep[], from: number): StepCondition {
  return { any: steps.flatMap((s, i) => (i >= from && (s.op === 'write' || s.op === 'file') ? [{ ran: i }] : [])) }
}

/** state=absent on anything but a directory (whose listing the diff shows). */
export async function absentInOneTrip(ctx: ModuleContext, path: string): Promise<OneTrip> {
  const r = await ctx.batch([
    { op: 'stat', path, follow: false },
    { op: 'file', change: { op: 'remove', path, recursive: false }, when: { all: [exists, { not: { step: 0, type: 'directory' } }] } },
  ])
  const st = r[0].stat ?? null
  if (st?.type === 'directory') return { st }
  const diff = initialDiff(path, stateOf(st), 'absent')
  return { result: { changed: st !== null, path, state: 'absent', diff } }
}

/** state=touch, following links: create or re-time the path, then its attributes. */
export async function touchInOneTrip(ctx: ModuleContext, args: FileArgs): Promise<OneTrip> {
  const path = args.path
  const now = Date.now() / 1000
  const steps: HostStep[] = [
    { op: 'stat', path, follow: false },
    { op: 'stat', path: dirname(path), follow: true },
    { op: 'file', change: { op: 'touch', path }, when: { all: [{ absent: 0 }, { not: { absent: 1 } }] } },
    { op: 'file', change: { op: 'utime', path, atime: now, mtime: now, follow: true }, when: exists },
    { op: 'stat', path, follow: true },
    ...attributeSteps(4, path, args, { all: [{ not: { absent: 4 } }, { not: { step: 4, type: 'link' } }] }),
  ]
  const finalAt = steps.push({ op: 'stat', path, follow: true }) - 1
  const r = await ctx.batch(steps)
  const st = r[0].stat ?? null
  if (!st && !r[1].stat && !ctx.check) ctx.fail(`Error, could not touch target: [Errno 2] No such file or directory: b'${path}'`, { path })
  const diff = initialDiff(path, stateOf(st), 'touch')
  if (ctx.check) return { result: { changed: true, dest: path } }
  const touched = r[4].stat
  if (touched) {
    const attrs = planAttributes(path, touched, args)
    merge(diff, attrs)
  }
  const fin = r[finalAt].stat
  return { result: { changed: true, dest: path, ...(fin ? pathResultKeys(fin) : {}), diff } }
}

/** state=link: the symlink made, or replaced when it points elsewhere (or, with force, is no link). */
export async function linkInOneTrip(ctx: ModuleContext, args: FileArgs, src: string): Promise<OneTrip> {
  const path = args.path
  const linkDiffers: StepCondition = { all: [{ step: 0, type: 'link' }, { not: { step: 0, type: 'link', linkTarget: src } }] }
  const other: StepCondition = { all: [exists, { not: { step: 0, type: 'link' } }] }
  const replace: StepCondition = args.force ? { any: [linkDiffers, other] } : linkDiffers
  const r = await ctx.batch([
    { op: 'stat', path, follow: false },
    { op: 'file', change: { op: 'remove', path, recursive: false }, when: replace },
    { op: 'file', change: { op: 'symlink', path, target: src }, when: { any: [{ absent: 0 }, replace] } },
    { op: 'stat', path, follow: false, when: { any: [{ ran: 1 }, { ran: 2 }] } },
  ])
  const st = r[0].stat ?? null
  if (st && st.type !== 'link' && !args.force) return { st }
  const changed = !st || st.type !== 'link' || st.linkTarget !== src
  const diff = initialDiff(path, stateOf(st), 'link')
  if (ctx.check) return { result: { changed, dest: path, src, diff } }
  const now = r[3].ran ? r[3].stat : st
  return { result: { changed, dest: path, src, ...(now ? pathResultKeys(now) : {}), state: 'link', diff } }
}

/** Whether the state can go in one trip with these arguments. */
export function oneTripFits(args: FileArgs, state: string | undefined): boolean {
  if (state === 'absent') return true
  if (state === 'link') return args.src !== undefined
  if (!attributesFixed(args)) return false
  // Times to set (modification_time/access_time) take the step-by-step path.
  if (args.modification_time !== undefined || args.access_time !== undefined) return false
  if (state === 'directory') return !args.recurse
  if (state === 'file') return true
  if (state === 'touch') return args.follow
  return false
}
