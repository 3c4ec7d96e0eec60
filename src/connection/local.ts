/**
 * The `local` connection: the controller itself is the host. Commands run through
 * `/bin/sh -c`; file primitives use node:fs directly (no process per operation, and
 * inline calls for metadata: see local-fs.ts), which is what makes a 9-host kolla config
 * run on one machine cheap.
 *
 * Become to the user we already are is a no-op (Ansible would run `sudo -u root` as
 * root, which changes nothing). Become to another user runs every primitive as a small
 * shell script under sudo/su, the same scripts the ssh connection uses.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { constants, readFileSync, type Stats } from 'node:fs'
import { localFs as fsp } from './local-fs.js'
import { constants as osConstants, userInfo } from 'node:os'
import { dirname, join } from 'node:path'
import { createConnection } from 'node:net'
import type { Duplex } from 'node:stream'
import { becomeFailure, wrapBecome, type BecomeSession } from './ssh-become.js'
import { ExecTimeoutError, RemoteOperationError } from './ssh-errors.js'
import {
  fileOpScript,
  NOT_FOUND,
  parseReadDir,
  parseStat,
  readDirScript,
  readFileScript,
  statScript,
  writeFileScript,
} from './ssh-file-scripts.js'
import {
  isControllerFile,
  type BecomeOptions,
  type Connection,
  type DirEntry,
  type ExecOptions,
  type ExecResult,
  type FileOp,
  type FileStat,
  type StatOptions,
  type WriteData,
  type WriteFileOptions,
} from './types.js'
import { sha1OfFile } from './controller-file.js'

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Larger files are hashed as a stream, not read whole. */
const HASH_IN_MEMORY = 1 << 20

/** Random per process, then counted: unique beside any file, without a random draw per write. */
const TEMP_PREFIX = `.tsible-tmp-${process.pid}-${randomBytes(4).toString('hex')}-`
let tempCount = 0
function tempName(): string {
  return `${TEMP_PREFIX}${++tempCount}`
}

interface RawResult {
  rc: number
  stdout: Buffer
  stderr: Buffer
  timedOut: boolean
}

export class LocalConnection implements Connection {
  readonly transport = 'local'
  private readonly me = userInfo()
  private ids: IdNames | undefined

