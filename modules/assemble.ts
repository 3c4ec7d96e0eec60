/**
 * assemble (ansible-core 2.14): the fragments of a directory (on the host by default,
 * or on the controller with remote_src: no) concatenated in name order, optionally
 * filtered by `regexp` and separated by `delimiter`, written as copy writes a file.
 */
import { createHash } from 'node:crypto'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import {
  defineModule,
  pathResultKeys,
  PyRegex,
  shellJoin,
  shellQuote,
  writeFileLikeCopy,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  src: string
  dest: string
  remote_src: boolean
  regexp?: string
  delimiter?: string
  ignore_hidden: boolean
  validate?: string
  backup: boolean
  mode?: string | number
  owner?: string
  group?: string
  decrypt: boolean
}

export default defineModule<Args>({
  name: 'assemble',
  fqcns: ['ansible.builtin.assemble', 'ansible.legacy.assemble'],
  summary: 'Assemble configuration files from fragments',
  args: {
    type: 'object',
    properties: {
      src: { type: 'string' },
      dest: { type: 'string' },
      remote_src: { type: 'boolean', default: true },
      regexp: { type: 'string' },
      delimiter: { type: 'string' },
      ignore_hidden: { type: 'boolean', default: false },
      backup: { type: 'boolean', default: false },
      mode: {},
      owner: { type: 'string' },
      group: { type: 'string' },
      validate: { type: 'string' },
      decrypt: { type: 'boolean', default: true },
      attributes: { type: 'string' },
      unsafe_writes: { type: 'boolean' },
    },
    required: ['src', 'dest'],
  },
  // The assemble action refuses check mode itself (skipped, with its own message).
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    if (ctx.check) return { changed: false, skipped: true, msg: 'check mode is not supported for this task.' }
    const names: string[] = []
    const read: (name: string) => Promise<Buffer | null> = args.remote_src
      ? async (name) => {
          const st = await ctx.stat(join(args.src, name), { follow: true })
          return st?.type === 'file' ? ctx.readFile(join(args.src, name)) : null
        }
      : async (name) => {
          const p = join(controllerDir!, name)
          return statSync(p, { throwIfNoEntry: false })?.isFile() ? ctx.controller.readFile(p, { decrypt: args.decrypt }) : null
        }
    let controllerDir: string | null = null
    if (args.remote_src) {
      const st = await ctx.stat(args.src, { follow: true })
      if (!st) return ctx.fail(`Source (${args.src}) does not exist`)
      if (st.type !== 'directory') return ctx.fail(`Source (${args.src}) is not a directory`)
      names.push(...((await ctx.readDir(args.src)) ?? []).map((e) => e.name))
    } else {
      controllerDir = ctx.controller.findFile(args.src, 'files')
      if (!controllerDir) {
        return ctx.fail(`Could not find or access '${args.src}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`)
      }
      if (!statSync(controllerDir).isDirectory()) return ctx.fail(`Source (${controllerDir}) is not a directory`)
      names.push(...readdirSync(controllerDir))
    }
    let re: PyRegex | undefined
    try {
      re = args.regexp !== undefined ? new PyRegex(args.regexp) : undefined
    } catch (e) {
      return ctx.fail(`Invalid Regexp (${(e as Error).message}) in "${args.regexp}"`)
    }
    // Python's sorted(os.listdir()): code point order.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const parts: Buffer[] = []
    const delimiter = args.delimiter ? escapeDecode(args.delimiter) : undefined
    let delimitMe = false
    let addNewline = false
    for (const name of names) {
      if (re && !re.search(name)) continue
      if (args.ignore_hidden && name.startsWith('.')) continue
      const fragment = await read(name)
      if (fragment === null) continue
      // A newline between fragments when the previous one lacked it, then the delimiter
      // (with a newline after it) between fragments.
      if (addNewline) parts.push(Buffer.from('\n'))
      if (delimitMe && delimiter) {
        parts.push(delimiter)
        if (delimiter[delimiter.length - 1] !== 10) parts.push(Buffer.from('\n'))
      }
      parts.push(fragment)
      delimitMe = true
      addNewline = !(fragment.length && fragment[fragment.length - 1] === 10)
    }
    const content = Buffer.concat(parts)
    let validation: Record<string, unknown> | undefined
    if (args.validate) {
      if (!args.validate.includes('%s')) return ctx.fail(`validate must contain %s: ${args.validate}`)
      const current = await ctx.stat(args.dest, { follow: true, checksum: true })
      if (current?.checksum !== createHash('sha1').update(content).digest('hex')) {
        const r = await validate(ctx, content, args.validate)
        if (r) {
          // The assemble module reports its validation; copy (controller fragments) only fails.
          if (r.rc !== 0) {
            if (args.remote_src) return ctx.fail(`failed to validate: rc:${r.rc} error:${r.stderr}`)
            return ctx.fail('failed to validate', { exit_status: r.rc, stdout: r.stdout, stderr: r.stderr })
          }
          if (args.remote_src) validation = { rc: r.rc, stdout: r.stdout, stderr: r.stderr }
        }
      }
    }
    const written = await writeFileLikeCopy(ctx, { dest: args.dest, content, mode: args.mode, owner: args.owner, group: args.group, backup: args.backup })
    if (!args.remote_src) return written
    // On the host it is the assemble module's own result: no diff, msg OK.
    const st = await ctx.stat(args.dest, { follow: true })
    const result: ModuleResult = {
      changed: written.changed,
      checksum: createHash('sha1').update(content).digest('hex'),
      dest: args.dest,
      md5sum: createHash('md5').update(content).digest('hex'),
      msg: 'OK',
      src: args.src,
      ...(st ? pathResultKeys(st) : {}),
    }
    if (written.backup_file) result.backup_file = written.backup_file
    if (validation) result.validation = validation
    return result
  },
})

