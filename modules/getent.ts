/**
 * getent (ansible-core 2.14): a database of the name service switch (passwd, group,
 * hosts, services...) through `getent` on the host, as `ansible_facts.getent_<database>`:
 * each entry's key mapped to the rest of its fields.
 */
import { defineModule, shellJoin, type ModuleDefinition } from '../src/index.js'

interface Args {
  database: string
  key?: string
  service?: string
  split?: string
  fail_key: boolean
}

export default defineModule<Args>({
  name: 'getent',
  fqcns: ['ansible.builtin.getent', 'ansible.legacy.getent'],
  summary: 'A wrapper around the getent command',
  args: {
    type: 'object',
    properties: {
      database: { type: 'string' },
      key: { type: 'string' },
      service: { type: 'string' },
      split: { type: 'string' },
      fail_key: { type: 'boolean', default: true },
    },
    required: ['database'],
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const argv = ['getent', ...(args.service ? ['-s', args.service] : []), args.database, ...(args.key ? [args.key] : [])]
    const r = await ctx.exec(shellJoin(argv))
    const split = args.split ?? (['passwd', 'shadow', 'group', 'gshadow'].includes(args.database) ? ':' : undefined)
    if (r.rc === 0) {
      const results: Record<string, unknown[]> = {}
      for (const line of r.stdout.split('\n')) {
        if (!line) continue
        const fields = split === undefined ? line.split(/\s+/) : line.split(split)
        const key = fields.shift()!
        results[key] = fields
      }
      return { changed: false, ansible_facts: { [`getent_${args.database}`]: results } }
    }
    if (r.rc === 1) return ctx.fail('Missing arguments, or database unknown.')
    if (r.rc === 2) {
      const msg = 'One or more supplied key could not be found in the database.'
      if (!args.fail_key) return { changed: false, ansible_facts: { [`getent_${args.database}`]: { [args.key ?? '']: null } }, msg }
      return ctx.fail(msg)
    }
    if (r.rc === 3) return ctx.fail('Enumeration not supported on this database.')
    return ctx.fail(`Unexpected failure! (rc ${r.rc}) ${r.stderr.trim()}`)
  },
}) as unknown as ModuleDefinition
