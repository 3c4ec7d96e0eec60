/**
 * The single-file write path of copy, template, merge_configs and merge_yaml: the
 * destination is rewritten (atomically, by the connection) only when its SHA-1 differs,
 * then mode/owner/group are brought in line; the result carries copy's keys and, under
 * --diff, the unified-diff material Ansible shows. Check mode reports without writing.
 *
 * The usual case costs one round trip: the destination's stat with its checksum, its
 * directory's stat, the write (only when the checksums differ), the attributes (only
 * where they differ) and the stat for the result go to the host as one batch. Content
 * streamed from a controller file, a backup, a symbolic mode and a directory as the
 * destination take the step-by-step path below.
 */
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { controllerFile } from '../connection/controller-file.js'
import { VAULT_HEADER } from '../vault/format.js'
import { isControllerFile, type ControllerFile, type FileStat, type HostStep, type StepCondition } from '../connection/types.js'
import { applyAttributes, attributesFixed, attributeSteps, fixedMode, octalMode, pathResultKeys, planAttributes, resolveMode, type FileAttributes } from './file-attrs.js'
import type { FileDiff, ModuleContext, ModuleResult } from './types.js'

/** Ansible's `max_file_size_for_diff` default. */
const MAX_DIFF_SIZE = 104448

/** Controller files larger than this are streamed to the host rather than read into memory. */
const STREAM_FROM = 1 << 20

export interface CopyContentOptions extends FileAttributes {
  dest: string
  /** The bytes to write, or a (large) controller file to stream (see `contentOfFile`). */
  content: string | Buffer | ControllerFile
  /** The source the content came from (controller path), for `src` and directory destinations. */
  src?: string
  /** Header of the "after" side of the diff (the template's path; a temp file for content). */
  afterHeader?: string
  /** The result's `src` when not the host's temp copy (copy with remote_src: the source on the host). */
  resultSrc?: string
  /**
   * The action's diff: `list` (copy, template: a list, empty outside --diff, and the file
   * module's diff when the content is unchanged) or `dict` (assemble: one entry, only under
   * --diff and only for a content change).
   */
  diffForm?: 'list' | 'dict'
  /** false: leave an existing destination alone (copy's `force: no`). */
  force?: boolean
  /** Keep a timestamped copy of the old file (`backup: yes`). */
  backup?: boolean
}

/**
 * A controller file as copy content: its bytes (decrypted when it is vault-encrypted and
 * `decrypt` is not false, as Ansible's copy reads its source), or for a large file that is
 * not a vault a handle to stream it.
 */
export function contentOfFile(ctx: ModuleContext, path: string, decrypt?: boolean): Buffer | ControllerFile {
  if (statSync(path).size > STREAM_FROM && !startsWithVaultHeader(path)) return controllerFile(path)
  return ctx.controller.readFile(path, { decrypt })
}

function startsWithVaultHeader(path: string): boolean {
  const head = Buffer.alloc(VAULT_HEADER.length)
  const fd = openSync(path, 'r')
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('latin1') === VAULT_HEADER
  } finally {
    closeSync(fd)
  }
}

interface Digests {
  sha1: string
  md5: string
}

function digestsOf(content: Buffer | ControllerFile): Promise<Digests> {
  if (!isControllerFile(content)) {
    return Promise.resolve({ sha1: createHash('sha1').update(content).digest('hex'), md5: createHash('md5').update(content).digest('hex') })
  }
  return new Promise((resolve, reject) => {
    const sha1 = createHash('sha1')
    const md5 = createHash('md5')
    createReadStream(content.controllerPath, { highWaterMark: 1 << 20 })
      .on('data', (c) => (sha1.update(c), md5.update(c)))
      .on('end', () => resolve({ sha1: sha1.digest('hex'), md5: md5.digest('hex') }))
      .on('error', reject)
  })
}

export async function writeFileLikeCopy(ctx: ModuleContext, opts: CopyContentOptions): Promise<ModuleResult> {
  const content = isControllerFile(opts.content) ? opts.content : Buffer.isBuffer(opts.content) ? opts.content : Buffer.from(opts.content, 'utf8')
  const digests = await digestsOf(content)
  if (!isControllerFile(content) && !opts.backup && attributesFixed(opts)) {
    const done = await inOneTrip(ctx, opts, content, digests)
    if (done) return done
  }
  return stepByStep(ctx, opts, content, digests)
}

