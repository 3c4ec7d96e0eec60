/** slurp (ansible-core 2.14): a file of the host, base64 encoded. */
import { defineModule } from '../src/plugin-kit.js'

export default defineModule<{ src: string }>({
  name: 'slurp',
  fqcns: ['ansible.builtin.slurp', 'ansible.legacy.slurp'],
  summary: 'Slurps a file from the host',
  args: { type: 'object', properties: { src: { type: 'string' } }, required: ['src'] },
  aliases: { src: ['path'] },
  supports: { check: 'full' },
  async run(args, ctx) {
    const st = await ctx.stat(args.src, { follow: true })
    if (!st) return ctx.fail(`file not found: ${args.src}`)
    if (st.type === 'directory') return ctx.fail(`source is a directory and must be a file: ${args.src}`)
    let data: Buffer | null
    try {
      data = await ctx.readFile(args.src)
    } catch (e) {
      // The module's errno cases: EACCES is "not readable", anything else "unable to slurp".
      const code = (e as { code?: string }).code
      if (code === 'EACCES' || /permission denied/i.test(String((e as Error).message))) return ctx.fail(`file is not readable: ${args.src}`)
      return ctx.fail(`unable to slurp file: ${(e as Error).message}`)
    }
    if (data === null) return ctx.fail(`file not found: ${args.src}`)
    return { changed: false, content: data.toString('base64'), encoding: 'base64', source: args.src }
  },
})
