/**
 * file (ansible-core 2.14): a path's state (file, directory, link, hard, touch, absent)
 * and attributes (mode, owner, group), with Ansible's result keys, messages and diff.
 * A missing directory is created with every missing parent, and the attributes are
 * applied to each directory created, as Ansible does.
 */
import { dirname, join, resolve } from 'node:path'
import {
  applyAttributes,
  defineModule,
  FILE_COMMON_ALIASES,
  FILE_COMMON_ARGS,
  octalMode,
  pathResultKeys,
  resolveMode,
  strptime,
  type FileStat,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'
import { absentInOneTrip, attributesInOneTrip, initialDiff, linkInOneTrip, merge, oneTripFits, stateOf, touchInOneTrip, type Diff, type OneTrip } from './_lib/file-one-trip.js'

interface Args {
  path: string
  state?: 'file' | 'directory' | 'link' | 'hard' | 'touch' | 'absent'
  src?: string
  recurse: boolean
  force: boolean
  follow: boolean
  mode?: string | number
  owner?: string
  group?: string
  modification_time?: string
  modification_time_format: string
  access_time?: string
  access_time_format: string
}

export default defineModule<Args>({
  name: 'file',
  fqcns: ['ansible.builtin.file', 'ansible.legacy.file'],
  summary: 'Manage files, directories, links and their attributes',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'] },
      src: { type: 'string' },
      recurse: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: true },
      ...FILE_COMMON_ARGS,
      modification_time: { type: 'string' },
      modification_time_format: { type: 'string', default: '%Y%m%d%H%M.%S' },
      access_time: { type: 'string' },
      access_time_format: { type: 'string', default: '%Y%m%d%H%M.%S' },
      _original_basename: { type: 'string' },
      _diff_peek: { type: 'string' },
    },
    required: ['path'],
  },
  aliases: { path: ['dest', 'name'], ...FILE_COMMON_ALIASES },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const path = args.path
    let found: FileStat | null | undefined
    if (args.state && oneTripFits(args, args.state)) {
      const trip = await oneTrip(ctx, args, args.state)
      if ('result' in trip) return trip.result
      found = trip.st
    }
    const st = found !== undefined ? found : await ctx.stat(path, { follow: false })
    const prevState = stateOf(st)
    const state = args.state ?? (prevState === 'absent' ? 'file' : prevState === 'link' && !args.follow ? 'link' : prevState === 'hard' ? 'file' : prevState)
    if (args.recurse && state !== 'directory') return ctx.fail('recurse option requires state to be \'directory\'', { path })
    switch (state) {
      case 'absent':
        return absent(ctx, path, st, prevState)
      case 'directory':
        return directory(ctx, args, path, st, prevState)
      case 'file':
        return file(ctx, args, path, st, prevState)
      case 'touch':
        return touch(ctx, args, path, st, prevState)
      case 'link':
      case 'hard':
        return link(ctx, args, path, st, prevState, state)
    }
    return ctx.fail(`unsupported state ${String(state)}`)
  },
})

/** The one-round-trip path of a state (see _lib/file-one-trip.ts). */
function oneTrip(ctx: ModuleContext, args: Args, state: NonNullable<Args['state']>): Promise<OneTrip> {
  switch (state) {
    case 'absent':
      return absentInOneTrip(ctx, args.path)
    case 'link':
      return linkInOneTrip(ctx, args, args.src!)
    case 'touch':
      return touchInOneTrip(ctx, args)
    case 'directory':
    case 'file':
      return attributesInOneTrip(ctx, args, state)
    default:
      return ctx.stat(args.path, { follow: false }).then((st) => ({ st }))
  }
}


async function finalKeys(ctx: ModuleContext, path: string, follow = true): Promise<Record<string, unknown>> {
  const st = await ctx.stat(path, { follow })
  return st ? pathResultKeys(st) : {}
}

async function absent(ctx: ModuleContext, path: string, st: FileStat | null, prev: string): Promise<ModuleResult> {
  const diff = initialDiff(path, prev, 'absent')
  if (!st) return { changed: false, path, state: 'absent', diff }
  if (st.type === 'directory') {
    const content = await listTree(ctx, path)
    diff.before.path_content = content
  }
  await ctx.change((w) => w.fileOp({ op: 'remove', path, recursive: st.type === 'directory' }))
  return { changed: true, path, state: 'absent', diff }
}

/** Directories and files under a directory, as Ansible's diff of state=absent lists them. */
async function listTree(ctx: ModuleContext, root: string): Promise<{ directories: string[]; files: string[] }> {
  const out = { directories: [] as string[], files: [] as string[] }
  const walk = async (dir: string) => {
    for (const e of (await ctx.readDir(dir)) ?? []) {
      const p = join(dir, e.name)
      if (e.type === 'directory') {
        out.directories.push(p)
        await walk(p)
      } else out.files.push(p)
    }
  }
  await walk(root)
  return out
}