  /** The become options that really change user, or undefined when we already are that user. */
  private escalation(become: BecomeOptions | undefined): BecomeOptions | undefined {
    if (!become) return undefined
    const user = become.user || 'root'
    if (user === this.me.username || (user === 'root' && this.me.uid === 0)) return undefined
    return become
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    for (const name of Object.keys(options.env ?? {})) {
      if (!ENV_NAME.test(name)) throw new Error(`invalid environment variable name: ${JSON.stringify(name)}`)
    }
    const become = this.escalation(options.become)
    let res: RawResult
    if (become) {
      const lines: string[] = []
      if (options.cwd !== undefined) lines.push(`cd -- '${options.cwd.replace(/'/g, `'"'"'`)}' || exit 1`)
      for (const [k, v] of Object.entries(options.env ?? {})) lines.push(`export ${k}='${String(v).replace(/'/g, `'"'"'`)}'`)
      lines.push(command)
      res = await runBecome(lines.join('\n'), become, options.stdin, options.timeoutMs)
    } else {
      res = await run(['/bin/sh', '-c', command], { stdin: options.stdin, cwd: options.cwd, env: options.env, timeoutMs: options.timeoutMs })
    }
    if (res.timedOut) throw new ExecTimeoutError(command, options.timeoutMs ?? 0)
    return { rc: res.rc, stdout: res.stdout.toString('utf8'), stderr: res.stderr.toString('utf8') }
  }

  async readFile(path: string, options: { become?: BecomeOptions } = {}): Promise<Buffer | null> {
    const become = this.escalation(options.become)
    if (become) return (await this.script('read', path, readFileScript(path), become))?.stdout ?? null
    try {
      return await fsp.readFile(path)
    } catch (e) {
      if (isMissing(e)) return null
      throw fsError('read', path, e)
    }
  }

  async writeFile(path: string, data: WriteData, options: WriteFileOptions = {}): Promise<void> {
    const become = this.escalation(options.become)
    if (become) {
      // sudo/su reads its input from memory here; the become user may not read the source.
      const bytes = isControllerFile(data) ? await fsp.readFile(data.controllerPath) : Buffer.from(data)
      const res = await this.script('write', path, writeFileScript(path, { size: bytes.length }, options), become, bytes)
      if (!res) throw new RemoteOperationError('write', path, NOT_FOUND, 'No such file or directory')
      return
    }
    let dest = path
    try {
      if ((await fsp.lstat(path)).isSymbolicLink()) dest = await fsp.realpath(path)
    } catch (e) {
      if (!isMissing(e)) throw fsError('write', path, e)
    }
    const tmp = join(dirname(dest), tempName())
    try {
      const existing = await fsp.stat(dest).catch((e) => (isMissing(e) ? null : Promise.reject(e)))
      if (isControllerFile(data)) {
        await fsp.copyFile(data.controllerPath, tmp)
        await fsp.chmod(tmp, 0o600)
      } else await fsp.writeFile(tmp, Buffer.from(data), { mode: 0o600 })
      if (options.mode !== undefined) await fsp.chmod(tmp, options.mode & 0o7777)
      else if (existing) await fsp.chmod(tmp, existing.mode & 0o7777)
      else await fsp.chmod(tmp, 0o666 & ~currentUmask())
      if (existing && this.me.uid === 0) await fsp.chown(tmp, existing.uid, existing.gid)
      if (options.owner !== undefined || options.group !== undefined) {
        const uid = options.owner === undefined ? -1 : this.uidOf(options.owner, path)
        const gid = options.group === undefined ? -1 : this.gidOf(options.group, path)
        await fsp.chown(tmp, uid, gid)
      }
      await fsp.rename(tmp, dest)
    } catch (e) {
      await fsp.rm(tmp, { force: true })
      throw e instanceof RemoteOperationError ? e : fsError('write', path, e)
    }
  }

  async stat(path: string, options: StatOptions = {}): Promise<FileStat | null> {
    const become = this.escalation(options.become)
    if (become) {
      const res = await this.script('stat', path, statScript(path, options.follow ?? false, options.checksum ?? false), become)
      return res ? parseStat(path, res.stdout.toString('utf8')) : null
    }
    let st: Stats
    try {
      st = options.follow ? await fsp.stat(path) : await fsp.lstat(path)
    } catch (e) {
      if (isMissing(e)) return null
      throw fsError('stat', path, e)
    }
    const names = this.idNames()
    const out: FileStat = {
      path,
      type: fileType(st),
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
      owner: names.users.get(st.uid) ?? String(st.uid),
      group: names.groups.get(st.gid) ?? String(st.gid),
      size: st.size,
      mtime: st.mtimeMs / 1000,
      atime: st.atimeMs / 1000,
      ctime: st.ctimeMs / 1000,
      inode: st.ino,
      dev: st.dev,
      nlink: st.nlink,
    }
    if (out.type === 'link') out.linkTarget = await fsp.readlink(path)
    if (options.checksum && out.type === 'file') {
      out.checksum = st.size > HASH_IN_MEMORY ? await sha1OfFile(path) : createHash('sha1').update(await fsp.readFile(path, st.size)).digest('hex')
    }
    return out
  }

  async readDir(path: string, options: { become?: BecomeOptions } = {}): Promise<DirEntry[] | null> {
    const become = this.escalation(options.become)
    if (become) {
      const res = await this.script('readdir', path, readDirScript(path), become)
      return res ? parseReadDir(res.stdout) : null
    }
    try {
      const entries = await fsp.readdir(path, { withFileTypes: true })
      return entries
        .map((d) => ({ name: d.name, type: direntType(d) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    } catch (e) {
      if (isMissing(e)) return null
      throw fsError('readdir', path, e)
    }
  }

  async fileOp(op: FileOp, options: { become?: BecomeOptions } = {}): Promise<void> {
    const path = op.op === 'rename' ? op.from : op.path
    const become = this.escalation(options.become)
    if (become) {
      const res = await this.script(op.op, path, fileOpScript(op), become)
      if (!res) throw new RemoteOperationError(op.op, path, NOT_FOUND, 'No such file or directory')
      return
    }
    try {
      await this.applyFileOp(op)
    } catch (e) {
      throw fsError(op.op, path, e)
    }
  }

  private async applyFileOp(op: FileOp): Promise<void> {
    switch (op.op) {
      case 'mkdir': {
        const mode = op.mode ?? 0o777 & ~currentUmask()
        if (!op.parents) {
          await fsp.mkdir(op.path)
          await fsp.chmod(op.path, mode)
          return
        }
        // mkdir -p: missing parents get the default mode, the leaf the asked one.
        const created = await fsp.mkdir(op.path, { recursive: true })
        if (created !== undefined && op.mode !== undefined) await fsp.chmod(op.path, op.mode)
        return
      }
      case 'chmod':
        if (op.follow === false && (await fsp.lstat(op.path)).isSymbolicLink()) return
        return fsp.chmod(op.path, op.mode & 0o7777)
      case 'chown': {
        if (op.owner === undefined && op.group === undefined) return
        const uid = op.owner === undefined ? -1 : this.uidOf(op.owner, op.path)
        const gid = op.group === undefined ? -1 : this.gidOf(op.group, op.path)
        return op.follow === false ? fsp.lchown(op.path, uid, gid) : fsp.chown(op.path, uid, gid)
      }
      case 'symlink':
        return fsp.symlink(op.target, op.path)
      case 'link':
        return fsp.link(op.target, op.path)
      case 'remove': {
        if (op.recursive) return fsp.rm(op.path, { recursive: true, force: true })
        const st = await fsp.lstat(op.path).catch(() => null)
        if (!st) return
        return st.isDirectory() ? fsp.rmdir(op.path) : fsp.unlink(op.path)
      }
      case 'rename':
        return fsp.rename(op.from, op.to)
      case 'utime': {
        const st = op.follow === false ? await fsp.lstat(op.path) : await fsp.stat(op.path)
        const atime = op.atime ?? st.atimeMs / 1000
        const mtime = op.mtime ?? st.mtimeMs / 1000
        return op.follow === false ? fsp.lutimes(op.path, atime, mtime) : fsp.utimes(op.path, atime, mtime)
      }
      case 'touch': {
        const now = Date.now() / 1000
        const h = await fsp.open(op.path, constants.O_CREAT | constants.O_WRONLY, op.mode ?? 0o666 & ~currentUmask())
        await h.close()
        await fsp.utimes(op.path, now, now)
        if (op.mode !== undefined) await fsp.chmod(op.path, op.mode)
        return
      }
    }
  }

  private async script(operation: string, path: string, script: string, become: BecomeOptions, stdin?: Buffer): Promise<RawResult | null> {
    const res = await runBecome(script, become, stdin)
    if (res.rc === NOT_FOUND) return null
    if (res.rc !== 0) throw new RemoteOperationError(operation, path, res.rc, res.stderr.toString('utf8'))
    return res
  }

  private idNames(): IdNames {
    this.ids ??= readIdNames()
    return this.ids
  }

  private uidOf(owner: string | number, path: string): number {
    if (typeof owner === 'number') return owner
    const uid = this.idNames().uids.get(owner) ?? (/^\d+$/.test(owner) ? Number(owner) : undefined)
    if (uid === undefined) throw new RemoteOperationError('chown', path, 1, `chown: invalid user: '${owner}'`)
    return uid
  }

  private gidOf(group: string | number, path: string): number {
    if (typeof group === 'number') return group
    const gid = this.idNames().gids.get(group) ?? (/^\d+$/.test(group) ? Number(group) : undefined)
    if (gid === undefined) throw new RemoteOperationError('chgrp', path, 1, `chgrp: invalid group: '${group}'`)
    return gid
  }

  openUnixStream(path: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const sock = createConnection(path)
      sock.once('connect', () => (sock.removeListener('error', reject), resolve(sock)))
      sock.once('error', reject)
    })
  }

  async close(): Promise<void> {}
}

interface IdNames {
  users: Map<number, string>
  groups: Map<number, string>
  uids: Map<string, number>
  gids: Map<string, number>
}

/** /etc/passwd and /etc/group, read once per connection (getent would be a process per lookup). */
function readIdNames(): IdNames {
  const out: IdNames = { users: new Map(), groups: new Map(), uids: new Map(), gids: new Map() }
  const parse = (file: string, byId: Map<number, string>, byName: Map<string, number>): void => {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return
    }
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':')
      if (!name || id === undefined || !/^\d+$/.test(id)) continue
      if (!byId.has(Number(id))) byId.set(Number(id), name)
      if (!byName.has(name)) byName.set(name, Number(id))
    }
  }
  parse('/etc/passwd', out.users, out.uids)
  parse('/etc/group', out.groups, out.gids)
  return out
}

