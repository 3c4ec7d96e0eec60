/**
 * git (ansible-core 2.14): a checkout of `repo` at `version` in `dest`, through the git
 * CLI on the host: clone when missing, fetch and check out otherwise (unless update is
 * off); `before`/`after` are the commit ids, `changed` when they differ.
 */
import { defineModule, shellJoin, type ModuleContext, type ModuleDefinition } from '../src/index.js'

interface Args {
  repo: string
  dest: string
  version: string
  remote: string
  force: boolean
  update: boolean
  clone: boolean
  depth?: number
  bare: boolean
  executable?: string
}

export default defineModule<Args>({
  name: 'git',
  fqcns: ['ansible.builtin.git', 'ansible.legacy.git'],
  summary: 'Deploy software (or files) from git checkouts',
  args: {
    type: 'object',
    properties: {
      repo: { type: 'string' },
      dest: { type: 'string' },
      version: { type: 'string', default: 'HEAD' },
      remote: { type: 'string', default: 'origin' },
      force: { type: 'boolean', default: false },
      update: { type: 'boolean', default: true },
      clone: { type: 'boolean', default: true },
      depth: { type: 'integer' },
      bare: { type: 'boolean', default: false },
      executable: { type: 'string' },
      accept_hostkey: { type: 'boolean', default: false },
      key_file: { type: 'string' },
      recursive: { type: 'boolean', default: true },
      single_branch: { type: 'boolean', default: false },
      track_submodules: { type: 'boolean', default: false },
      umask: {},
    },
    required: ['repo', 'dest'],
  },
  aliases: { repo: ['name'] },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const git = args.executable ?? 'git'
    const inDest = (words: string[]) => ctx.exec(shellJoin([git, ...words]), { cwd: args.dest })
    const head = async () => {
      const r = await inDest(['rev-parse', 'HEAD'])
      return r.rc === 0 ? r.stdout.trim() : null
    }
    const exists = (await ctx.stat(`${args.dest}/.git`, { follow: true })) !== null
    if (!exists) {
      if (!args.clone) return { changed: false, before: null, after: null }
      const remoteHead = await remoteSha(ctx, git, args)
      if (ctx.check) return { changed: true, before: null, after: remoteHead }
      const clone = [git, 'clone', ...(args.depth ? ['--depth', String(args.depth)] : []), '--origin', args.remote, args.repo, args.dest]
      const r = await ctx.change((w) => w.exec(shellJoin(clone)))
      if (r && r.rc !== 0) return ctx.fail(`Failed to init/clone ${args.repo}: ${r.stderr.trim()}`, { cmd: clone.join(' '), rc: r.rc })
      if (args.version !== 'HEAD') {
        const co = await ctx.change((w) => w.exec(shellJoin([git, 'checkout', '--force', args.version]), { cwd: args.dest }))
        if (co && co.rc !== 0) return ctx.fail(`Failed to checkout ${args.version}: ${co.stderr.trim()}`)
      }
      return { changed: true, before: null, after: await head() }
    }
    const before = await head()
    if (!args.update) return { changed: false, before, after: before }
    const status = await inDest(['status', '--porcelain', '--untracked-files=no'])
    if (status.stdout.trim() && !args.force) return ctx.fail('Local modifications exist in the destination: ' + args.dest + ' (force=no).', { before })
    const target = await remoteSha(ctx, git, args)
    if (target && target === before) return { changed: false, before, after: before, remote_url_changed: false }
    if (ctx.check) return { changed: true, before, after: target }
    const fetch = await ctx.change((w) => w.exec(shellJoin([git, 'fetch', ...(args.depth ? ['--depth', String(args.depth)] : []), args.remote, '+refs/heads/*:refs/remotes/' + args.remote + '/*', '+refs/tags/*:refs/tags/*']), { cwd: args.dest }))
    if (fetch && fetch.rc !== 0) return ctx.fail(`Failed to download remote objects and refs: ${fetch.stderr.trim()}`)
    const ref = args.version === 'HEAD' ? `${args.remote}/HEAD` : (await inDest(['rev-parse', '--verify', '--quiet', `${args.remote}/${args.version}`])).rc === 0 ? `${args.remote}/${args.version}` : args.version
    const co = await ctx.change((w) => w.exec(shellJoin([git, 'checkout', ...(args.force ? ['--force'] : []), '--detach', ref]), { cwd: args.dest }))
    if (co && co.rc !== 0) return ctx.fail(`Failed to checkout ${args.version}: ${co.stderr.trim()}`)
    const after = await head()
    return { changed: before !== after, before, after }
  },
}) as unknown as ModuleDefinition

/** The commit the version names on the remote (ls-remote), or a full sha given as the version. */
async function remoteSha(ctx: ModuleContext, git: string, args: Args): Promise<string | null> {
  if (/^[0-9a-f]{40}$/.test(args.version)) return args.version
  const r = await ctx.exec(shellJoin([git, 'ls-remote', args.repo, args.version]))
  if (r.rc !== 0) return null
  const lines = r.stdout.split('\n').filter(Boolean)
  const pick = lines.find((l) => l.endsWith(`refs/heads/${args.version}`)) ?? lines.find((l) => l.endsWith(`refs/tags/${args.version}^{}`)) ?? lines[0]
  return pick ? pick.split(/\s+/)[0] : null
}
