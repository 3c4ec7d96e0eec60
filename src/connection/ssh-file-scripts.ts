/**
 * The file primitives as small POSIX shell scripts, one exec each, and the parsers of
 * their output. The targets are Debian/Ubuntu-like: GNU coreutils (`stat -c`, `mv -T`,
 * `chmod --reference`), GNU find (`-printf`) and `sha1sum`. Every path and value is
 * shell-quoted; a script exits with NOT_FOUND when the path does not exist.
 */
import { randomBytes } from 'node:crypto'
import { SshUsageError } from './ssh-errors.js'
import { shellQuote, type DirEntry, type FileOp, type FileStat, type WriteFileOptions } from './types.js'

/** Exit status meaning "no such path" (the methods return null then). */
export const NOT_FOUND = 44
/** Exit status of a write whose data did not all arrive (the connection died). */
const INCOMPLETE = 75

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0')

/** `owner:group`, `owner` or `:group` for chown. */
function ownerSpec(owner?: string | number, group?: string | number): string | undefined {
  if (owner === undefined && group === undefined) return undefined
  // A number is an id: GNU chown's `+N` form, so no user called "1000" is taken instead.
  const id = (v: string | number): string => (typeof v === 'number' ? `+${v}` : v)
  return `${owner === undefined ? '' : id(owner)}${group === undefined ? '' : `:${id(group)}`}`
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** A command with its working directory and exported variables; a bad variable name throws. */
export function commandScript(command: string, options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number }): string {
  const lines: string[] = []
  if (options.cwd !== undefined) lines.push(`cd -- ${shellQuote(options.cwd)} || exit 1`)
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (!ENV_NAME.test(name)) throw new SshUsageError(`invalid environment variable name: ${JSON.stringify(name)}`)
    lines.push(`export ${name}=${shellQuote(String(value))}`)
  }
  if (options.timeoutMs !== undefined) {
    // GNU timeout kills the command's whole process group on the host; the shell's own
    // timer (a little later) is the backstop if the host has no timeout(1).
    lines.push(`exec timeout -s KILL ${Math.max(1, Math.ceil(options.timeoutMs / 1000))} /bin/sh -c ${shellQuote(command)}`)
  } else lines.push(command)
  return lines.join('\n')
}

export function readFileScript(path: string): string {
  return `p=${shellQuote(path)}; [ -e "$p" ] || exit ${NOT_FOUND}; exec cat -- "$p"`
}

const STAT_FORMAT = '%f %u %g %s %.9X %.9Y %.9Z %i %d %h %U %G'

/**
 * The stat line (STAT_FORMAT), then `C <sha1>  -` for a regular file when asked, and
 * `L <target>` for a link (not followed). The last tool replaces the shell (`exec`), so a
 * stat costs one process on the host, two with its checksum.
 */
export function statScript(path: string, follow: boolean, checksum: boolean): string {
  const lines = [`p=${shellQuote(path)}`]
  const stat = `stat${follow ? ' -L' : ''} -c '${STAT_FORMAT}' -- "$p"`
  if (follow) lines.push(`[ -e "$p" ] || exit ${NOT_FOUND}`)
  else {
    lines.push(`[ -e "$p" ] || [ -L "$p" ] || exit ${NOT_FOUND}`)
    lines.push(`if [ -L "$p" ]; then ${stat} || exit; printf 'L %s' "$(readlink -- "$p")"; exit; fi`)
  }
  if (checksum) lines.push(`${stat} || exit`, '[ -f "$p" ] || exit 0', "printf 'C '", 'exec sha1sum < "$p"')
  else lines.push(`exec ${stat}`)
  return lines.join('\n')
}

const TYPES: Array<[number, FileStat['type']]> = [
  [0o140000, 'socket'],
  [0o120000, 'link'],
  [0o100000, 'file'],
  [0o060000, 'block'],
  [0o040000, 'directory'],
  [0o020000, 'char'],
  [0o010000, 'fifo'],
]

