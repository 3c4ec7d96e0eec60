/**
 * lineinfile (ansible-core 2.14): makes sure a line is in a file (or is not), found by
 * `regexp` (Python re), `search_string` or the line itself, inserted after/before a match,
 * BOF or EOF; `backrefs`, `firstmatch`, `create`. The file is rewritten through copy's
 * write path, so check mode and diff come with it.
 */
import {
  applyAttributes,
  backupName,
  defineModule,
  FILE_COMMON_ALIASES,
  FILE_COMMON_ARGS,
  PyRegex,
  shellJoin,
  shellQuote,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  path: string
  state: 'present' | 'absent'
  regexp?: string
  search_string?: string
  line?: string
  insertafter?: string
  insertbefore?: string
  backrefs: boolean
  create: boolean
  backup: boolean
  firstmatch: boolean
  validate?: string
  mode?: string | number
  owner?: string
  group?: string
}

export default defineModule<Args>({
  name: 'lineinfile',
  fqcns: ['ansible.builtin.lineinfile', 'ansible.legacy.lineinfile'],
  summary: 'Manage one line in a text file',
  args: {
    type: 'object',
    properties: {
      path: { type: 'string' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present' },
      regexp: { type: 'string' },
      search_string: { type: 'string' },
      line: { type: 'string' },
      insertafter: { type: 'string' },
      insertbefore: { type: 'string' },
      backrefs: { type: 'boolean', default: false },
      create: { type: 'boolean', default: false },
      backup: { type: 'boolean', default: false },
      firstmatch: { type: 'boolean', default: false },
      ...FILE_COMMON_ARGS,
      validate: { type: 'string' },
      others: { type: 'string' },
    },
    required: ['path'],
  },
  aliases: { path: ['dest', 'destfile', 'name'], regexp: ['regex'], line: ['value'], ...FILE_COMMON_ALIASES },
  mutuallyExclusive: [['insertbefore', 'insertafter'], ['regexp', 'search_string'], ['backrefs', 'search_string']],
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    if (args.regexp === '' || args.search_string === '') {
      const what = args.regexp === '' ? 'regular expression' : 'search string'
      let msg = `The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.`
      if (args.regexp === '') msg += " If this is desired, use '^' to match every line in the file and avoid this warning."
      ctx.warn(msg)
    }
    if ((await ctx.stat(args.path, { follow: true }))?.type === 'directory') return ctx.fail(`Path ${args.path} is a directory !`, { rc: 256 })
    if (args.state === 'present') {
      if (args.backrefs && args.regexp === undefined) return ctx.fail('regexp is required with backrefs=true')
      if (args.line === undefined) return ctx.fail('line is required with state=present')
      const insertafter = args.insertafter === undefined && args.insertbefore === undefined ? 'EOF' : args.insertafter
      return present(ctx, args, args.line, insertafter, args.insertbefore)
    }
    if (args.regexp === undefined && args.search_string === undefined && args.line === undefined) {
      return ctx.fail('one of line, search_string, or regexp is required with state=absent')
    }
    return absent(ctx, args)
  },
})

function splitKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? []
}

function stripEol(s: string): string {
  return s.replace(/[\r\n]+$/, '')
}

async function read(ctx: ModuleContext, args: Args): Promise<{ lines: string[]; exists: boolean }> {
  const data = await ctx.readFile(args.path)
  if (data === null) {
    if (args.state === 'present' && !args.create) ctx.fail(`Destination ${args.path} does not exist !`, { rc: 257 })
    return { lines: [], exists: false }
  }
  return { lines: splitKeepEnds(data.toString('utf8')), exists: true }
}

async function present(ctx: ModuleContext, args: Args, line: string, insertafter?: string, insertbefore?: string): Promise<ModuleResult> {
  const { lines, exists } = await read(ctx, args)
  const before = lines.join('')
  const re = args.regexp !== undefined ? new PyRegex(args.regexp) : undefined
  const ins = insertafter !== undefined && insertafter !== 'BOF' && insertafter !== 'EOF' ? new PyRegex(insertafter) : insertbefore !== undefined && insertbefore !== 'BOF' ? new PyRegex(insertbefore) : undefined
  const index = [-1, -1]
  let match: RegExpExecArray | boolean | null = null
  if (re) {
    for (const [i, cur] of lines.entries()) {
      const m = re.search(cur)
      if (m) {
        index[0] = i
        match = m
        if (args.firstmatch) break
      }
    }
  }
  if (args.search_string !== undefined) {
    for (const [i, cur] of lines.entries()) {
      if (cur.includes(args.search_string)) {
        index[0] = i
        match = true
        if (args.firstmatch) break
      }
    }
  }
  if (!match) {
    for (const [i, cur] of lines.entries()) {
      if (stripEol(cur) === line) {
        index[0] = i
      } else if (ins && ins.search(cur)) {
        if (insertafter) {
          index[1] = i + 1
          if (args.firstmatch) break
        }
        if (insertbefore) {
          index[1] = i
          if (args.firstmatch) break
        }
      }
    }
  }
  let msg = ''
  let changed = false
  if (index[0] !== -1) {
    // A match (or the exact line): replace it if it differs (with backrefs expanded).
    let newLine = args.backrefs && match && typeof match !== 'boolean' ? expand(match, line) : line
    if (!newLine.endsWith('\n')) newLine += '\n'
    if (lines[index[0]] !== newLine) {
      lines[index[0]] = newLine
      msg = 'line replaced'
      changed = true
    }
  } else if (args.backrefs) {
    // no match with backrefs: nothing changes
  } else if (insertbefore === 'BOF' || insertafter === 'BOF') {
    lines.unshift(`${line}\n`)
    msg = 'line added'
    changed = true
  } else if (insertafter === 'EOF' || index[1] === -1) {
    if (lines.length && !/[\n\r]$/.test(lines[lines.length - 1])) lines.push('\n')
    lines.push(`${line}\n`)
    msg = 'line added'
    changed = true
  } else if (insertafter && index[1] !== -1) {
    if (lines.length === index[1]) {
      if (stripEol(lines[index[1] - 1]) !== line) {
        lines.push(`${line}\n`)
        msg = 'line added'
        changed = true
      }
    } else if (line !== stripEol(lines[index[1]])) {
      lines.splice(index[1], 0, `${line}\n`)
      msg = 'line added'
      changed = true
    }
  } else {
    lines.splice(index[1], 0, `${line}\n`)
    msg = 'line added'
    changed = true
  }
  return finish(ctx, args, before, lines.join(''), changed, msg, exists)
}

