/**
 * The single-file write path of copy, template, merge_configs and merge_yaml: the
 * destination is rewritten (atomically, by the connection) only when its SHA-1 differs,
 * then mode/owner/group are brought in line; the result carries copy's keys and, under
 * --diff, the unified-diff material Ansible shows. Check mode reports without writing.
 */
import { createHash } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { applyAttributes, octalMode, pathResultKeys, resolveMode, type FileAttributes } from './file-attrs.js'
import type { FileDiff, ModuleContext, ModuleResult } from './types.js'

/** Ansible's `max_file_size_for_diff` default. */
const MAX_DIFF_SIZE = 104448

export interface CopyContentOptions extends FileAttributes {
  dest: string
  content: string | Buffer
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

export async function writeFileLikeCopy(ctx: ModuleContext, opts: CopyContentOptions): Promise<ModuleResult> {
  const bytes = Buffer.isBuffer(opts.content) ? opts.content : Buffer.from(opts.content, 'utf8')
  const checksum = createHash('sha1').update(bytes).digest('hex')
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
  // The copy/template actions' diff: a list, empty outside --diff; the after side named by
  // the controller temp file the content went to (the template's name inside one for templates).
  const entry = ctx.diff && contentChanged ? await contentDiff(ctx, dest, st !== null, bytes, opts.afterHeader ?? join(ctx.controller.tmpDir(), localTmpName())) : undefined
  const asDict = opts.diffForm === 'dict'
  const diff = asDict ? entry : entry ? [entry] : []

  if (!contentChanged) {
    const attrs = await applyAttributes(ctx, dest, st!, opts)
    const now = attrs.changed && !ctx.check ? ((await ctx.stat(dest, { follow: true })) ?? st!) : st!
    const result: ModuleResult = { changed: attrs.changed, checksum, dest, ...pathResultKeys(now), path: dest }
    if (attrs.changed && ctx.check) Object.assign(result, { mode: attrs.after.mode ?? result.mode })
    // The file module's diff, in every mode.
    if (!asDict) result.diff = { before: { path: dest, ...attrs.before }, after: { path: dest, ...attrs.after } }
    return sortKeys(result)
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
  await ctx.change((w) => w.writeFile(dest, bytes, { mode, owner, group }))
  const now = await ctx.stat(dest, { follow: true })
  const result: ModuleResult = {
    changed: true,
    checksum,
    dest,
    ...(now ? pathResultKeys(now) : {}),
    md5sum: createHash('md5').update(bytes).digest('hex'),
    src: opts.resultSrc ?? join(ctx.controller.remoteTmp(), asDict ? 'src' : 'source'),
    ...(diff ? { diff } : {}),
  }
  if (backupFile) result.backup_file = backupFile
  if (mode !== undefined) result.mode = octalMode(mode)
  return sortKeys(result)
}

async function contentDiff(ctx: ModuleContext, dest: string, exists: boolean, after: Buffer, afterHeader: string): Promise<FileDiff> {
  const diff: FileDiff = { after_header: afterHeader }
  if (exists) {
    diff.before_header = dest
    const old = (await ctx.readFile(dest)) ?? Buffer.alloc(0)
    if (old.length > MAX_DIFF_SIZE) diff.dst_larger = MAX_DIFF_SIZE
    else if (old.includes(0)) diff.dst_binary = true
    else diff.before = old.toString('utf8')
  } else diff.before = ''
  if (after.length > MAX_DIFF_SIZE) diff.src_larger = MAX_DIFF_SIZE
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