async function directory(ctx: ModuleContext, args: Args, path: string, st: FileStat | null, prev: string): Promise<ModuleResult> {
  const diff = initialDiff(path, prev, 'directory')
  let changed = false
  if (st && st.type !== 'directory' && !(st.type === 'link' && args.follow && (await ctx.stat(path, { follow: true }))?.type === 'directory')) {
    ctx.fail(`${path} already exists as a ${st.type === 'link' ? 'link' : 'file'}`, { path })
  }
  if (!st) {
    // Create each missing directory from the top, applying the attributes to each.
    const missing: string[] = []
    for (let p = resolve(path); p !== '/'; p = dirname(p)) {
      if (await ctx.stat(p, { follow: true })) break
      missing.unshift(p)
    }
    for (const p of missing) {
      try {
        await ctx.change((w) => w.fileOp({ op: 'mkdir', path: p }))
        changed = true
      } catch (e) {
        // Something else created it since we looked (another host on the same machine, a
        // parallel run): as long as it is a directory, that is fine, as in Ansible.
        if ((await ctx.stat(p, { follow: true }))?.type !== 'directory') throw e
      }
      if (ctx.check) {
        changed = true
        continue
      }
      const created = await ctx.stat(p, { follow: false })
      if (created) {
        const attrs = await applyAttributes(ctx, p, created, args)
        if (p === resolve(path)) merge(diff, attrs)
      }
    }
    if (ctx.check) {
      if (args.mode !== undefined) diff.after.mode = octalMode(resolveMode(args.mode, 0o755, true))
      return { changed: true, path, diff }
    }
  } else {
    const target = st.type === 'link' ? (await ctx.stat(path, { follow: true }))! : st
    const attrs = await applyAttributes(ctx, path, target, args)
    changed ||= attrs.changed
    merge(diff, attrs)
    changed = (await updateTimestamps(ctx, path, target, timestamps(ctx, args, 'directory'), diff, args.follow)) || changed
    if (args.recurse) changed = (await recurse(ctx, path, args)) || changed
  }
  return { changed, path, ...(await finalKeys(ctx, path)), state: 'directory', diff }
}

/** recurse=yes: the attributes on everything below the directory. */
async function recurse(ctx: ModuleContext, root: string, args: Args): Promise<boolean> {
  let changed = false
  for (const e of (await ctx.readDir(root)) ?? []) {
    const p = join(root, e.name)
    const st = await ctx.stat(p, { follow: false })
    if (!st) continue
    if (st.type === 'link') {
      if (!args.follow) continue
      const t = await ctx.stat(p, { follow: true })
      if (!t) continue
      changed = (await applyAttributes(ctx, p, t, args)).changed || changed
      continue
    }
    changed = (await applyAttributes(ctx, p, st, args)).changed || changed
    if (st.type === 'directory') changed = (await recurse(ctx, p, args)) || changed
  }
  return changed
}

async function file(ctx: ModuleContext, args: Args, path: string, st: FileStat | null, prev: string): Promise<ModuleResult> {
  if (!st) return ctx.fail(`file (${path}) is absent, cannot continue`, { path, state: 'absent' })
  const target = st.type === 'link' && args.follow ? await ctx.stat(path, { follow: true }) : st
  if (!target) return ctx.fail(`file (${path}) is absent, cannot continue`, { path, state: 'absent' })
  if (target.type === 'directory') return ctx.fail(`file (${path}) is ${'directory'}, cannot continue`, { path, state: 'directory' })
  const diff = initialDiff(path, prev === 'hard' ? 'file' : prev, 'file')
  const attrs = await applyAttributes(ctx, path, target, args)
  merge(diff, attrs)
  if (await updateTimestamps(ctx, path, target, timestamps(ctx, args, 'file'), diff, args.follow)) attrs.changed = true
  const keys = ctx.check && attrs.changed ? { ...pathResultKeys(target), ...(attrs.after.mode ? { mode: attrs.after.mode } : {}) } : await finalKeys(ctx, path, args.follow)
  return { changed: attrs.changed, path, ...keys, diff }
}

