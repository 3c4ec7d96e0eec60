/**
 * assemble (ansible-core 2.14): the fragments of a directory (on the host by default,
 * or on the controller with remote_src: no) concatenated in name order, optionally
 * filtered by `regexp` and separated by `delimiter`, written as copy writes a file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PyRegex } from '../plugins/filter/py-re.js'
import { defineModule, writeFileLikeCopy, type ModuleDefinition } from '../src/index.js'

interface Args {
  src: string
  dest: string
  remote_src: boolean
  regexp?: string
  delimiter?: string
  ignore_hidden: boolean
  backup: boolean
  mode?: string | number
  owner?: string
  group?: string
}

export default defineModule<Args>({
  name: 'assemble',
  fqcns: ['ansible.builtin.assemble', 'ansible.legacy.assemble'],
  summary: 'Assemble configuration files from fragments',
  args: {
    type: 'object',
    properties: {
      src: { type: 'string' },
      dest: { type: 'string' },
      remote_src: { type: 'boolean', default: true },
      regexp: { type: 'string' },
      delimiter: { type: 'string' },
      ignore_hidden: { type: 'boolean', default: false },
      backup: { type: 'boolean', default: false },
      mode: {},
      owner: { type: 'string' },
      group: { type: 'string' },
      validate: { type: 'string' },
      decrypt: { type: 'boolean', default: true },
      attributes: { type: 'string' },
      unsafe_writes: { type: 'boolean' },
    },
    required: ['src', 'dest'],
  },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const re = args.regexp !== undefined ? new PyRegex(args.regexp) : undefined
    const fragments: Buffer[] = []
    if (args.remote_src) {
      const entries = await ctx.readDir(args.src)
      if (entries === null) return ctx.fail(`Source (${args.src}) is not a directory`)
      for (const e of entries) {
        if (e.type === 'directory') continue
        if (re && !re.search(e.name)) continue
        if (args.ignore_hidden && e.name.startsWith('.')) continue
        fragments.push((await ctx.readFile(join(args.src, e.name))) ?? Buffer.alloc(0))
      }
    } else {
      const dir = ctx.controller.findFile(args.src, 'files')
      if (!dir || !statSync(dir).isDirectory()) return ctx.fail(`Source (${args.src}) is not a directory`)
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name)
        if (statSync(p).isDirectory()) continue
        if (re && !re.search(name)) continue
        if (args.ignore_hidden && name.startsWith('.')) continue
        fragments.push(readFileSync(p))
      }
    }
    const parts: Buffer[] = []
    let delimit = false
    for (const f of fragments) {
      if (delimit && args.delimiter !== undefined) {
        const d = args.delimiter.replace(/\\n/g, '\n').replace(/\\t/g, '\t')
        parts.push(Buffer.from(d))
        if (!d.endsWith('\n')) parts.push(Buffer.from('\n'))
      }
      parts.push(f)
      delimit = f.length > 0 && f[f.length - 1] === 10
      if (!delimit && f.length) delimit = true
    }
    return writeFileLikeCopy(ctx, { dest: args.dest, content: Buffer.concat(parts), mode: args.mode, owner: args.owner, group: args.group, backup: args.backup })
  },
}) as unknown as ModuleDefinition