let umaskCache: number | undefined
function currentUmask(): number {
  if (umaskCache === undefined) {
    // process.umask() without an argument is deprecated; setting and restoring is atomic enough here.
    umaskCache = process.umask(0o022)
    process.umask(umaskCache)
  }
  return umaskCache
}

function fileType(st: Stats): FileStat['type'] {
  if (st.isSymbolicLink()) return 'link'
  if (st.isFile()) return 'file'
  if (st.isDirectory()) return 'directory'
  if (st.isFIFO()) return 'fifo'
  if (st.isSocket()) return 'socket'
  if (st.isCharacterDevice()) return 'char'
  if (st.isBlockDevice()) return 'block'
  return 'other'
}

function direntType(d: { isSymbolicLink(): boolean; isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): DirEntry['type'] {
  return fileType(d as unknown as Stats)
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** A file system error as the shell tools would word it, e.g. `mkdir: /x: Permission denied`. */
function fsError(operation: string, path: string, e: unknown): RemoteOperationError {
  const err = e as NodeJS.ErrnoException
  const reasons: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EPERM: 'Operation not permitted',
    EEXIST: 'File exists',
    ENOTDIR: 'Not a directory',
    EISDIR: 'Is a directory',
    ENOTEMPTY: 'Directory not empty',
    EROFS: 'Read-only file system',
    ENOSPC: 'No space left on device',
  }
  const reason = (err.code && reasons[err.code]) ?? err.message
  return new RemoteOperationError(operation, path, 1, `${operation}: ${path}: ${reason}`)
}

interface RunOptions {
  stdin?: string | Buffer
  cwd?: string
  env?: Record<string, string>
  timeoutMs?: number
  /** Called with each chunk of stderr (become prompts). */
  onStderr?: (chunk: Buffer) => void
}

/** Runs argv, collecting its output; a timeout kills the whole process group. */
function run(argv: string[], options: RunOptions): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env ? { ...process.env, ...options.env } : process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.timeoutMs !== undefined,
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let timedOut = false
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true
            try {
              process.kill(-child.pid!, 'SIGKILL')
            } catch {
              child.kill('SIGKILL')
            }
          }, options.timeoutMs)
    child.stdout.on('data', (c: Buffer) => stdout.push(c))
    child.stderr.on('data', (c: Buffer) => {
      stderr.push(c)
      options.onStderr?.(c)
    })
    child.stdin.on('error', () => undefined) // a command that does not read its input
    child.on('error', (e) => {
      if (timer) clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      const rc = code ?? 128 + ((signal && osConstants.signals[signal]) || 0)
      resolve({ rc, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut })
    })
    child.stdin.end(options.stdin ?? '')
  })
}