/**
 * The batch: stat dest (0), stat its directory (1), [read dest for the diff], write,
 * attributes, stat dest. Undefined when dest is a directory (nothing ran then).
 */
async function inOneTrip(ctx: ModuleContext, opts: CopyContentOptions, bytes: Buffer, digests: Digests): Promise<ModuleResult | undefined> {
  const dest = opts.dest
  const force = opts.force !== false
  const checksum = digests.sha1
  const exists: StepCondition = { not: { absent: 0 } }
  const notDir: StepCondition = { not: { step: 0, type: 'directory' } }
  const differs: StepCondition = { all: [exists, notDir, { not: { step: 0, type: 'file', checksum } }] }
  const write: StepCondition = { any: [{ all: [{ absent: 0 }, { not: { absent: 1 } }] }, ...(force ? [differs] : [])] }
  const kept: StepCondition = force ? { step: 0, type: 'file', checksum } : { all: [exists, notDir] }
  const mode = fixedMode(opts.mode)
  const steps: HostStep[] = [
    { op: 'stat', path: dest, follow: true, checksum: true },
    { op: 'stat', path: dirname(dest), follow: true, when: { absent: 0 } },
  ]
  const readAt = ctx.diff ? steps.push({ op: 'read', path: dest, when: { all: [exists, write] } }) - 1 : -1
  const changes = steps.length
  steps.push({ op: 'write', path: dest, data: bytes, mode, owner: opts.owner ?? undefined, group: opts.group ?? undefined, when: write })
  steps.push(...attributeSteps(0, dest, opts, kept))
  // Looked at again only when something changed it.
  const finalAt = steps.push({ op: 'stat', path: dest, follow: true, when: { any: steps.slice(changes).map((_, i) => ({ ran: changes + i })) } }) - 1
  const r = await ctx.batch(steps)
  const st = r[0].stat ?? null
  if (st?.type === 'directory') return undefined
  if (!st && !r[1].stat && !ctx.check) ctx.fail(`Destination directory ${dirname(dest)} does not exist`, { checksum })
  const contentChanged = !st || (force && st.checksum !== checksum)
  const diff = actionDiff(opts, ctx.diff && contentChanged ? contentDiff(dest, st ? (r[readAt].data ?? Buffer.alloc(0)) : null, bytes, afterHeaderOf(ctx, opts)) : undefined)
  if (!contentChanged) {
    const attrs = planAttributes(dest, st!, opts)
    const now = attrs.changed && !ctx.check ? (r[finalAt].stat ?? st!) : st!
    return keptResult(ctx, opts, dest, checksum, now, attrs)
  }
  if (ctx.check) return { changed: true, ...(diff ? { diff } : {}) }
  return writtenResult(ctx, opts, digests, r[finalAt].stat ?? null, mode, undefined, diff)
}

/** One request per step: large content, backups, symbolic modes, a directory as dest. */
async function stepByStep(ctx: ModuleContext, opts: CopyContentOptions, content: Buffer | ControllerFile, digests: Digests): Promise<ModuleResult> {
  const checksum = digests.sha1
  let dest = opts.dest
  let st = await ctx.stat(dest, { follow: true, checksum: true })
  if (st?.type === 'directory') {
    if (!opts.src) ctx.fail('can not use content with a dir as dest')
    dest = join(dest, basename(opts.src))
    st = await ctx.stat(dest, { follow: true, checksum: true })
  }
  if (!st) {
    const parent = await ctx.stat(dirname(dest), { follow: true })
    if (!parent && !ctx.check) ctx.fail(`Destination directory ${dirname(dest)} does not exist`, { checksum })
  }
  const contentChanged = !st || (opts.force !== false && st.checksum !== checksum)
  const diff = actionDiff(opts, ctx.diff && contentChanged ? contentDiff(dest, st ? ((await ctx.readFile(dest)) ?? Buffer.alloc(0)) : null, content, afterHeaderOf(ctx, opts)) : undefined)

  if (!contentChanged) {
    const attrs = await applyAttributes(ctx, dest, st!, opts)
    const now = attrs.changed && !ctx.check ? ((await ctx.stat(dest, { follow: true })) ?? st!) : st!
    return keptResult(ctx, opts, dest, checksum, now, attrs)
  }
  if (ctx.check) return { changed: true, ...(diff ? { diff } : {}) }

  let backupFile: string | undefined
  if (opts.backup && st) {
    backupFile = backupName(dest)
    const old = await ctx.readFile(dest)
    await ctx.change((w) => w.writeFile(backupFile!, old ?? Buffer.alloc(0), { mode: st!.mode }))
  }
  const mode = opts.mode === undefined || opts.mode === null || opts.mode === 'preserve' ? undefined : resolveMode(opts.mode, st?.mode ?? 0o644, false)
  const owner = opts.owner ?? undefined
  const group = opts.group ?? undefined
  await ctx.change((w) => w.writeFile(dest, content, { mode, owner, group }))
  const now = await ctx.stat(dest, { follow: true })
  return writtenResult(ctx, { ...opts, dest }, digests, now, mode, backupFile, diff)
}

