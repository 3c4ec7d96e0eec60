/**
 * The SSH connection: one persistent ssh2 client per host, opened on first use and
 * shared by every task (delegated ones included), with one channel per operation. Each
 * primitive is a single exec: a command, or a small shell script for the file methods.
 * A connection that dies fails the operation running on it (ConnectionFailure) and the
 * next operation connects again.
 */
import { ShellSession } from './ssh-shell.js'
import { constants } from 'node:os'
import type { Duplex } from 'node:stream'
import { openClient, type OpenClient } from './ssh-client.js'
import { runChannel, type ChannelContext, type ChannelRequest, type ChannelResult } from './ssh-channel.js'
import { wrapBecome } from './ssh-become.js'
import { OptionsError } from '../errors/errors.js'
import { droppedConnection, ExecTimeoutError, RemoteOperationError, sshFailure, SshUsageError } from './ssh-errors.js'
import { fileOpScript, NOT_FOUND, parseReadDir, parseStat, readDirScript, readFileScript, statScript, writeFileScript } from './ssh-file-scripts.js'
import { resolveSshTarget, type SshConnectionOptions, type SshTarget } from './ssh-settings.js'
import {
  shellJoin,
  shellQuote,
  type BecomeOptions,
  type Connection,
  type DirEntry,
  type ExecOptions,
  type ExecResult,
  type FileOp,
  type FileStat,
  type StatOptions,
  type WriteFileOptions,
} from './types.js'

export type { SshConnectionOptions } from './ssh-settings.js'

/** Counters for what the connection did, for tests and -vvvv diagnostics. */
export interface SshConnectionStats {
  connects: number
  channels: number
  /** Commands sent (each one round trip), over the persistent shell or their own channel. */
  requests: number
}

interface Live {
  open: OpenClient
  alive: boolean
  /** The persistent shell of this connection (commands without become run there). */
  shell?: Promise<ShellSession>
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Larger inputs (big file transfers) get a channel of their own: they stream straight
 * into the command, where the shell would first read a whole here-document.
 */
const SHELL_STDIN_MAX = 1024 * 1024

export class SshConnection implements Connection {
  readonly transport = 'ssh'
  readonly target: SshTarget
  readonly stats: SshConnectionStats = { connects: 0, channels: 0, requests: 0 }
  private live: Live | undefined
  private opening: Promise<Live> | undefined
  private active = 0
  private readonly waiting: Array<() => void> = []
  private readonly maxChannels: number

  constructor(options: SshConnectionOptions) {
    this.target = resolveSshTarget(options)
    this.maxChannels = options.maxChannels ?? 10
  }

  /** Opens the connection now (otherwise the first operation does). */
  async connect(): Promise<void> {
    await this.session()
  }

  private session(): Promise<Live> {
    if (this.live?.alive) return Promise.resolve(this.live)
    this.opening ??= openClient(this.target)
      .then((open) => {
        const live: Live = { open, alive: true }
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

  /** Takes a channel slot, waiting for one to be handed over when all are taken. */
  private async acquire(): Promise<void> {
    if (this.active < this.maxChannels) {
      this.active++
      return
    }
    await new Promise<void>((r) => this.waiting.push(r))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
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
   * Runs one request: on the connection's persistent shell when it needs no become (one
   * round trip, no new SSH session), else on its own channel, waiting for a free slot.
   */
  private async channel(req: ChannelRequest & { script?: string }): Promise<ChannelResult> {
    this.stats.requests++
    if (!req.become && req.script !== undefined && (req.stdin?.length ?? 0) <= SHELL_STDIN_MAX) {
      const live = await this.session()
      if (!live.shell) {
        live.shell = ShellSession.open(this.context(live))
        this.stats.channels++
      }
      let shell: ShellSession
      try {
        shell = await live.shell
      } catch (e) {
        live.shell = undefined
        throw e
      }
      if (shell.dead) {
        live.shell = undefined
        return this.channel({ ...req, script: req.script })
      }
      try {
        return await shell.run({ script: req.script, stdin: req.stdin, timeoutMs: req.timeoutMs })
      } finally {
        if (shell.dead && live.shell) live.shell = undefined
      }
    }
    await this.acquire()
    try {
      const live = await this.session()
      this.stats.channels++
      return await runChannel(this.context(live), req)
    } finally {
      this.release()
    }
  }

  /** The remote command line for a script: `/bin/sh -c`, wrapped in sudo/su if asked. */
  private request(script: string, become?: BecomeOptions, stdin?: Buffer, timeoutMs?: number): ChannelRequest & { script?: string } {
    if (!become) return { command: shellJoin(['/bin/sh', '-c', script]), stdin, timeoutMs, script }
    const session = wrapBecome(script, become)
    return { command: shellJoin(['/bin/sh', '-c', session.command]), stdin, timeoutMs, become: session }
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const lines: string[] = []
    if (options.cwd !== undefined) lines.push(`cd -- ${shellQuote(options.cwd)} || exit 1`)
    for (const [name, value] of Object.entries(options.env ?? {})) {
      if (!ENV_NAME.test(name)) throw new SshUsageError(`invalid environment variable name: ${JSON.stringify(name)}`)
      lines.push(`export ${name}=${shellQuote(String(value))}`)
    }
    const timeoutMs = options.timeoutMs
    if (timeoutMs !== undefined) {
      // GNU timeout kills the command's whole process group on the host; the channel's own
      // timer (a little later) is the backstop if the host has no timeout(1).
      lines.push(`exec timeout -s KILL ${Math.max(1, Math.ceil(timeoutMs / 1000))} /bin/sh -c ${shellQuote(command)}`)
    } else lines.push(command)
    const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin)
    const started = Date.now()
    const res = await this.channel(this.request(lines.join('\n'), options.become, stdin, timeoutMs === undefined ? undefined : timeoutMs + 5000))
    if (res.timedOut || (timeoutMs !== undefined && exitCode(res) === 137 && Date.now() - started >= timeoutMs)) {
      throw new ExecTimeoutError(command, timeoutMs ?? 0)
    }
    return { rc: exitCode(res), stdout: res.stdout.toString('utf8'), stderr: res.stderr.toString('utf8') }
  }

  /** Runs a file script; NOT_FOUND gives null, other failures a RemoteOperationError. */
  private async script(operation: string, path: string, script: string, become?: BecomeOptions, stdin?: Buffer): Promise<ChannelResult | null> {
    const res = await this.channel(this.request(script, become, stdin))
    if (res.rc === NOT_FOUND) return null
    if (res.rc !== 0) throw new RemoteOperationError(operation, path, exitCode(res), res.stderr.toString('utf8'))
    return res
  }

  async readFile(path: string, options: { become?: BecomeOptions } = {}): Promise<Buffer | null> {
    const res = await this.script('read', path, readFileScript(path), options.become)
    return res ? res.stdout : null
  }

  async writeFile(path: string, data: string | Buffer, options: WriteFileOptions = {}): Promise<void> {
    const bytes = Buffer.from(data)
    const res = await this.script('write', path, writeFileScript(path, bytes.length, options), options.become, bytes)
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
