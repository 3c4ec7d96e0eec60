/**
 * blockinfile (ansible-core 2.14): a block of lines between marker lines, inserted,
 * updated or removed; insertafter/insertbefore (regex, BOF, EOF); written as copy writes.
 */
import { PyRegex } from '../plugins/filter/py-re.js'
import { defineModule, type ModuleDefinition } from '../src/index.js'
import { applyAttributes } from '../src/module-api/file-attrs.js'

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
    const data = await ctx.readFile(args.path)
    if (data === null && !args.create) return ctx.fail(`Path ${args.path} does not exist !`, { rc: 257 })
    const original = data?.toString('utf8') ?? ''
    const lines = original === '' ? [] : original.replace(/\n$/, '').split('\n')
    const begin = args.marker.replace('{mark}', args.marker_begin)
    const end = args.marker.replace('{mark}', args.marker_end)
    const block = args.state === 'present' && args.block !== '' ? [begin, ...args.block.replace(/\n$/, '').split('\n'), end] : []
    let b = -1
    let e = -1
    lines.forEach((l, i) => {
      if (l.replace(/\s+$/, '') === begin) b = i
      if (l.replace(/\s+$/, '') === end) e = i
    })
    let n0: number
    if (b >= 0 && e >= 0 && b <= e) {
      n0 = b
      lines.splice(b, e - b + 1)
    } else {
      const after = args.insertafter ?? (args.insertbefore === undefined ? 'EOF' : undefined)
      n0 = lines.length
      if (after === 'EOF') n0 = lines.length
      else if (args.insertbefore === 'BOF') n0 = 0
      else {
        const re = new PyRegex((after ?? args.insertbefore)!)
        let found = -1
        lines.forEach((l, i) => {
          if (re.search(l)) found = i
        })
        if (found >= 0) n0 = after !== undefined ? found + 1 : found
      }
    }
    lines.splice(n0, 0, ...block)
    const result = lines.length ? `${lines.join('\n')}\n` : ''
    const changed = result !== original
    let msg = changed ? (block.length ? (b >= 0 ? 'Block inserted' : 'Block inserted') : 'Block removed') : ''
    if (changed) await ctx.change((w) => w.writeFile(args.path, result))
    const st = ctx.check && data === null ? null : await ctx.stat(args.path, { follow: true })
    const attrs = st ? await applyAttributes(ctx, args.path, st, args) : undefined
    if (attrs?.changed) msg = msg ? `${msg} and ownership, perms or SE linux context changed` : 'ownership, perms or SE linux context changed'
    return {
      changed: changed || Boolean(attrs?.changed),
      msg,
      diff: { before: original, after: result, before_header: `${args.path} (content)`, after_header: `${args.path} (content)` },
    }
  },
}) as unknown as ModuleDefinition
