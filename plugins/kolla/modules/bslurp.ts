/**
 * bslurp (kolla-ansible train to xena, ansible/library/bslurp.py): moves a file from one
 * host to others through the controller. Without `dest` it reads `src` and returns it as
 * `content` (base64 of the zlib-compressed bytes, or of the bytes with `compress: no`)
 * with its `sha1`, `sha256`, `mode` (Python's oct(), e.g. 0o600) and `source`. With
 * `dest`, `src` is such a content: it is written to `dest` unless `dest` already has the
 * given sha256 (else sha1); data that does not match the given hash fails.
 *
 * Written as a new file (temp + rename) where kolla's opens `dest` without truncating it;
 * a new file gets `mode`, an existing one keeps its own, as kolla's O_CREAT does.
 */
import { createHash } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { defineModule } from '../../../src/plugin-kit.js'

interface Args {
  src: string
  dest?: string
  compress: boolean
  mode: string
  sha1?: string
  sha256?: string
}

const hex = (algo: 'sha1' | 'sha256', data: Buffer) => createHash(algo).update(data).digest('hex')

/** Python's int(s, 0): 0o/0x/0b prefixes, plain decimal ('0600' is not valid in base 0). */
function intBase0(s: string): number | null {
  const t = s.trim().replaceAll('_', '')
  const m = /^([+-]?)(0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[bB][01]+|[1-9][0-9]*|0+)$/.exec(t)
  if (!m) return null
  const body = m[2]
  const n = /^0[oObBxX]/.test(body) ? Number(body.toLowerCase()) : Number(body)
  return m[1] === '-' ? -n : n
}

export default defineModule<Args>({
  name: 'bslurp',
  summary: 'Slurps a file from a remote node, or writes such a blob out',
  args: {
    type: 'object',
    properties: {
      compress: { type: 'boolean', default: true },
      dest: { type: 'string' },
      mode: { type: 'string', default: '0644' },
      sha1: { type: 'string' },
      sha256: { type: 'string' },
      src: { type: 'string' },
    },
    required: ['src'],
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    if (!args.dest) {
      const st = await ctx.stat(args.src)
      if (!st) return ctx.fail(`file not found: ${args.src}`)
      const raw = await ctx.readFile(args.src)
      if (!raw) return ctx.fail(`file is not readable: ${args.src}`)
      const data = args.compress ? deflateSync(raw) : raw
      return {
        changed: false,
        content: data.toString('base64'),
        sha1: hex('sha1', raw),
        sha256: hex('sha256', raw),
        mode: `0o${(st.mode & 0o777).toString(8)}`,
        source: args.src,
      }
    }
    const mode = intBase0(args.mode)
    if (mode === null) return { failed: true, changed: true, msg: `ValueError: invalid literal for int() with base 0: '${args.mode}'` }
    let raw: Buffer
    try {
      const data = Buffer.from(args.src, 'base64')
      raw = args.compress ? inflateSync(data) : data
    } catch (e) {
      return { failed: true, changed: true, msg: `zlib.error: ${(e as Error).message}` }
    }
    for (const algo of ['sha256', 'sha1'] as const) {
      const want = args[algo]
      if (!want) continue
      const existing = await ctx.stat(args.dest)
      if (existing) {
        const current = await ctx.readFile(args.dest)
        if (!current) return { failed: true, changed: false, msg: `file is not accessible: ${args.dest}` }
        if (hex(algo, current) === want) return { changed: false }
      }
      if (want !== hex(algo, raw)) return { failed: true, changed: false, msg: `${algo} sum does not match data` }
      break
    }
    const existing = await ctx.stat(args.dest)
    await ctx.change((w) => w.writeFile(args.dest!, raw, existing ? {} : { mode: mode & 0o7777 & ~0o022 }))
    return { changed: true }
  },
})