function expand(m: RegExpExecArray, template: string): string {
  return template.replace(/\\(\d+)|\\g<(\w+)>/g, (_all, n: string | undefined, name: string | undefined) => {
    const key = n ?? name!
    const v = /^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key]
    return v ?? ''
  })
}

async function absent(ctx: ModuleContext, args: Args): Promise<ModuleResult> {
  const { lines, exists } = await read(ctx, args)
  if (!exists) return { changed: false, msg: 'file not present' }
  const before = lines.join('')
  const re = args.regexp !== undefined ? new PyRegex(args.regexp) : undefined
  const kept = lines.filter((cur) => {
    if (re) return !re.search(cur)
    if (args.search_string !== undefined) return !cur.includes(args.search_string)
    return stripEol(cur) !== args.line
  })
  const found = lines.length - kept.length
  const result = await finish(ctx, args, before, kept.join(''), found > 0, found ? `${found} line(s) removed` : '', true)
  return { ...result, found }
}

async function finish(ctx: ModuleContext, args: Args, before: string, after: string, changed: boolean, msg: string, exists: boolean): Promise<ModuleResult> {
  const diff = { before, after, before_header: `${args.path} (content)`, after_header: `${args.path} (content)` }
  let backup = ''
  if (changed && !ctx.check) {
    if (args.backup && exists) {
      const st = await ctx.stat(args.path, { follow: true })
      backup = backupName(args.path)
      await ctx.change((w) => w.writeFile(backup, before, { mode: st?.mode }))
    }
    if (!exists) {
      const dir = args.path.slice(0, args.path.lastIndexOf('/'))
      if (dir && !(await ctx.stat(dir, { follow: true }))) {
        await ctx.change((w) => w.fileOp({ op: 'mkdir', path: dir, parents: true }))
      }
    }
    await writeValidated(ctx, args.path, after, args.validate)
  }
  // In check mode a file that would be created has no attributes to compare yet.
  if (ctx.check && !exists) return { changed, msg, backup, diff }
  const st = await ctx.stat(args.path, { follow: true })
  const attrDiff: Record<string, unknown> = {}
  let attrsChanged = false
  if (st) {
    const attrs = await applyAttributes(ctx, args.path, st, args)
    attrsChanged = attrs.changed
    if (attrs.changed) {
      attrDiff.before = withoutPath(attrs.before)
      attrDiff.after = withoutPath(attrs.after)
    }
  }
  attrDiff.before_header = `${args.path} (file attributes)`
  attrDiff.after_header = `${args.path} (file attributes)`
  if (attrsChanged) msg = changed ? `${msg} and ownership, perms or SE linux context changed` : 'ownership, perms or SE linux context changed'
  return { changed: changed || attrsChanged, msg, backup, diff: [diff, attrDiff] }
}

/** An attribute diff without the path (lineinfile and blockinfile show it in the header). */
export function withoutPath(o: Record<string, unknown>): Record<string, unknown> {
  const { path: _path, ...rest } = o
  return rest
}


/**
 * The write of lineinfile/blockinfile: with `validate`, the new content goes to a temp
 * file on the host first and the command (its `%s` the temp file) must accept it, else
 * Ansible's "failed to validate" and the destination stays as it was.
 */
export async function writeValidated(ctx: ModuleContext, path: string, content: string | Buffer, validate?: string | null): Promise<void> {
  if (validate) {
    if (!validate.includes('%s')) return ctx.fail(`validate must contain %s: ${validate}`)
    await ctx.change(async (w) => {
      const mk = await w.exec('mktemp "${TMPDIR:-/tmp}/ansible-validate-XXXXXXXXXX"')
      if (mk.rc !== 0) return ctx.fail(`failed to create a temporary file on the host: ${mk.stderr.trim()}`)
      const tmp = mk.stdout.trim()
      try {
        await w.writeFile(tmp, content, { mode: 0o600 })
        // Python's `validate % tmpfile`: %s is the file, %% a percent sign.
        const r = await w.exec(validate.replace(/%([s%])/g, (_m, c: string) => (c === 's' ? shellQuote(tmp) : '%')))
        if (r.rc !== 0) return ctx.fail(`failed to validate: rc:${r.rc} error:${r.stderr}`)
      } finally {
        await w.exec(shellJoin(['rm', '-f', tmp]))
      }
    })
  }
  await ctx.change((w) => w.writeFile(path, content))
}
