/**
 * stat (ansible-core 2.14): a path's attributes as Ansible reports them (`stat.exists`,
 * mode, owner, type flags, checksum, link target). `get_mime` and `get_attributes` are
 * answered with `file` and `lsattr` on the host when asked.
 */
import { defineModule, shellQuote as quote } from '../src/plugin-kit.js'
import { statKeys } from './_lib/stat-keys.js'

interface Args {
  path: string
  follow: boolean
  get_checksum: boolean
  checksum_algorithm: string
  get_mime: boolean
  get_attributes: boolean
}

export default defineModule<Args>({
  name: 'stat',
  fqcns: ['ansible.builtin.stat', 'ansible.legacy.stat'],
  summary: "A path's attributes",
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      follow: { type: 'boolean', default: false },
      get_checksum: { type: 'boolean', default: true },
      checksum_algorithm: { type: 'string', enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], default: 'sha1' },
      get_mime: { type: 'boolean', default: true },
      get_attributes: { type: 'boolean', default: true },
      get_md5: { type: 'boolean' },
    },
    required: ['path'],
  },
  aliases: { path: ['dest', 'name'], checksum_algorithm: ['checksum', 'checksum_algo'], get_mime: ['mime', 'mime_type', 'mime-type'], get_attributes: ['attr', 'attributes'] },
  supports: { check: 'full' },
  async run(args, ctx) {
    const st = await ctx.stat(args.path, { follow: args.follow, checksum: args.get_checksum && args.checksum_algorithm === 'sha1' })
    if (!st) return { changed: false, stat: { exists: false } }
    const out: Record<string, unknown> = { exists: true, ...statKeys(st) }
    const access = await ctx.exec(`p=${quote(args.path)}; [ -r "$p" ] && printf r; [ -w "$p" ] && printf w; [ -x "$p" ] && printf x; true`)
    out.readable = access.stdout.includes('r')
    out.writeable = access.stdout.includes('w')
    out.executable = access.stdout.includes('x')
    if (st.type === 'link' && st.linkTarget !== undefined) {
      out.lnk_source = (await ctx.exec(`readlink -f -- ${quote(args.path)}`)).stdout.trim()
      out.lnk_target = st.linkTarget
    }
    if (st.type === 'file' && args.get_checksum) {
      if (args.checksum_algorithm === 'sha1' && st.checksum) out.checksum = st.checksum
      else {
        const r = await ctx.exec(`${args.checksum_algorithm}sum < ${quote(args.path)}`)
        if (r.rc === 0) out.checksum = r.stdout.split(' ')[0]
      }
    }
    if (args.get_mime) {
      const r = await ctx.exec(`file -i -b -L -- ${quote(args.path)} 2>/dev/null`)
      const m = /^([^;]+)(?:; charset=(.*))?$/.exec(r.stdout.trim())
      if (r.rc === 0 && m) {
        out.mimetype = m[1]
        out.charset = m[2] ?? 'unknown'
      } else {
        out.mimetype = 'unknown'
        out.charset = 'unknown'
      }
    }
    return { changed: false, stat: Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1))) }
  },
})
