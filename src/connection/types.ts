/**
 * The connection to one managed host: everything a module can do to a host goes
 * through these few methods. `local` runs them on this machine, `ssh` over one
 * persistent ssh2 session, and a container connection could run them through `docker exec`.
 *
 * Paths are the host's paths. Methods that read never change the host; the others are
 * only reachable from modules through `ModuleContext.change()`, which is what makes
 * check mode structural.
 */
import type { Duplex } from 'node:stream'
import { shlexQuote } from '../py/shlex.js'

export interface BecomeOptions {
  /** sudo or su. */
  method: 'sudo' | 'su'
  user: string
  password?: string
  flags?: string
  exe?: string
}

export interface ExecOptions {
  /** Bytes for the command's standard input. */
  stdin?: string | Buffer
  /** Working directory on the host. */
  cwd?: string
  /** Extra environment variables, exported for the command only. */
  env?: Record<string, string>
  become?: BecomeOptions
  /** Kill the command after this many milliseconds. */
  timeoutMs?: number
}

export interface ExecResult {
  rc: number
  stdout: string
  stderr: string
}

export interface FileStat {
  path: string
  /** What the path itself is (lstat); `follow` stats the link target instead. */
  type: 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block' | 'other'
  /** Permission bits, e.g. 0o644 (no file-type bits). */
  mode: number
  uid: number
  gid: number
  owner: string
  group: string
  size: number
  /** Seconds since the epoch, with fractions. */
  mtime: number
  atime: number
  ctime: number
  inode: number
  dev: number
  nlink: number
  /** The link target, for a symlink. */
  linkTarget?: string
  /** SHA-1 hex digest of a regular file's content, when asked for. */
  checksum?: string
}

export interface StatOptions {
  follow?: boolean
  checksum?: boolean
  become?: BecomeOptions
}

export interface DirEntry {
  name: string
  type: FileStat['type']
}

/** A change to the host's file system, applied by `Connection.fileOp`. */
export type FileOp =
  | { op: 'mkdir'; path: string; mode?: number; parents?: boolean }
  | { op: 'chmod'; path: string; mode: number; follow?: boolean }
  | { op: 'chown'; path: string; owner?: string | number; group?: string | number; follow?: boolean }
  | { op: 'symlink'; path: string; target: string }
  | { op: 'link'; path: string; target: string }
  | { op: 'remove'; path: string; recursive?: boolean }
  | { op: 'rename'; from: string; to: string }
  | { op: 'utime'; path: string; atime?: number; mtime?: number; follow?: boolean }
  | { op: 'touch'; path: string; mode?: number }

/**
 * A file on the controller to write to the host as a whole, streamed: memory stays flat
 * however large it is. `size` is its size when it was looked at (`controllerFile`); a
 * file that is shorter by the time it is sent fails the write.
 */
export interface ControllerFile {
  readonly controllerPath: string
  readonly size: number
}

/** What `writeFile` writes: text (UTF-8), bytes, or a file on the controller. */
export type WriteData = string | Buffer | ControllerFile

export function isControllerFile(data: WriteData): data is ControllerFile {
  return typeof data === 'object' && !Buffer.isBuffer(data) && typeof (data as ControllerFile).controllerPath === 'string'
}

export interface WriteFileOptions {
  /** Permission bits of a new file; an existing file keeps its own unless given. */
  mode?: number
  owner?: string | number
  group?: string | number
  become?: BecomeOptions
}

/**
 * A test on earlier steps of the same batch, made on the host: `absent` when that stat
 * step found nothing; a `StatMatch` when it found a path and every field given equals
 * (a stat step that did not run is neither absent nor a match); `ran` when that step
 * (of any kind) ran, or under `dryRun` would have.
 */
export type StepCondition = { absent: number } | { ran: number } | { not: StepCondition } | { all: StepCondition[] } | { any: StepCondition[] } | StatMatch

export interface StatMatch {
  /** The index of the stat step. */
  step: number
  type?: FileStat['type']
  /** SHA-1 hex digest (the stat step must ask for checksums). */
  checksum?: string
  /** Permission bits. */
  mode?: number
  /** A name, or an id (a number or a string of digits, matched against the uid). */
  owner?: string | number
  group?: string | number
  /** A symlink's target, as readlink gives it (the stat step must not follow links). */
  linkTarget?: string
}

/** One step of `Connection.batch`; `when` makes it conditional on earlier stat steps. */
export type HostStep = (
  | { op: 'stat'; path: string; follow?: boolean; checksum?: boolean }
  | { op: 'read'; path: string }
  | { op: 'readDir'; path: string }
  /** A read-only command; it never reads the batch's input. */
  | { op: 'exec'; command: string; cwd?: string; env?: Record<string, string> }
  | { op: 'write'; path: string; data: string | Buffer; mode?: number; owner?: string | number; group?: string | number }
  | { op: 'file'; change: FileOp }
) & { when?: StepCondition }

/** What one step of a batch did. */
export interface StepResult {
  /** False when its `when` did not hold (or, under `dryRun`, for a change step). */
  ran: boolean
  /** Under `dryRun`: a change step whose `when` held, which would have run. */
  wouldRun?: boolean
  stat?: FileStat | null
  data?: Buffer | null
  entries?: DirEntry[] | null
  exec?: ExecResult
}

export interface BatchOptions {
  become?: BecomeOptions
  /** Run only the reads: change steps (write, file) report whether they would run. */
  dryRun?: boolean
}

/** The steps that change the host (not run under `dryRun`). */
export function isChangeStep(step: HostStep): boolean {
  return step.op === 'write' || step.op === 'file'
}

export interface Connection {
  /** `local`, `ssh`, ... */
  readonly transport: string
  /** Runs a shell command line (`/bin/sh -c`). Never throws for a non-zero exit. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
  /** Reads a whole file; `null` when it does not exist. */
  readFile(path: string, options?: { become?: BecomeOptions }): Promise<Buffer | null>
  /** Writes a whole file atomically: a temp file beside it, then a rename. */
  writeFile(path: string, data: WriteData, options?: WriteFileOptions): Promise<void>
  /** `null` when the path does not exist. */
  stat(path: string, options?: StatOptions): Promise<FileStat | null>
  /** `null` when the directory does not exist. */
  readDir(path: string, options?: { become?: BecomeOptions }): Promise<DirEntry[] | null>
  fileOp(op: FileOp, options?: { become?: BecomeOptions }): Promise<void>
  /**
   * A byte stream to a unix socket on the host (e.g. `/var/run/docker.sock`): over SSH a
   * channel forwarded on the host's connection (sshd's streamlocal forwarding, with the
   * login user's rights), locally the socket itself. Rejects when it cannot be opened.
   */
  openUnixStream(path: string): Promise<Duplex>

  /**
   * Runs several steps in order, in one round trip where the transport has round trips.
   * The first step that fails ends the batch with the error its method would throw;
   * not-found reads give null as their methods do. Without it, `runSteps` runs the
   * steps one by one with the same meaning.
   */
  batch?(steps: readonly HostStep[], options?: BatchOptions): Promise<StepResult[]>
  close(): Promise<void>
}

/** Quotes one word for a POSIX shell (Python's shlex.quote), so that no value can inject a command. */
export const shellQuote = shlexQuote

/** Joins argv into one shell command line, every word quoted. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ')
}

/** The host cannot be reached: the task result is `unreachable`, not `failed`. */
export class ConnectionFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ConnectionFailure'
  }
}
