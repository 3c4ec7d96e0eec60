/**
 * An example of a user's own module: writes `Hello, <name>!` to a file. tsible finds it in
 * `library/` beside the playbook and runs it like a built-in module (see the README).
 */
import { defineModule } from 'tsible'

export default defineModule({
  name: 'hello_file',
  summary: 'Writes a greeting to a file',
  args: {
    type: 'object',
    properties: { path: { type: 'string' }, name: { type: 'string' } },
    required: ['path', 'name'],
    additionalProperties: false,
  },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    // args is { path: string; name: string }, read from the schema above.
    const want = `Hello, ${args.name}!\n`
    const before = (await ctx.readFile(args.path))?.toString('utf8')
    if (before === want) return { changed: false, path: args.path }
    await ctx.change((host) => host.writeFile(args.path, want, { mode: 0o644 }))
    return { changed: true, path: args.path, diff: { before: before ?? '', after: want } }
  },
})
