/**
 * The SSH connection: one persistent ssh2 client per host, opened on first use and
 * shared by every task (delegated ones included). Every operation is one request to a
 * persistent shell on it (ssh-shell.ts): the plain shell, or the privileged shell of its
 * become (one per become method, user, flags and password, started once). Each primitive
 * is a command, or a small shell script for the file methods. A connection that dies
 * fails the operation running on it (ConnectionFailure) and the next operation connects
 * again; a shell that dies is opened again by the next request.
 */
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
import { BecomeRefused, ShellGone, ShellSession, type ShellRequest, type StreamedInput } from './ssh-shell.js'
import { constants } from 'node:os'
import type { Duplex } from 'node:stream'
import { openClient, type OpenClient } from './ssh-client.js'
import type { ChannelContext, ChannelResult } from './ssh-channel.js'
import { wrapBecome } from './ssh-become.js'
import { compileBatch, parseBatch } from './ssh-batch.js'
import { OptionsError } from '../errors/errors.js'
import { droppedConnection, ExecTimeoutError, RemoteOperationError, sshFailure } from './ssh-errors.js'
import { commandScript, fileOpScript, inlineText, NOT_FOUND, parseReadDir, parseStat, readDirScript, readFileScript, statScript, writeFileScript } from './ssh-file-scripts.js'
import { resolveSshTarget, type SshConnectionOptions, type SshTarget } from './ssh-settings.js'
import {
  isControllerFile,
  type BatchOptions,
  type BecomeOptions,
  type ControllerFile,
  type HostStep,
  type StepResult,
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

export type { SshConnectionOptions } from './ssh-settings.js'

/** Counters for what the connection did, for tests and -vvvv diagnostics. */
export interface SshConnectionStats {
  connects: number
  channels: number
  /** Requests sent to the persistent shells (each one round trip). */
  requests: number
}

interface Live {
  open: OpenClient
  alive: boolean
  /** The persistent shells of this connection: the plain one (key '') and one per become. */
  shells: Map<string, Promise<ShellSession>>
}

/**
 * Larger inputs (big file transfers) are streamed raw into their command instead of
 * travelling as a base64 here-document, which the shell would first read as a whole.
 */
const SHELL_STDIN_MAX = 1024 * 1024

/** One request for a persistent shell: the plain one, or the privileged one of `become`. */
interface Request extends ShellRequest {
  become?: BecomeOptions
}

/** The shell a become runs in: one per method, user and the rest of what sudo/su is given. */
function becomeKey(b: BecomeOptions): string {
  return JSON.stringify([b.method, b.user, b.exe ?? '', b.flags ?? null, b.password || ''])
}

export class SshConnection implements Connection {
  readonly transport = 'ssh'
  readonly target: SshTarget
  readonly stats: SshConnectionStats = { connects: 0, channels: 0, requests: 0 }
  private live: Live | undefined
  private opening: Promise<Live> | undefined
  private readonly maxChannels: number

  constructor(options: SshConnectionOptions) {
    this.target = resolveSshTarget(options)
    this.maxChannels = Math.max(1, options.maxChannels ?? 10)
  }

  /** Opens the connection now (otherwise the first operation does). */
  async connect(): Promise<void> {
    await this.session()
  }

  private session(): Promise<Live> {
    if (this.live?.alive) return Promise.resolve(this.live)
    this.opening ??= openClient(this.target)
      .then((open) => {
        const live: Live = { open, alive: true, shells: new Map() }
        const dead = (): void => {
          live.alive = false
        }
        open.client.on('close', dead).on('end', dead).on('error', dead)
        for (const j of open.jumps) j.on('close', dead).on('error', dead)
        this.live = live
        this.stats.connects++
        return live
      })
      .finally(() => {
        this.opening = undefined
      })
    return this.opening
  }

  private context(live: Live): ChannelContext {
    return {
      client: live.open.client,
      isAlive: () => live.alive,
      dropped: (sending, cause) => {
        live.alive = false
        live.open.end()
        return droppedConnection(this.target.host, sending, cause)
      },
    }
  }

  /**
   * The persistent shell for a become (or none), opened on first use. Over `maxChannels`
   * shells, an idle one of another become is closed to make room.
   */
  private async shellFor(live: Live, become: BecomeOptions | undefined): Promise<ShellSession> {
    const key = become ? becomeKey(become) : ''
    for (;;) {
      let opening = live.shells.get(key)
      if (!opening) {
        if (live.shells.size >= this.maxChannels) await this.evictIdle(live)
        opening = ShellSession.open(this.context(live), {
          become: become && wrapBecome('exec /bin/sh', become),
          becomeTimeoutMs: this.target.connectTimeoutMs + 2000,
        })
        this.stats.channels++
        const mine = opening
        live.shells.set(key, mine)
        // A shell that did not start is not kept: the next request tries again (a wrong
        // password is asked again, as Ansible asks for every task).
        mine.catch(() => live.shells.get(key) === mine && live.shells.delete(key))
      }
      const shell = await opening
      if (!shell.dead) return shell
      if (live.shells.get(key) === opening) live.shells.delete(key)
    }
  }

  private async evictIdle(live: Live): Promise<void> {
    for (const [key, opening] of live.shells) {
      const shell = await opening.catch(() => undefined)
      if (shell && !shell.busy) {
        live.shells.delete(key)
        shell.close()
        return
      }
    }
  }

  /**
   * Runs one request on the persistent shell of its become (one round trip, no new SSH
   * session). A shell found dead before the request was sent is replaced; sudo's own
   * refusal to start the shell is the request's result.
   */
  private async channel(req: Request): Promise<ChannelResult> {
    this.stats.requests++
    const input = req.stdin
    const streamed: Request = input && input.length > SHELL_STDIN_MAX ? { ...req, stdin: undefined, stream: bufferInput(input) } : req
    for (;;) {
      const live = await this.session()
      let shell: ShellSession
      try {
        shell = await this.shellFor(live, req.become)
      } catch (e) {
        if (e instanceof BecomeRefused) return e.result
        throw e
      }
      try {
        return await shell.run(streamed)
      } catch (e) {
        if (!(e instanceof ShellGone)) throw e
      }
    }
  }

  /** The request for a script: the plain shell's, or the privileged one's. */
  private request(script: string, become?: BecomeOptions, stdin?: Buffer, timeoutMs?: number, own = true): Request {
    return { script, become, stdin, timeoutMs, own }
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs
    const script = commandScript(command, options)
    const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin)
    const started = Date.now()
    const res = await this.channel(this.request(script, options.become, stdin, timeoutMs === undefined ? undefined : timeoutMs + 5000, false))
    if (res.timedOut || (timeoutMs !== undefined && exitCode(res) === 137 && Date.now() - started >= timeoutMs)) {
      throw new ExecTimeoutError(command, timeoutMs ?? 0)
    }
    return { rc: exitCode(res), stdout: res.stdout.toString('utf8'), stderr: res.stderr.toString('utf8') }
  }

  /** Runs a file script; NOT_FOUND gives null, other failures a RemoteOperationError. */
  private async script(operation: string, path: string, script: string, become?: BecomeOptions, stdin?: Buffer): Promise<ChannelResult | null> {
    return this.checked(operation, path, await this.channel(this.request(script, become, stdin)))
  }

  private checked(operation: string, path: string, res: ChannelResult): ChannelResult | null {
    if (res.rc === NOT_FOUND) return null
    if (res.rc !== 0) throw new RemoteOperationError(operation, path, exitCode(res), res.stderr.toString('utf8'))
    return res
  }

  async readFile(path: string, options: { become?: BecomeOptions } = {}): Promise<Buffer | null> {
    const res = await this.script('read', path, readFileScript(path), options.become)
    return res ? res.stdout : null
  }

  async writeFile(path: string, data: WriteData, options: WriteFileOptions = {}): Promise<void> {
    let res: ChannelResult | null
    if (isControllerFile(data)) {
      const req: Request = { script: writeFileScript(path, { size: data.size }, options), become: options.become, stream: fileInput(data), own: true }
      res = await this.checked('write', path, await this.channel(req))
    } else {
      const bytes = Buffer.from(data)
      const text = inlineText(bytes)
      if (text !== undefined) res = await this.script('write', path, writeFileScript(path, { text }, options), options.become)
      else res = await this.script('write', path, writeFileScript(path, { size: bytes.length }, options), options.become, bytes)
    }
    if (!res) throw new RemoteOperationError('write', path, NOT_FOUND, 'No such file or directory')
  }

  async stat(path: string, options: StatOptions = {}): Promise<FileStat | null> {
    const res = await this.script('stat', path, statScript(path, options.follow ?? false, options.checksum ?? false), options.become)
    return res ? parseStat(path, res.stdout.toString('utf8')) : null
  }

  async readDir(path: string, options: { become?: BecomeOptions } = {}): Promise<DirEntry[] | null> {
    const res = await this.script('readdir', path, readDirScript(path), options.become)
    return res ? parseReadDir(res.stdout) : null
  }

  async fileOp(op: FileOp, options: { become?: BecomeOptions } = {}): Promise<void> {
    const path = op.op === 'rename' ? op.from : op.path
    const res = await this.script(op.op, path, fileOpScript(op), options.become)
    if (!res) throw new RemoteOperationError(op.op, path, NOT_FOUND, 'No such file or directory')
  }

  /** A direct-streamlocal channel on the persistent connection (ssh -L's unix-socket form). */
  async openUnixStream(path: string): Promise<Duplex> {
    const live = await this.session()
    this.stats.channels++
    return new Promise((resolve, reject) => {
      live.open.client.openssh_forwardOutStreamLocal(path, (err, stream) => {
        if (err) reject(new RemoteOperationError('connect', path, 1, `${err.message} (the socket must exist, the login user must be allowed to open it, and sshd must allow streamlocal forwarding)`))
        else resolve(stream)
      })
    })
  }

  async batch(steps: readonly HostStep[], options: BatchOptions = {}): Promise<StepResult[]> {
    if (steps.length === 0) return []
    const compiled = compileBatch(steps, options.dryRun ?? false)
    const res = await this.channel({ script: compiled.script, become: options.become, stdin: compiled.input.length ? compiled.input : undefined, own: true })
    return parseBatch(steps, compiled, res, exitCode(res))
  }

  async close(): Promise<void> {
    // A connection still being opened is closed too, once it is up.
    const live = this.live ?? (await this.opening?.catch(() => undefined))
    this.live = undefined
    if (!live) return
    live.alive = false
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000)
      live.open.client.once('close', () => (clearTimeout(timer), resolve()))
      live.open.end()
    })
  }
}