/** Runs `validate` (its %s a temp file with the content) on the host; undefined in check mode. */
async function validate(ctx: ModuleContext, content: Buffer, command: string) {
  return ctx.change(async (w) => {
    const mk = await w.exec('mktemp "${TMPDIR:-/tmp}/ansible-validate-XXXXXXXXXX"')
    if (mk.rc !== 0) return ctx.fail(`failed to create a temporary file on the host: ${mk.stderr.trim()}`)
    const tmp = mk.stdout.trim()
    try {
      await w.writeFile(tmp, content, { mode: 0o600 })
      return await w.exec(command.replace(/%([s%])/g, (_m, c: string) => (c === 's' ? shellQuote(tmp) : '%')))
    } finally {
      await w.exec(shellJoin(['rm', '-f', tmp]))
    }
  })
}

/** Python's codecs.escape_decode: backslash escapes of a bytes literal. */
function escapeDecode(s: string): Buffer {
  const simple: Record<string, number> = { '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 }
  const out: number[] = []
  const bytes = Buffer.from(s, 'utf8')
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]
    if (c !== 92 || i + 1 >= bytes.length) {
      out.push(c)
      continue
    }
    const n = String.fromCharCode(bytes[i + 1])
    if (n in simple) {
      out.push(simple[n])
      i++
    } else if (n === '\n') i++
    else if (/[0-7]/.test(n)) {
      let j = i + 1
      let digits = ''
      while (j < bytes.length && digits.length < 3 && /[0-7]/.test(String.fromCharCode(bytes[j]))) digits += String.fromCharCode(bytes[j++])
      out.push(parseInt(digits, 8) & 0xff)
      i = j - 1
    } else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(bytes.subarray(i + 2, i + 4).toString('latin1'))) {
      out.push(parseInt(bytes.subarray(i + 2, i + 4).toString('latin1'), 16))
      i += 3
    } else out.push(c)
  }
  return Buffer.from(out)
}