export function parseStat(path: string, output: string): FileStat {
  const [first, ...rest] = output.split('\n')
  const f = first.split(' ')
  const raw = parseInt(f[0], 16)
  const stat: FileStat = {
    path,
    type: TYPES.find(([bits]) => (raw & 0o170000) === bits)?.[1] ?? 'other',
    mode: raw & 0o7777,
    uid: Number(f[1]),
    gid: Number(f[2]),
    size: Number(f[3]),
    atime: Number(f[4]),
    mtime: Number(f[5]),
    ctime: Number(f[6]),
    inode: Number(f[7]),
    dev: Number(f[8]),
    nlink: Number(f[9]),
    owner: f[10],
    group: f.slice(11).join(' '),
  }
  const tail = rest.join('\n')
  const c = /^C ([0-9a-f]{40})( {2}-)?$/m.exec(tail)
  if (c) stat.checksum = c[1]
  const l = tail.indexOf('L ')
  if (l >= 0 && (l === 0 || tail[l - 1] === '\n')) stat.linkTarget = tail.slice(l + 2)
  return stat
}

export function readDirScript(path: string): string {
  // find takes a leading '-' for an expression: make such relative paths explicit.
  const p = path.startsWith('-') ? `./${path}` : path
  return [
    `p=${shellQuote(p)}`,
    `[ -e "$p" ] || exit ${NOT_FOUND}`,
    `[ -d "$p" ] || { echo "readdir: $p: Not a directory" >&2; exit 20; }`,
    `exec find -H "$p" -mindepth 1 -maxdepth 1 -printf '%y %P\\0'`,
  ].join('\n')
}

const DIR_TYPES: Record<string, DirEntry['type']> = { f: 'file', d: 'directory', l: 'link', p: 'fifo', s: 'socket', c: 'char', b: 'block' }

