/**
 * getent (ansible-core 2.14): a database of the name service switch (passwd, group,
 * hosts, services...) through `getent` on the host, as `ansible_facts.getent_<database>`:
 * each entry's key mapped to the rest of its fields.
 */
import { defineModule, shellJoin } from '../src/plugin-kit.js'

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
    const argv = ['getent', args.database, ...(args.key !== undefined ? [args.key] : []), ...(args.service !== undefined ? ['-s', args.service] : [])]
    const r = await ctx.exec(shellJoin(argv))
    if (r.rc === 127) return ctx.fail(`Failed to find required executable "getent" in paths: ${PATHS}`)
    const split = args.split ?? (['passwd', 'shadow', 'group', 'gshadow'].includes(args.database) ? ':' : undefined)
    const dbtree = `getent_${args.database}`
    if (r.rc === 0) {
      const results: Record<string, unknown> = {}
      const seen: Record<string, number> = {}
      for (const line of splitLines(r.stdout)) {
        // Python's str.split(): runs of whitespace, no empty fields; split(sep): every field.
        const record = split === undefined ? line.split(/\s+/).filter(Boolean) : line.split(split)
        if (!record.length) continue
        const [key, ...rest] = record
        if (seen[key]) {
          if (seen[key] === 1) results[key] = [results[key]]
          ;(results[key] as unknown[]).push(rest)
          seen[key] += 1
        } else {
          results[key] = rest
          seen[key] = 1
        }
      }
      return { changed: false, ansible_facts: { [dbtree]: results } }
    }
    let msg = 'Unexpected failure!'
    if (r.rc === 1) msg = 'Missing arguments, or database unknown.'
    else if (r.rc === 2) {
      msg = 'One or more supplied key could not be found in the database.'
      if (!args.fail_key) return { changed: false, ansible_facts: { [dbtree]: { [String(args.key ?? null)]: null } }, msg }
    } else if (r.rc === 3) msg = 'Enumeration not supported on this database.'
    return ctx.fail(msg)
  },
})

const PATHS = '/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin'

/** Python's str.splitlines() for getent's output (\n, \r\n, \r). */
function splitLines(s: string): string[] {
  const lines = s.split(/\r\n|\r|\n/)
  if (lines.at(-1) === '') lines.pop()
  return lines
}
