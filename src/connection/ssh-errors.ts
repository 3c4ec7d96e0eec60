/**
 * What goes wrong over SSH, in Ansible's words. Connection-level failures become
 * `ConnectionFailure` (the host is unreachable) with the text Ansible's ssh plugin
 * shows: `Failed to connect to the host via ssh: ` and then what OpenSSH's `ssh` would
 * have printed. Failures of one operation on a reachable host are other typed errors.
 */
import { ConnectionFailure } from './types.js'

const VIA_SSH = 'Failed to connect to the host via ssh: '

export function sshFailure(detail: string, cause?: unknown): ConnectionFailure {
  return new ConnectionFailure(VIA_SSH + detail, { cause })
}

/** `ssh: connect to host H port P: <reason>`, for socket errors before the SSH banner. */
export function socketFailure(host: string, port: number, err: NodeJS.ErrnoException): ConnectionFailure {
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'Connection refused',
    ETIMEDOUT: 'Connection timed out',
    EHOSTUNREACH: 'No route to host',
    ENETUNREACH: 'Network is unreachable',
    ECONNRESET: 'Connection reset by peer',
    EADDRNOTAVAIL: 'Cannot assign requested address',
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' || err.code === 'EAI_NONAME') {
    const why = err.code === 'EAI_AGAIN' ? 'Temporary failure in name resolution' : 'Name or service not known'
    return sshFailure(`ssh: Could not resolve hostname ${host}: ${why}`, err)
  }
  const reason = (err.code && reasons[err.code]) ?? err.message
  return sshFailure(`ssh: connect to host ${host} port ${port}: ${reason}`, err)
}

/** The TCP connection was made but the server never sent its banner in time. */
export function bannerTimeout(host: string, port: number): ConnectionFailure {
  return sshFailure(`Connection timed out during banner exchange\r\nConnection to ${host} port ${port} timed out`)
}

/** Every authentication method failed: ssh's `user@host: Permission denied (methods).` */
export function authFailure(user: string, host: string, methodsLeft: readonly string[], passwordTried: boolean): ConnectionFailure {
  if (passwordTried) {
    // Ansible drives password logins through sshpass, whose failure has its own text.
    return new ConnectionFailure('Invalid/incorrect password: Permission denied, please try again.')
  }
  const methods = methodsLeft.length > 0 ? methodsLeft.join(',') : 'publickey'
  return sshFailure(`${user}@${host}: Permission denied (${methods}).`)
}

/**
 * The connection died while an operation was running. Ansible words it one way when it
 * was sending the command data (pipelining) and the other way otherwise.
 */
export function droppedConnection(host: string, sendingData: boolean, cause?: unknown): ConnectionFailure {
  const ssh = `Connection to ${host} closed by remote host.`
  if (sendingData) {
    return new ConnectionFailure(
      `Data could not be sent to remote host "${host}". Make sure this host can be reached over ssh: ${ssh}\r\n`,
      { cause },
    )
  }
  return sshFailure(ssh, cause)
}

/** sudo/su asked for a password tsible did not have, or rejected the one it had. */
export class BecomeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BecomeError'
  }
}

/** A command ran longer than its `timeoutMs` and was killed. */
export class ExecTimeoutError extends Error {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`The command timed out after ${timeoutMs / 1000} seconds`)
    this.name = 'ExecTimeoutError'
  }
}

/**
 * A file operation failed on a reachable host (permission denied, not a directory, ...).
 * `code` is the errno name guessed from the tool's message, as Node's fs errors carry.
 */
export class RemoteOperationError extends Error {
  readonly code: string | undefined
  constructor(
    readonly operation: string,
    readonly path: string,
    readonly rc: number,
    readonly stderr: string,
  ) {
    const detail = stderr.trim().split('\n').pop() ?? ''
    super(`${operation} ${path} failed (rc=${rc})${detail ? `: ${detail}` : ''}`)
    this.name = 'RemoteOperationError'
    this.code = errnoOf(stderr)
  }
}

function errnoOf(stderr: string): string | undefined {
  const table: Array<[RegExp, string]> = [
    [/No such file or directory|Directory nonexistent/, 'ENOENT'],
    [/Permission denied/, 'EACCES'],
    [/Operation not permitted/, 'EPERM'],
    [/File exists/, 'EEXIST'],
    [/Not a directory/, 'ENOTDIR'],
    [/Is a directory/, 'EISDIR'],
    [/Directory not empty/, 'ENOTEMPTY'],
    [/No space left on device/, 'ENOSPC'],
    [/Read-only file system/, 'EROFS'],
    [/Device or resource busy/, 'EBUSY'],
    [/invalid user|invalid group/, 'EINVAL'],
  ]
  return table.find(([re]) => re.test(stderr))?.[1]
}

/** An operation was asked for in a way the SSH connection cannot carry out safely. */
export class SshUsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SshUsageError'
  }
}