/** The result when the content was already right: only attributes may have changed. */
function keptResult(
  ctx: ModuleContext,
  opts: CopyContentOptions,
  dest: string,
  checksum: string,
  now: FileStat,
  attrs: { changed: boolean; before: Record<string, unknown>; after: Record<string, unknown> },
): ModuleResult {
  const result: ModuleResult = { changed: attrs.changed, checksum, dest, ...pathResultKeys(now), path: dest }
  if (attrs.changed && ctx.check) Object.assign(result, { mode: attrs.after.mode ?? result.mode })
  // copy and template then return the file module's diff, in every mode.
  if (opts.diffForm !== 'dict') result.diff = { before: { path: dest, ...attrs.before }, after: { path: dest, ...attrs.after } }
  return sortKeys(result)
}

/**
 * The actions' diff of a content change: copy and template give a list (empty outside
 * --diff), assemble its one entry or nothing.
 */
function actionDiff(opts: CopyContentOptions, entry: FileDiff | undefined): FileDiff | FileDiff[] | undefined {
  if (opts.diffForm === 'dict') return entry
  return entry ? [entry] : []
}

/** The diff's after side: the controller temp file the content went to (a template's own name inside one for templates). */
function afterHeaderOf(ctx: ModuleContext, opts: CopyContentOptions): string {
  return opts.afterHeader ?? join(ctx.controller.tmpDir(), localTmpName())
}

function writtenResult(ctx: ModuleContext, opts: CopyContentOptions, digests: Digests, now: FileStat | null, mode: number | undefined, backupFile: string | undefined, diff: FileDiff | FileDiff[] | undefined): ModuleResult {
  const result: ModuleResult = {
    changed: true,
    checksum: digests.sha1,
    dest: opts.dest,
    ...(now ? pathResultKeys(now) : {}),
    md5sum: digests.md5,
    src: opts.resultSrc ?? join(ctx.controller.remoteTmp(), opts.diffForm === 'dict' ? 'src' : 'source'),
    ...(diff ? { diff } : {}),
  }
  if (backupFile) result.backup_file = backupFile
  if (mode !== undefined) result.mode = octalMode(mode)
  return sortKeys(result)
}

/** The diff of a content change; `old` null when dest did not exist. */
function contentDiff(dest: string, old: Buffer | null, after: Buffer | ControllerFile, afterHeader: string): FileDiff {
  const diff: FileDiff = { after_header: afterHeader }
  if (old) {
    diff.before_header = dest
    if (old.length > MAX_DIFF_SIZE) diff.dst_larger = MAX_DIFF_SIZE
    else if (old.includes(0)) diff.dst_binary = true
    else diff.before = old.toString('utf8')
  } else diff.before = ''
  if (isControllerFile(after) || after.length > MAX_DIFF_SIZE) diff.src_larger = MAX_DIFF_SIZE
  else if (after.includes(0)) diff.src_binary = true
  else diff.after = after.toString('utf8')
  return diff
}

/** tempfile's name for a file made on the controller: `tmp` and eight random characters. */
export function localTmpName(): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789_'
  let s = 'tmp'
  for (let i = 0; i < 8; i++) s += chars[Math.floor(Math.random() * chars.length)]
  return s
}

/** Ansible's backup_local name for a file: `<path>.<pid>.<%Y-%m-%d@%H:%M:%S local time>~`. */
export function backupName(path: string): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${path}.${process.pid}.${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}~`
}

function sortKeys(r: ModuleResult): ModuleResult {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as ModuleResult
}
