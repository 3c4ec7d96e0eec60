/**
 * find (ansible-core 2.14): files under `paths` matching shell patterns (or regexes),
 * by type, age, size, content, hidden-ness and depth; each match with find's stat keys.
 */
import { join } from 'node:path'
import { defineModule, globToRegExp, type FileStat, type ModuleContext } from '../src/plugin-kit.js'
import { statKeys } from './_lib/stat-keys.js'

interface Args {
  paths: string[]
  patterns: string[]
  excludes?: string[]
  contains?: string
  file_type: 'file' | 'directory' | 'link' | 'any'
  recurse: boolean
  hidden: boolean
  follow: boolean
  use_regex: boolean
  age?: string
  age_stamp: 'atime' | 'mtime' | 'ctime'
  size?: string
  depth?: number
  get_checksum: boolean
}

export default defineModule<Args>({
  name: 'find',
  fqcns: ['ansible.builtin.find', 'ansible.legacy.find'],
  summary: 'Find files by name, type, age, size or content',
  args: {
    type: 'object',
    properties: {
      paths: { type: 'array', items: { type: 'string' } },
      patterns: { type: 'array', items: { type: 'string' }, default: [] },
      excludes: { type: 'array', items: { type: 'string' } },
      contains: { type: 'string' },
      read_whole_file: { type: 'boolean', default: false },
      file_type: { type: 'string', enum: ['any', 'directory', 'file', 'link'], default: 'file' },
      recurse: { type: 'boolean', default: false },
      hidden: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      use_regex: { type: 'boolean', default: false },
      age: { type: 'string' },
      age_stamp: { type: 'string', enum: ['atime', 'ctime', 'mtime'], default: 'mtime' },
      size: { type: 'string' },
      depth: { type: 'integer' },
      get_checksum: { type: 'boolean', default: false },
    },
    required: ['paths'],
  },
  aliases: { paths: ['name', 'path'], patterns: ['pattern'], excludes: ['exclude'] },
  supports: { check: 'full' },
  async run(args, ctx) {
    const patterns = args.patterns.length ? args.patterns : args.use_regex ? ['.*'] : ['*']
    const matchers = patterns.map((p) => toRegex(p, args.use_regex))
    const excludes = (args.excludes ?? []).map((p) => toRegex(p, args.use_regex))
    const files: Record<string, unknown>[] = []
    const skipped: Record<string, string> = {}
    let examined = 0
    const now = Date.now() / 1000
    const walk = async (root: string, dir: string, depth: number): Promise<void> => {
      const entries = await ctx.readDir(dir)
      if (entries === null) return
      for (const e of entries) {
        const full = join(dir, e.name)
        examined++
        if (!args.hidden && e.name.startsWith('.')) continue
        const st = await ctx.stat(full, { follow: args.follow })
        if (!st) continue
        if (wanted(args, st) && matchers.some((m) => m.test(e.name)) && !excludes.some((m) => m.test(e.name))) {
          if (ageOk(args, st, now) && sizeOk(args, st) && (await containsOk(ctx, args, st, full))) {
            const keys = statKeys({ ...st, path: full })
            if (args.get_checksum && st.type === 'file') keys.checksum = (await ctx.stat(full, { follow: true, checksum: true }))?.checksum
            files.push(keys)
          }
        }
        const isDir = st.type === 'directory'
        if (args.recurse && isDir && (args.depth === undefined || depth < args.depth)) await walk(root, full, depth + 1)
      }
    }
    for (const p of args.paths) {
      const st = await ctx.stat(p, { follow: true })
      if (!st || st.type !== 'directory') {
        skipped[p] = `${p} was skipped as it does not seem to be a valid directory or it cannot be accessed`
        ctx.warn(skipped[p])
        continue
      }
      await walk(p, p, 1)
    }
    return { changed: false, files, matched: files.length, examined, msg: Object.keys(skipped).length ? 'Not all paths examined, check warnings for details' : 'All paths examined', skipped_paths: skipped }
  },
})

function wanted(args: Args, st: FileStat): boolean {
  switch (args.file_type) {
    case 'any':
      return true
    case 'file':
      return st.type === 'file'
    case 'directory':
      return st.type === 'directory'
    case 'link':
      return st.type === 'link'
  }
}

/** A shell glob (fnmatch, whole name) or a regex (matched from the start; Ansible anchors the end). */
function toRegex(pattern: string, regex: boolean): RegExp {
  return regex ? new RegExp(`^(?:${pattern})$`) : globToRegExp(pattern)
}

function seconds(spec: string, units: Record<string, number>): number | undefined {
  const m = /^(-?\d+)([a-z]?)$/i.exec(spec.trim())
  if (!m) return undefined
  return Number(m[1]) * (units[m[2].toLowerCase()] ?? 1)
}

function ageOk(args: Args, st: FileStat, now: number): boolean {
  if (args.age === undefined) return true
  const age = seconds(args.age, { s: 1, m: 60, h: 3600, d: 86400, w: 604800 })
  if (age === undefined) return true
  const delta = now - st[args.age_stamp]
  return age >= 0 ? delta >= age : delta <= -age
}

function sizeOk(args: Args, st: FileStat): boolean {
  if (args.size === undefined) return true
  const size = seconds(args.size, { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 })
  if (size === undefined) return true
  return size >= 0 ? st.size >= size : st.size <= -size
}

async function containsOk(ctx: ModuleContext, args: Args, st: FileStat, path: string): Promise<boolean> {
  if (args.contains === undefined) return true
  if (st.type !== 'file') return false
  const data = await ctx.readFile(path)
  if (!data) return false
  const re = new RegExp(args.contains)
  return data.toString('utf8').split('\n').some((line) => re.test(line))
}
