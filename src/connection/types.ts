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

export interface WriteFileOptions {
  /** Permission bits of a new file; an existing file keeps its own unless given. */
  mode?: number
  owner?: string | number
  group?: string | number
  become?: BecomeOptions
}

export interface Connection {
  /** `local`, `ssh`, ... */
  readonly transport: string
  /** Runs a shell command line (`/bin/sh -c`). Never throws for a non-zero exit. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>
  /** Reads a whole file; `null` when it does not exist. */
  readFile(path: string, options?: { become?: BecomeOptions }): Promise<Buffer | null>
  /** Writes a whole file atomically: a temp file beside it, then a rename. */
  writeFile(path: string, data: string | Buffer, options?: WriteFileOptions): Promise<void>
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
