/**
 * copy (ansible-core 2.14): `content` or a controller `src` (a file, or a directory whose
 * trailing slash means "its contents") to `dest` on the host, each file written only when
 * its checksum differs; `remote_src` copies on the host itself.
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import {
  contentOfFile,
  defineModule,
  FILE_COMMON_ALIASES,
  FILE_COMMON_ARGS,
  writeFileLikeCopy,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  src?: string
  content?: string
  dest: string
  mode?: string | number
  directory_mode?: string | number
  owner?: string
  group?: string
  backup: boolean
  force: boolean
  remote_src: boolean
  follow: boolean
  local_follow: boolean
  /** Decrypt a vault-encrypted source (on by default, as Ansible's copy action). */
  decrypt: boolean
}

export default defineModule<Args>({
  name: 'copy',
  fqcns: ['ansible.builtin.copy', 'ansible.legacy.copy'],
  summary: 'Copy content or files to the host',
  args: {
    type: 'object',
    properties: {
      src: { type: 'string' },
      content: { type: 'string' },
      dest: { type: 'string' },
      ...FILE_COMMON_ARGS,
      directory_mode: {},
      backup: { type: 'boolean', default: false },
      force: { type: 'boolean', default: true },
      remote_src: { type: 'boolean', default: false },
      follow: { type: 'boolean', default: false },
      local_follow: { type: 'boolean', default: true },
      checksum: { type: 'string' },
      decrypt: { type: 'boolean', default: true },
      validate: { type: 'string' },
      _original_basename: { type: 'string' },
    },
    required: ['dest'],
  },
  aliases: { force: ['thirsty'], ...FILE_COMMON_ALIASES },
  mutuallyExclusive: [['content', 'src']],
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    if (args.content === undefined && args.src === undefined) return ctx.fail('src (or content) is required')
    if (args.content !== undefined) {
      const dest = args.dest.endsWith('/') ? ctx.fail('can not use content with a dir as dest') : args.dest
      return writeFileLikeCopy(ctx, { ...args, dest, content: args.content })
    }
    if (args.remote_src) {
      const data = await ctx.readFile(args.src!)
      if (data === null) return ctx.fail(`Source ${args.src} not found`)
      return writeFileLikeCopy(ctx, { ...args, content: data, src: args.src, resultSrc: args.src })
    }
    const src = ctx.controller.findFile(args.src!, 'files')
    if (!src) {
      return ctx.fail(`Could not find or access '${args.src}'\nSearched in:\n\t${args.src} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`)
    }
    if (!statSync(src).isDirectory()) {
      const dest = args.dest.endsWith('/') ? join(args.dest, basename(src)) : args.dest
      return writeFileLikeCopy(ctx, { ...args, dest, content: contentOfFile(ctx, src, args.decrypt), src })
    }
    // A directory: with a trailing slash its contents go into dest, else the directory itself.
    const root = args.src!.endsWith('/') ? args.dest : join(args.dest, basename(src))
    const changed = await copyTree(ctx, args, src, root)
    return { changed, dest: args.dest.endsWith('/') ? args.dest : `${args.dest}/`, src: args.src }
  },
})

async function copyTree(ctx: ModuleContext, args: Args, from: string, to: string): Promise<boolean> {
  let changed = false
  if (!(await ctx.stat(to, { follow: true }))) {
    await ctx.change((w) => w.fileOp({ op: 'mkdir', path: to, parents: true }))
    changed = true
  }
  for (const name of readdirSync(from).sort()) {
    const p = join(from, name)
    const d = join(to, name)
    if (statSync(p).isDirectory()) changed = (await copyTree(ctx, args, p, d)) || changed
    else {
      const r: ModuleResult = await writeFileLikeCopy(ctx, { ...args, dest: d, content: contentOfFile(ctx, p, args.decrypt), src: p })
      changed = Boolean(r.changed) || changed
    }
  }
  return changed
}