/**
 * Runs a script under sudo/su and strips the success marker. sudo -S reads the password
 * as the first line of stdin, so it goes ahead of the command's input; prompts seen on
 * stderr tell a missing or wrong password apart.
 */
async function runBecome(script: string, become: BecomeOptions, stdin?: string | Buffer, timeoutMs?: number): Promise<RawResult> {
  const session: BecomeSession = wrapBecome(script, become)
  let prompts = 0
  let seen = ''
  const input = stdin === undefined ? Buffer.alloc(0) : Buffer.from(stdin)
  const password = session.password !== undefined && session.method === 'sudo' ? Buffer.from(`${session.password}\n`) : Buffer.alloc(0)
  const res = await run(['/bin/sh', '-c', session.command], {
    timeoutMs,
    onStderr: (chunk) => {
      seen += chunk.toString('utf8')
      if (session.isPrompt(seen)) {
        prompts++
        seen = ''
      }
    },
    stdin: Buffer.concat([password, input]),
  })
  const out = res.stdout.toString('utf8')
  const at = out.indexOf(session.marker)
  if (at < 0) {
    const failure = becomeFailure(session, res.stderr.toString('utf8') + out, prompts)
    if (failure) throw failure
    return res
  }
  return { ...res, stdout: res.stdout.subarray(Buffer.byteLength(out.slice(0, at + session.marker.length + 1))) }
}
