/**
 * blockinfile (ansible-core 2.14): a block of lines between marker lines, inserted,
 * updated or removed; insertafter/insertbefore (regex, BOF, EOF); written as copy writes.
 */
import { applyAttributes, backupName, defineModule, PyRegex, type ModuleResult } from '../src/plugin-kit.js'
import { dirname } from 'node:path'
import { withoutPath, writeValidated } from './lineinfile.js'

interface Args {
  path: string
  state: 'present' | 'absent'
  marker: string
  block: string
  insertafter?: string
  insertbefore?: string
  create: boolean
  backup: boolean
  marker_begin: string
  marker_end: string
  validate?: string
  mode?: string | number
  owner?: string
  group?: string
}

export default defineModule<Args>({
  name: 'blockinfile',
  fqcns: ['ansible.builtin.blockinfile', 'ansible.legacy.blockinfile'],
  summary: 'Insert/update/remove a text block surrounded by marker lines',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
      marker: { type: 'string', default: '# {mark} ANSIBLE MANAGED BLOCK' },
      block: { type: 'string', default: '' },
      insertafter: { type: 'string' },
      insertbefore: { type: 'string' },
      create: { type: 'boolean', default: false },
      backup: { type: 'boolean', default: false },
      marker_begin: { type: 'string', default: 'BEGIN' },
      marker_end: { type: 'string', default: 'END' },
      mode: {},
      owner: { type: 'string' },
      group: { type: 'string' },
      validate: { type: 'string' },
      attributes: { type: 'string' },
      unsafe_writes: { type: 'boolean' },
    },
    required: ['path'],
  },
  aliases: { path: ['dest', 'destfile', 'name'], block: ['content'] },
  mutuallyExclusive: [['insertbefore', 'insertafter']],
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const st0 = await ctx.stat(args.path, { follow: true })
    if (st0?.type === 'directory') return ctx.fail(`Path ${args.path} is a directory !`, { rc: 256 })
    const data = st0 ? await ctx.readFile(args.path) : null
    if (data === null) {
      if (!args.create) return ctx.fail(`Path ${args.path} does not exist !`, { rc: 257 })
      const dir = dirname(args.path)
      if (!ctx.check && !(await ctx.stat(dir, { follow: true }))) await ctx.change((w) => w.fileOp({ op: 'mkdir', path: dir, parents: true }))
    }
    const original = data?.toString('utf8') ?? null
    const lines = original === null ? [] : splitLinesKeepEnds(original)
    const diff: Record<string, unknown> = { before: original ?? '', after: '', before_header: `${args.path} (content)`, after_header: `${args.path} (content)` }
    const present = args.state === 'present'
    if (!present && original === null) return { changed: false, msg: `File ${args.path} not present` }

    let insertafter = args.insertafter
    const insertbefore = args.insertbefore
    if (insertbefore === undefined && insertafter === undefined) insertafter = 'EOF'
    const insertSrc = insertafter !== undefined && insertafter !== 'EOF' ? insertafter : insertbefore !== undefined && insertbefore !== 'BOF' ? insertbefore : undefined
    const insertre = insertSrc !== undefined ? new PyRegex(insertSrc) : undefined

    const marker0 = `${args.marker.split('{mark}').join(args.marker_begin)}\n`
    const marker1 = `${args.marker.split('{mark}').join(args.marker_end)}\n`
    let blocklines: string[] = []
    if (present && args.block !== '') {
      const block = args.block.endsWith('\n') ? args.block : `${args.block}\n`
      blocklines = [marker0, ...splitLinesKeepEnds(block), marker1]
    }
    let n0: number | undefined
    let n1: number | undefined
    lines.forEach((l, i) => {
      if (l === marker0) n0 = i
      if (l === marker1) n1 = i
    })
    if (n0 === undefined || n1 === undefined) {
      n0 = undefined
      if (insertre) {
        if (/^\(\?[aiLmsux]*m/.test(insertSrc!)) {
          // A multiline pattern searches the whole file: the line after (before) the match.
          const m = insertre.search(original ?? '')
          if (m) {
            const upTo = insertafter !== undefined ? m.index + m[0].length : m.index
            n0 = (original ?? '').slice(0, upTo).split('\n').length - 1
          }
        } else {
          lines.forEach((l, i) => {
            if (insertre.search(l)) n0 = i
          })
        }
        if (n0 === undefined) n0 = lines.length
        else if (insertafter !== undefined) n0 += 1
      } else if (insertbefore !== undefined) n0 = 0
      else n0 = lines.length
    } else if (n0 < n1) {
      lines.splice(n0, n1 - n0 + 1)
    } else {
      lines.splice(n1, n0 - n1 + 1)
      n0 = n1
    }
    if (n0 > 0 && !lines[n0 - 1].endsWith('\n')) lines[n0 - 1] += '\n'
    lines.splice(n0, 0, ...blocklines)
    const result = lines.join('')
    diff.after = result

    let msg = ''
    let changed = true
    if (original === result) changed = false
    else if (original === null) msg = 'File created'
    else if (!blocklines.length) msg = 'Block removed'
    else msg = 'Block inserted'

    let backupFile: string | undefined
    if (changed && !ctx.check) {
      if (args.backup && original !== null) {
        backupFile = backupName(args.path)
        await ctx.change((w) => w.writeFile(backupFile!, data!, { mode: st0!.mode }))
      }
      await writeValidated(ctx, args.path, result, args.validate)
    }
    if (ctx.check && original === null) return { changed, msg, diff }

    const st = await ctx.stat(args.path, { follow: true })
    const attrDiff: Record<string, unknown> = {}
    if (st) {
      const attrs = await applyAttributes(ctx, args.path, st, args)
      if (attrs.changed) {
        attrDiff.before = withoutPath(attrs.before)
        attrDiff.after = withoutPath(attrs.after)
        msg = changed ? `${msg} and ownership, perms or SE linux context changed` : 'ownership, perms or SE linux context changed'
        changed = true
      }
    }
    attrDiff.before_header = `${args.path} (file attributes)`
    attrDiff.after_header = `${args.path} (file attributes)`
    const out: ModuleResult = { changed, msg, diff: [diff, attrDiff] }
    if (backupFile) out.backup_file = backupFile
    return out
  },
})

/** Python's bytes.splitlines(True): \n, \r\n and \r end lines, and stay on them. */
function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? []
}


