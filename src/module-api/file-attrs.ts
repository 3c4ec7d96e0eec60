/**
 * File attributes as Ansible's file-common arguments treat them: `mode` (octal string,
 * int, or symbolic `u+rwx,g-w`), `owner`, `group`; what changes, the diff Ansible shows
 * for it, and the result keys Ansible reports for a path.
 */
import type { FileOp, FileStat, HostStep, StatMatch, StepCondition } from '../connection/types.js'
import type { ModuleContext } from './types.js'

/**
 * The argument schema every file-writing module shares (Ansible's FILE_COMMON_ARGUMENTS):
 * mode, owner, group, and the SELinux/attribute options accepted for compatibility.
 * Spread it into a module's `properties`, with `FILE_COMMON_ALIASES` in its aliases.
 */
export const FILE_COMMON_ARGS = {
  mode: {},
  owner: { type: 'string' },
  group: { type: 'string' },
  attributes: { type: 'string' },
  selevel: { type: 'string' },
  serole: { type: 'string' },
  setype: { type: 'string' },
  seuser: { type: 'string' },
  unsafe_writes: { type: 'boolean' },
} as const

export const FILE_COMMON_ALIASES = { attributes: ['attr'] }

export interface FileAttributes {
  mode?: string | number | null
  owner?: string | number | null
  group?: string | number | null
}

/** `0644` as Ansible prints modes. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0')
}

/**
 * The permission bits `mode` asks for, given the path's current ones. Throws Ansible's
 * message for a mode it cannot read.
 */
export function resolveMode(mode: string | number, current: number, isDir: boolean): number {
  if (typeof mode === 'number') return mode & 0o7777
  const s = mode.trim()
  if (/^[0-7]+$/.test(s)) return parseInt(s, 8) & 0o7777
  let bits = current & 0o7777
  for (const clause of s.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXstugo]*)$/.exec(clause)
    if (!m) throw new Error(`mode must be in octal or symbolic form`)
    const who = m[1] === '' || m[1].includes('a') ? 'ugo' : m[1]
    const [, , op, perms] = m
    let mask = 0
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0
      for (const p of perms) {
        if (p === 'r') mask |= 4 << shift
        else if (p === 'w') mask |= 2 << shift
        else if (p === 'x') mask |= 1 << shift
        else if (p === 'X' && (isDir || (current & 0o111) !== 0)) mask |= 1 << shift
        else if (p === 's') mask |= w === 'u' ? 0o4000 : w === 'g' ? 0o2000 : 0
        else if (p === 't') mask |= w === 'o' ? 0o1000 : 0
        else if ('ugo'.includes(p)) {
          const from = p === 'u' ? 6 : p === 'g' ? 3 : 0
          mask |= ((current >> from) & 7) << shift
        }
      }
    }
    if (op === '+') bits |= mask
    else if (op === '-') bits &= ~mask
    else {
      let clear = 0
      for (const w of who) clear |= w === 'u' ? 0o4700 : w === 'g' ? 0o2070 : 0o1007
      bits = (bits & ~clear) | mask
    }
  }
  return bits
}

function sameId(current: { name: string; id: number }, wanted: string | number): boolean {
  if (typeof wanted === 'number') return current.id === wanted
  return current.name === wanted || (/^\d+$/.test(wanted) && Number(wanted) === current.id)
}

export interface AttributeChange {
  changed: boolean
  before: Record<string, unknown>
  after: Record<string, unknown>
}

export interface AttributePlan extends AttributeChange {
  /** What brings the path to the asked attributes, in order (none when nothing differs). */
  ops: FileOp[]
}

/** What `applyAttributes` would do to a path whose stat is `st`: no host access. */
export function planAttributes(path: string, st: FileStat, attrs: FileAttributes): AttributePlan {
  const before: Record<string, unknown> = { path }
  const after: Record<string, unknown> = { path }
  const ops: FileOp[] = []
  const follow = st.type !== 'link'
  if (attrs.owner !== undefined && attrs.owner !== null && !sameId({ name: st.owner, id: st.uid }, attrs.owner)) {
    before.owner = st.uid
    after.owner = attrs.owner
    ops.push({ op: 'chown', path, owner: attrs.owner, follow })
  }
  if (attrs.group !== undefined && attrs.group !== null && !sameId({ name: st.group, id: st.gid }, attrs.group)) {
    before.group = st.gid
    after.group = attrs.group
    ops.push({ op: 'chown', path, group: attrs.group, follow })
  }
  if (attrs.mode !== undefined && attrs.mode !== null && st.type !== 'link') {
    const wanted = resolveMode(attrs.mode, st.mode, st.type === 'directory')
    if (wanted !== st.mode) {
      before.mode = octalMode(st.mode)
      after.mode = octalMode(wanted)
      ops.push({ op: 'chmod', path, mode: wanted })
    }
  }
  return { changed: ops.length > 0, before, after, ops }
}

/**
 * Brings a path's mode, owner and group to what `attrs` asks, through the writer (in
 * check mode only the comparison happens). The diff is Ansible's `{path, mode, owner...}`.
 */
export async function applyAttributes(ctx: ModuleContext, path: string, st: FileStat, attrs: FileAttributes): Promise<AttributeChange> {
  const { ops, ...change } = planAttributes(path, st, attrs)
  if (ops.length) await ctx.change(async (w) => {
    for (const op of ops) await w.fileOp(op)
  })
  return change
}

/** The mode `attrs` asks for when it does not depend on the current one (not symbolic), else undefined. */
export function fixedMode(mode: FileAttributes['mode']): number | undefined {
  if (typeof mode === 'number') return mode & 0o7777
  if (typeof mode === 'string' && /^\s*[0-7]+\s*$/.test(mode)) return parseInt(mode.trim(), 8) & 0o7777
  return undefined
}

/** True when `attributeSteps` can express the attributes (no symbolic mode). */
export function attributesFixed(attrs: FileAttributes): boolean {
  return attrs.mode === undefined || attrs.mode === null || fixedMode(attrs.mode) !== undefined
}

/**
 * The batch steps of `planAttributes` for the path stat step `step` found, each run on
 * the host only when `when` holds and the attribute differs (`attributesFixed` only).
 */
export function attributeSteps(step: number, path: string, attrs: FileAttributes, when: StepCondition, follow = true): HostStep[] {
  const steps: HostStep[] = []
  const unless = (m: Omit<StatMatch, 'step'>): StepCondition => ({ all: [when, { not: { step, ...m } }] })
  if (attrs.owner !== undefined && attrs.owner !== null) steps.push({ op: 'file', change: { op: 'chown', path, owner: attrs.owner, follow }, when: unless({ owner: attrs.owner }) })
  if (attrs.group !== undefined && attrs.group !== null) steps.push({ op: 'file', change: { op: 'chown', path, group: attrs.group, follow }, when: unless({ group: attrs.group }) })
  const mode = fixedMode(attrs.mode)
  if (mode !== undefined) steps.push({ op: 'file', change: { op: 'chmod', path, mode }, when: unless({ mode }) })
  return steps
}

/** The keys Ansible's file-common code adds to a result for an existing path. */
export function pathResultKeys(st: FileStat): Record<string, unknown> {
  const state = st.type === 'directory' ? 'directory' : st.type === 'link' ? 'link' : st.type === 'file' ? (st.nlink > 1 ? 'hard' : 'file') : 'file'
  const out: Record<string, unknown> = {
    gid: st.gid,
    group: st.group,
    mode: octalMode(st.mode),
    owner: st.owner,
    size: st.size,
    state,
    uid: st.uid,
  }
  return out
}
