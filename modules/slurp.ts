/** slurp (ansible-core 2.14): a file of the host, base64 encoded. */
import { defineModule, type ModuleDefinition } from '../src/index.js'

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
    const data = await ctx.readFile(args.src)
    if (data === null) return ctx.fail(`file not found: ${args.src}`)
    return { changed: false, content: data.toString('base64'), encoding: 'base64', source: args.src }
  },
}) as unknown as ModuleDefinition
