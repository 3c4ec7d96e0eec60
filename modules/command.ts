/**
 * command and shell (ansible-core 2.14): run a command on the host, with `creates`/
 * `removes`, `chdir`, `stdin`; the result keys and messages of Ansible's command module.
 * command runs argv without a shell (every word quoted); shell runs the text with /bin/sh
 * (or `executable`). In check mode the command does not run.
 */
import {
  defineModule,
  shellJoin,
  shellQuote,
  shlexSplit,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'
import { pyDatetime, pyTimedelta } from './_lib/time.js'

interface Args {
  _raw_params?: string
  cmd?: string
  argv?: string[]
  chdir?: string
  executable?: string
  creates?: string
  removes?: string
  stdin?: string
  stdin_add_newline: boolean
  strip_empty_ends: boolean
}

const schema = {
  type: 'object',
  properties: {
    _raw_params: { type: 'string' },
    cmd: { type: 'string' },
    argv: { type: 'array', items: { type: 'string' } },
    chdir: { type: 'string' },
    executable: { type: 'string' },
    creates: { type: 'string' },
    removes: { type: 'string' },
    stdin: { type: 'string' },
    stdin_add_newline: { type: 'boolean', default: true },
    strip_empty_ends: { type: 'boolean', default: true },
  },
}

/** Whether a glob matches anything on the host (Ansible's glob.glob(creates)). */
async function globExists(ctx: ModuleContext, pattern: string, chdir: string | undefined): Promise<boolean> {
  if (!/[*?[]/.test(pattern)) {
    const p = chdir && !pattern.startsWith('/') ? `${chdir}/${pattern}` : pattern
    return (await ctx.stat(p, { follow: true })) !== null
  }
  const r = await ctx.exec(`for f in ${pattern.replace(/([^*?[\]\w/.-])/g, '\\$1')}; do [ -e "$f" ] && exit 0; done; exit 1`, { cwd: chdir })
  return r.rc === 0
}

function run(shell: boolean) {
  return async (args: Args, ctx: ModuleContext): Promise<ModuleResult> => {
    const raw = args._raw_params ?? args.cmd
    const r: ModuleResult = { changed: false, stdout: '', stderr: '', rc: null, cmd: null, start: null, end: null, delta: null, msg: '' }
    let executable = args.executable
    if (!shell && executable) {
      ctx.warn(`As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${executable}'.`)
      executable = undefined
    }
    if ((!raw || raw.trim() === '') && !args.argv) return ctx.fail('no command given', { ...r, rc: 256 })
    if (raw && args.argv) return ctx.fail('only command or argv can be given, not both', { ...r, rc: 256 })
    const argv = shell ? undefined : raw ? shlexSplit(raw) : args.argv!
    r.cmd = shell ? raw! : argv!
    if (args.chdir !== undefined) {
      const st = await ctx.stat(args.chdir, { follow: true })
      if (!st || st.type !== 'directory') {
        ctx.fail(`Unable to change directory before execution: [Errno 2] No such file or directory: b'${args.chdir}'`, r)
      }
    }
    const shoulda = ctx.check ? 'Would' : 'Did'
    if (args.creates && (await globExists(ctx, args.creates, args.chdir))) {
      return finish({ ...r, msg: `${shoulda} not run command since '${args.creates}' exists`, stdout: `skipped, since ${args.creates} exists`, rc: 0 }, args)
    }
    if (args.removes && !(await globExists(ctx, args.removes, args.chdir))) {
      return finish({ ...r, msg: `${shoulda} not run command since '${args.removes}' does not exist`, stdout: `skipped, since ${args.removes} does not exist`, rc: 0 }, args)
    }
    r.changed = true
    if (ctx.check) {
      r.rc = 0
      r.msg = 'Command would have run if not in check mode'
      if (args.creates === undefined && args.removes === undefined) {
        r.skipped = true
        r.changed = false
      }
      return finish(r, args)
    }
    const line = shell ? (executable ? shellJoin([executable, '-c', raw!]) : raw!) : `exec ${argv!.map(expandedWord).join(' ')}`
    const stdin = args.stdin === undefined ? undefined : args.stdin_add_newline ? `${args.stdin}\n` : args.stdin
    const started = Date.now()
    const t0 = performance.now()
    const res = await ctx.change((w) => w.exec(line, { cwd: args.chdir, stdin }))
    const elapsed = performance.now() - t0
    if (!res) throw new Error('unreachable: commands always run outside check mode')
    r.start = pyDatetime(started)
    r.end = pyDatetime(started + elapsed)
    r.delta = pyTimedelta(elapsed)
    if (!shell && res.rc === 127 && /(^|: )(exec: )?.*not found\s*$/m.test(res.stderr)) {
      // Python's subprocess cannot start a missing program: Ansible reports errno 2.
      ctx.fail(`[Errno 2] No such file or directory: b'${argv![0]}'`, { cmd: argv!.join(' '), rc: 2, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] })
    }
    r.rc = res.rc
    r.stdout = res.stdout
    r.stderr = res.stderr
    return finish(r, args)
  }
}

/**
 * One argv word as the host's shell should see it so that it expands like Python's
 * os.path.expanduser(os.path.expandvars(word)), which run_command applies to command's
 * arguments: `$NAME`/`${NAME}` become the variable's value (left as written when unset), a
 * leading `~` or `~user` the home directory; nothing else is interpreted.
 */
function expandedWord(word: string): string {
  let out = ''
  let rest = word
  const tilde = /^~[A-Za-z0-9_.-]*(?=\/|$)/.exec(rest)
  if (tilde) {
    out += tilde[0]
    rest = rest.slice(tilde[0].length)
  }
  const re = /\$(\w+|\{[^}]*\})/g
  let last = 0
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    out += shellQuote(rest.slice(last, m.index))
    const name = m[1].startsWith('{') ? m[1].slice(1, -1) : m[1]
    out += /^\w+$/.test(name) ? `"\${${name}-${m[0].replace(/[$"\\`}]/g, '\\$&')}}"` : shellQuote(m[0])
    last = m.index + m[0].length
  }
  out += shellQuote(rest.slice(last))
  return out.replace(/''/g, '') || "''"
}

/** Strips trailing newlines, adds the *_lines keys, and fails on a non-zero status. */
function finish(r: ModuleResult, args: Args): ModuleResult {
  if (args.strip_empty_ends) {
    r.stdout = String(r.stdout).replace(/[\r\n]+$/, '')
    r.stderr = String(r.stderr).replace(/[\r\n]+$/, '')
  }
  r.stdout_lines = splitLines(String(r.stdout))
  r.stderr_lines = splitLines(String(r.stderr))
  if (r.rc !== 0 && r.rc !== null) return { ...r, failed: true, msg: 'non-zero return code' }
  return r
}

/** Python's str.splitlines() for the *_lines keys. */
function splitLines(s: string): string[] {
  if (s === '') return []
  const lines = s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)
  if (/(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/.test(s)) lines.pop()
  return lines
}

export const command = defineModule<Args>({
  name: 'command',
  fqcns: ['ansible.builtin.command', 'ansible.legacy.command'],
  summary: 'Run a command on the host, without a shell',
  args: schema,
  freeForm: '_raw_params',
  supports: { check: 'partial' },
  run: run(false),
})

export const shell = defineModule<Args>({
  name: 'shell',
  fqcns: ['ansible.builtin.shell', 'ansible.legacy.shell'],
  summary: 'Run a command line on the host with /bin/sh',
  args: schema,
  freeForm: '_raw_params',
  supports: { check: 'partial' },
  run: run(true),
})