export function parseReadDir(output: Buffer): DirEntry[] {
  return output
    .toString('utf8')
    .split('\0')
    .filter((e) => e.length > 2)
    .map((e) => ({ name: e.slice(2), type: DIR_TYPES[e[0]] ?? 'other' }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** The command for one FileOp; Node's fs semantics (errors on existing paths, rm -f). */
export function fileOpScript(op: FileOp): string {
  const q = shellQuote
  switch (op.op) {
    case 'mkdir': {
      const mode = op.mode === undefined ? '' : ` -m ${octal(op.mode)}`
      return `mkdir${op.parents ? ' -p' : ''}${mode} -- ${q(op.path)}`
    }
    case 'chmod':
      // Linux has no lchmod: a link's own mode cannot change, so not following is a no-op.
      return op.follow === false ? `[ -L ${q(op.path)} ] || chmod ${octal(op.mode)} -- ${q(op.path)}` : `chmod ${octal(op.mode)} -- ${q(op.path)}`
    case 'chown': {
      const spec = ownerSpec(op.owner, op.group)
      if (spec === undefined) return 'true'
      return `chown${op.follow === false ? ' -h' : ''} ${q(spec)} -- ${q(op.path)}`
    }
    case 'symlink':
      return `ln -s -- ${q(op.target)} ${q(op.path)}`
    case 'link':
      return `ln -- ${q(op.target)} ${q(op.path)}`
    case 'remove':
      if (op.recursive) return `rm -rf -- ${q(op.path)}`
      return `p=${q(op.path)}; if [ -d "$p" ] && [ ! -L "$p" ]; then rmdir -- "$p"; else rm -f -- "$p"; fi`
    case 'rename':
      return `mv -fT -- ${q(op.from)} ${q(op.to)}`
    case 'utime': {
      const h = op.follow === false ? ' -h' : ''
      const parts: string[] = []
      if (op.atime !== undefined) parts.push(`touch -c${h} -a -d @${op.atime} -- ${q(op.path)}`)
      if (op.mtime !== undefined) parts.push(`touch -c${h} -m -d @${op.mtime} -- ${q(op.path)}`)
      // touch -c skips a missing path silently; stat reports it as the error it is.
      return `stat -c '' -- ${q(op.path)} >/dev/null || exit\n${parts.join(' && ') || 'true'}`
    }
    case 'touch': {
      const chmod = op.mode === undefined ? '' : ` && chmod ${octal(op.mode)} -- ${q(op.path)}`
      return `touch -- ${q(op.path)}${chmod}`
    }
  }
}

/**
 * Writes the next `size` bytes of stdin (never more: a batch sends several files on one
 * input), or the text the script holds, to a temp file beside the destination, checks
 * that all the bytes arrived, gives it
 * the destination's mode and owner (or the asked ones, or 0666 less the umask for a new
 * file), then renames it over the destination. The temp file is created exclusively
 * (noclobber: no link followed, no file reused) under a random name, private until its
 * mode is set unless it is a new file with the default mode. The trap removes it on any
 * failure, including a connection lost mid-transfer, so the destination is either the old
 * file or the whole new one. Few processes: the tools that write, check and rename.
 */
/** Text up to this size, without NUL and valid UTF-8, goes inside the script (see `inlineText`). */
const INLINE_MAX = 64 * 1024

/**
 * The content as text to write with the shell's own printf, when it can travel inside
 * the script: no base64 to decode, no bytes to count (the script only runs once all of
 * it has arrived), two processes fewer on the host. Undefined for anything else.
 */
export function inlineText(data: Buffer): string | undefined {
  if (data.length > INLINE_MAX || data.includes(0)) return undefined
  const text = data.toString('utf8')
  return Buffer.byteLength(text) === data.length && !text.includes('\ufffd') ? text : undefined
}

/** What a write writes: the next `size` bytes of its input, or `text` given in the script. */
export type WriteContent = { size: number } | { text: string }

export function writeFileScript(path: string, content: WriteContent, options: WriteFileOptions): string {
  const spec = ownerSpec(options.owner, options.group)
  const size = 'size' in content ? content.size : 0
  const lines = [
    `d=${shellQuote(path)}`,
    // Writing through a symlink replaces its target, as writing to the path would.
    'if [ -L "$d" ]; then d=$(readlink -f -- "$d") || exit; fi',
    'case $d in */*) t=${d%/*} ;; *) t=. ;; esac; t=${t:-/}',
    `[ -d "$t" ] || { if [ -e "$t" ]; then echo "$t: Not a directory"; else echo "$t: No such file or directory"; fi >&2; exit 1; }`,
    `t="$t/.tsible-tmp-${randomBytes(8).toString('hex')}"`,
    `trap 'rm -f -- "$t"' EXIT`,
    "trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM",
    // A new file without a mode gets the umask's: its content is never more private than that.
    options.mode === undefined ? 'if [ -e "$d" ]; then e=1; um=$(umask); umask 077; else e=; um=; fi' : 'e=; [ -e "$d" ] && e=1; um=$(umask); umask 077',
    'text' in content
      ? `set -C; printf '%s' ${shellQuote(content.text)} > "$t" || exit; set +C; [ -z "$um" ] || umask "$um"`
      : `set -C; head -c ${size} > "$t" || exit; set +C; [ -z "$um" ] || umask "$um"`,
  ]
  if ('size' in content) {
    lines.push('n=$(wc -c < "$t") || exit', `[ "$n" -eq ${size} ] || { echo "incomplete transfer: $n of ${size} bytes arrived" >&2; exit ${INCOMPLETE}; }`)
  }
  const keep: string[] = []
  if (options.mode === undefined) keep.push('chmod --reference="$d" -- "$t" || exit')
  if (options.owner === undefined || options.group === undefined) keep.push('chown --reference="$d" -- "$t" 2>/dev/null')
  if (keep.length) lines.push(`if [ -n "$e" ]; then ${keep.join('; ')}; fi`)
  if (options.mode !== undefined) lines.push(`chmod ${octal(options.mode)} -- "$t" || exit`)
  if (spec !== undefined) lines.push(`chown ${shellQuote(spec)} -- "$t" || exit`)
  lines.push('mv -fT -- "$t" "$d" || exit', 'trap - EXIT')
  return lines.join('\n')
}