/** A controller file as streamed input: exactly the size it was found to have. */
function fileInput(file: ControllerFile): StreamedInput {
  return { size: file.size, open: () => (file.size === 0 ? Readable.from([]) : createReadStream(file.controllerPath, { start: 0, end: file.size - 1, highWaterMark: 256 * 1024 })) }
}

/** A buffer as streamed input. */
function bufferInput(data: Buffer): StreamedInput {
  function* chunks(): Generator<Buffer> {
    for (let at = 0; at < data.length; at += 256 * 1024) yield data.subarray(at, at + 256 * 1024)
  }
  return { size: data.length, open: () => Readable.from(chunks()) }
}

/** The exit status as a shell reports it: 128 + the signal number for a killed command. */
function exitCode(res: ChannelResult): number {
  if (res.rc !== null) return res.rc
  // ssh2 reports the name as the protocol does (`KILL`); accept `SIGKILL` as well.
  const name = res.signal?.startsWith('SIG') ? res.signal : `SIG${res.signal}`
  const sig = res.signal ? (constants.signals as Record<string, number>)[name] : undefined
  return sig ? 128 + sig : 255
}

/** The executor's connection variables, as far as ssh needs them. */
export interface SshConnectionVars {
  host: string
  port?: number
  user?: string
  password?: string
  privateKeyFile?: string
  sshCommonArgs?: string
  sshExtraArgs?: string
  timeout?: number
}

/** The factory the connection pool uses: a connected SshConnection, or a ConnectionFailure. */
export async function connectSsh(vars: SshConnectionVars, settings: { hostKeyChecking?: boolean } = {}): Promise<SshConnection> {
  const timeout = vars.timeout !== undefined && Number.isFinite(vars.timeout) ? vars.timeout : undefined
  let conn: SshConnection
  try {
    conn = new SshConnection({ ...vars, timeout, hostKeyChecking: settings.hostKeyChecking })
  } catch (e) {
    // Bad settings for one host (a port that is not a number, an unclosed quote in the
    // ssh args) make that host unreachable, as ssh's own refusal would, not the run fail.
    if (e instanceof OptionsError) throw sshFailure(e.message, e)
    throw e
  }
  await conn.connect()
  return conn
}
