/** ping (ansible-core 2.14): proves the connection works; `data: crash` raises on purpose. */
import { defineModule, type ModuleDefinition } from '../src/index.js'

export default defineModule<{ data: string }>({
  name: 'ping',
  fqcns: ['ansible.builtin.ping', 'ansible.legacy.ping'],
  summary: 'Try to connect to the host and return pong',
  args: { type: 'object', properties: { data: { type: 'string', default: 'pong' } } },
  supports: { check: 'full' },
  async run(args, ctx) {
    if (args.data === 'crash') throw new Error('boom')
    await ctx.exec('true')
    return { changed: false, ping: args.data }
  },
}) as unknown as ModuleDefinition