async function touch(ctx: ModuleContext, args: Args, path: string, st: FileStat | null, prev: string): Promise<ModuleResult> {
  const times = timestamps(ctx, args, 'touch')
  let changed = false
  if (!st) {
    // An absent file in check mode: changed, nothing more known (no diff).
    if (ctx.check) return { changed: true, dest: path }
    if (!(await ctx.stat(dirname(path), { follow: true }))) {
      ctx.fail(`Error, could not touch target: [Errno 2] No such file or directory: b'${path}'`, { path })
    }
    await ctx.change((w) => w.fileOp({ op: 'touch', path }))
    changed = true
  }
  const diff = initialDiff(path, prev, 'touch')
  const now = (await ctx.stat(path, { follow: args.follow }))!
  const attrs = await applyAttributes(ctx, path, now, args)
  merge(diff, attrs)
  changed = (await updateTimestamps(ctx, path, now, times, diff, args.follow)) || attrs.changed || changed
  return { changed, dest: path, ...(await finalKeys(ctx, path, args.follow)), diff }
}

/** A time argument: null to keep it ('preserve'), NOW for the current time, else epoch seconds. */
const NOW = Symbol('now')
type Timestamp = number | null | typeof NOW

/** get_timestamp_for_time, with keep_backward_compatibility_on_timestamps's defaults (touch: now, else preserve). */
function timestamps(ctx: ModuleContext, args: Args, state: string): { mtime: Timestamp; atime: Timestamp } {
  const one = (value: string | undefined, fmt: string): Timestamp => {
    const v = value ?? (state === 'touch' ? 'now' : 'preserve')
    if (v === 'preserve') return null
    if (v === 'now') return NOW
    try {
      const f = strptime(v, fmt).fields()
      return new Date(f.year, f.month - 1, f.day, f.hour, f.minute, f.second).getTime() / 1000
    } catch {
      return ctx.fail(`Error while obtaining timestamp for time ${v} using format ${fmt}: time data '${v}' does not match format '${fmt}'`)
    }
  }
  return { mtime: one(args.modification_time, args.modification_time_format), atime: one(args.access_time, args.access_time_format) }
}

/** update_timestamp_for_file: sets the times that differ; whether it changed anything. */
async function updateTimestamps(ctx: ModuleContext, path: string, st: FileStat, t: { mtime: Timestamp; atime: Timestamp }, diff: Diff, follow: boolean): Promise<boolean> {
  let { mtime, atime } = t
  let set: { atime?: number; mtime?: number }
  if (mtime === NOW && atime === NOW) {
    mtime = atime = Date.now() / 1000
    set = { atime, mtime }
  } else {
    if (mtime === null && atime === null) return false
    mtime = mtime === null ? st.mtime : mtime === NOW ? Date.now() / 1000 : mtime
    atime = atime === null ? st.atime : atime === NOW ? Date.now() / 1000 : atime
    if (mtime === st.mtime && atime === st.atime) return false
    set = { atime, mtime }
  }
  await ctx.change((w) => w.fileOp({ op: 'utime', path, ...set, follow }))
  if (mtime !== st.mtime) {
    diff.before.mtime = st.mtime
    diff.after.mtime = mtime
  }
  if (atime !== st.atime) {
    diff.before.atime = st.atime
    diff.after.atime = atime
  }
  return true
}

async function link(ctx: ModuleContext, args: Args, path: string, st: FileStat | null, prev: string, state: 'link' | 'hard'): Promise<ModuleResult> {
  if (!args.src) return ctx.fail(`src is required for creating new ${state === 'link' ? 'symlinks' : 'hardlinks'}`, { path })
  const src = args.src
  const diff = initialDiff(path, prev, state)
  let changed = false
  if (state === 'link') {
    if (!st) changed = true
    else if (st.type === 'link') changed = st.linkTarget !== src
    else if (!args.force) ctx.fail(`refusing to convert from ${prev} to symlink for ${path}`, { path })
    else changed = true
    if (changed) {
      await ctx.change(async (w) => {
        if (st) await w.fileOp({ op: 'remove', path, recursive: false })
        await w.fileOp({ op: 'symlink', path, target: src })
      })
    }
  } else {
    const source = await ctx.stat(src, { follow: true })
    if (!source) return ctx.fail(`src does not exist`, { dest: path, src, path })
    if (!st) changed = true
    else changed = st.inode !== source.inode || st.dev !== source.dev
    if (changed) {
      if (st && !args.force && st.type !== 'file') return ctx.fail(`refusing to convert from ${prev} to hard link for ${path}`, { path })
      await ctx.change(async (w) => {
        if (st) await w.fileOp({ op: 'remove', path, recursive: false })
        await w.fileOp({ op: 'link', path, target: src })
      })
    }
  }
  if (ctx.check) return { changed, dest: path, src, diff }
  const now = await ctx.stat(path, { follow: false })
  if (now && state === 'hard') {
    const attrs = await applyAttributes(ctx, path, now, args)
    changed ||= attrs.changed
    merge(diff, attrs)
  }
  return { changed, dest: path, src, ...(now ? pathResultKeys(now) : {}), state, diff }
}
