/**
 * mount (ansible.posix): an fstab entry and the mount itself. `present`/`absent` edit
 * fstab only; `mounted` also mounts (creating the mount point), `unmounted` unmounts,
 * `remounted` remounts; fstab is rewritten through the connection's atomic write.
 */
import { defineModule, shellJoin, type ModuleContext } from '../src/plugin-kit.js'

interface Args {
  path: string
  src?: string
  fstype?: string
  opts?: string
  dump: string
  passno: string
  state: 'absent' | 'mounted' | 'present' | 'unmounted' | 'remounted' | 'absent_from_fstab' | 'ephemeral'
  fstab: string
  backup: boolean
  boot: boolean
}

export default defineModule<Args>({
  name: 'mount',
  fqcns: ['ansible.posix.mount'],
  summary: 'Control active and configured mount points',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      src: { type: 'string' },
      fstype: { type: 'string' },
      opts: { type: 'string' },
      dump: { type: 'string', default: '0' },
      passno: { type: 'string', default: '0' },
      state: { type: 'string', enum: ['absent', 'absent_from_fstab', 'mounted', 'present', 'unmounted', 'remounted', 'ephemeral'] },
      fstab: { type: 'string', default: '/etc/fstab' },
      backup: { type: 'boolean', default: false },
      boot: { type: 'boolean', default: true },
    },
    required: ['path', 'state'],
  },
  aliases: { path: ['name'] },
  requiredIf: [
    ['state', 'mounted', ['src', 'fstype']],
    ['state', 'present', ['src', 'fstype']],
  ],
  supports: { check: 'full' },
  async run(args, ctx) {
    const path = args.path.replace(/(.)\/+$/, '$1')
    const opts = args.opts ?? 'defaults'
    let changed = false
    if (args.state !== 'unmounted' && args.state !== 'remounted' && args.state !== 'ephemeral') {
      const fstab = ((await ctx.readFile(args.fstab)) ?? Buffer.alloc(0)).toString('utf8')
      const lines = fstab.split('\n')
      if (lines.at(-1) === '') lines.pop()
      const want = [args.src, path, args.fstype, args.boot ? opts : `${opts},noauto`, args.dump, args.passno].join('\t')
      const idx = lines.findIndex((l) => !/^\s*(#|$)/.test(l) && l.trim().split(/\s+/)[1] === path)
      let next = [...lines]
      if (args.state === 'absent' || args.state === 'absent_from_fstab') {
        if (idx >= 0) next = lines.filter((_, i) => i !== idx)
      } else if (idx < 0) next.push(want)
      else {
        const cur = lines[idx].trim().split(/\s+/)
        const same = cur[0] === args.src && cur[2] === args.fstype && cur[3] === (args.boot ? opts : `${opts},noauto`) && cur[4] === args.dump && cur[5] === args.passno
        if (!same) next[idx] = want
      }
      if (next.join('\n') !== lines.join('\n')) {
        changed = true
        const text = next.length ? `${next.join('\n')}\n` : ''
        await ctx.change((w) => w.writeFile(args.fstab, text))
      }
    }
    const mounted = await isMounted(ctx, path)
    if ((args.state === 'absent' || args.state === 'unmounted') && mounted) {
      changed = true
      await run(ctx, ['umount', path], 'Error unmounting')
    }
    if (args.state === 'absent' && !ctx.check) await ctx.change((w) => w.exec(shellJoin(['rmdir', path]) + ' 2>/dev/null || true'))
    if (args.state === 'mounted') {
      if (!(await ctx.stat(path, { follow: true }))) {
        changed = true
        await ctx.change((w) => w.fileOp({ op: 'mkdir', path, parents: true }))
      }
      if (!mounted) {
        changed = true
        await run(ctx, ['mount', ...(args.fstab !== '/etc/fstab' ? ['-T', args.fstab] : []), path], 'Error mounting')
      } else if (changed) await run(ctx, ['mount', '-o', `remount,${opts}`, path], 'Error remounting')
    }
    if (args.state === 'remounted') {
      changed = true
      await run(ctx, ['mount', '-o', `remount${args.opts ? `,${args.opts}` : ''}`, path], 'Error remounting')
    }
    return { changed, name: path, src: args.src, fstype: args.fstype, opts, dump: args.dump, passno: args.passno, fstab: args.fstab, boot: args.boot }
  },
})

async function isMounted(ctx: ModuleContext, path: string): Promise<boolean> {
  const r = await ctx.exec(shellJoin(['findmnt', '--noheadings', '--mountpoint', path]))
  return r.rc === 0 && r.stdout.trim() !== ''
}

async function run(ctx: ModuleContext, argv: string[], what: string): Promise<void> {
  const r = await ctx.change((w) => w.exec(shellJoin(argv)))
  if (r && r.rc !== 0) ctx.fail(`${what} ${argv.at(-1)}: ${(r.stderr || r.stdout).trim()}`)
}
