/**
 * Opens one authenticated ssh2 Client for a resolved target: the TCP connection (or a
 * ProxyJump hop's forwarded channel), OpenSSH's ConnectTimeout on the connect and the
 * banner, host key checking against known_hosts, and the authentication order ssh uses
 * (key files, the agent, then the password). Every failure is a ConnectionFailure with
 * the text Ansible shows.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect as tcpConnect, type Socket } from 'node:net'
import { Duplex } from 'node:stream'
import ssh2, { type AnyAuthMethod, type Client, type ConnectConfig } from 'ssh2'
import { addKnownHost, hostKeyChangedMessage, hostKeyRevokedMessage, knownHostName, knownKeyTypes, verifyHostKey } from './known-hosts.js'
import { authFailure, bannerTimeout, socketFailure, sshFailure } from './ssh-errors.js'
import { handshakeGate } from './ssh-handshake-gate.js'
import type { SshEndpoint, SshTarget } from './ssh-settings.js'
import { ConnectionFailure } from './types.js'

/** An authenticated client, with the jump clients it rides on. */
export interface OpenClient {
  client: Client
  jumps: Client[]
  /** Ends the client and its jump hosts. */
  end(): void
}

const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']

/** Like ssh, offer the algorithms of keys already known for the host first. */
function hostKeyAlgorithms(known: string[]): string[] {
  const first = known.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t]))
  const preferred = first.filter((a) => HOST_KEY_ALGORITHMS.includes(a))
  return [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])]
}

function connectSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = tcpConnect({ host, port })
    const timer = setTimeout(() => {
      sock.destroy()
      reject(socketFailure(host, port, Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })))
    }, timeoutMs)
    sock.once('connect', () => {
      clearTimeout(timer)
      sock.removeAllListeners('error')
      resolve(sock)
    })
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(socketFailure(host, port, e))
    })
  })
}

/** A channel through the jump host to the next hop, as `ssh -J` (`-W host:port`) makes. */
function forwardThrough(jump: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, host, port, (err, channel) => {
      if (!err) return resolve(channel)
      const reason = /Connection refused/i.test(err.message) ? 'Connection refused' : err.message.replace(/^\(SSH\) Channel open failure: /, '')
      reject(
        sshFailure(
          `channel 0: open failed: connect failed: ${reason}\r\nstdio forwarding failed\r\n` +
            'kex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535',
          err,
        ),
      )
    })
  })
}

/**
 * ProxyCommand: the command's stdin and stdout are the connection, as in ssh. If it
 * dies before the server's banner, its stderr leads ssh's own complaint.
 */
function proxyCommandStream(command: string): Duplex {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')))
  const stream = new Duplex({
    read: () => undefined,
    // A command that died makes writes fail (EPIPE); its death is reported once it is
    // gone (the 'close' below), as ssh reports it, not as a socket error of its own.
    write: (chunk: Buffer, _enc, cb) => void child.stdin.write(chunk, () => cb(null)),
    final: (cb) => (child.stdin.end(), cb()),
    destroy: (err, cb) => (child.kill(), cb(err)),
  })
  child.stdin.on('error', () => undefined)
  child.stdout.on('data', (d: Buffer) => stream.push(d))
  child.on('error', (e) => stream.destroy(e))
  // End the stream only once the command is gone and its stderr fully read.
  child.on('close', () => {
    stream.emit('proxy-exit', stderr)
    stream.push(null)
  })
  return stream
}

/** What ssh prints when the connection closes before the banner, after ProxyCommand's stderr. */
function proxyClosedEarly(stderr: string): ConnectionFailure {
  return sshFailure(`${stderr}kex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535`)
}

interface AuthPlan {
  attempts: AnyAuthMethod[]
  passwordTried: boolean
  askedNone: boolean
  methodsLeft: string[]
}

function loadKey(file: string): Buffer | undefined {
  try {
    const data = readFileSync(file)
    // Encrypted keys need a passphrase ssh would prompt for; like BatchMode, skip them.
    return ssh2.utils.parseKey(data) instanceof Error ? undefined : data
  } catch {
    return undefined
  }
}

function authPlan(ep: SshEndpoint, allowPassword: boolean): AuthPlan {
  const attempts: AnyAuthMethod[] = []
  for (const file of ep.identityFiles) {
    const key = loadKey(file)
    if (key) attempts.push({ type: 'publickey', username: ep.user, key })
  }
  if (ep.agentSocket && !ep.identitiesOnly) attempts.push({ type: 'agent', username: ep.user, agent: ep.agentSocket })
  if (ep.password !== undefined && allowPassword) {
    const password = ep.password
    attempts.push({ type: 'password', username: ep.user, password })
    attempts.push({
      type: 'keyboard-interactive',
      username: ep.user,
      prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => password)),
    })
  }
  return { attempts, passwordTried: false, askedNone: false, methodsLeft: [] }
}

/** Decides the host key: returns the failure text when the key must be refused. */
function checkHostKey(target: SshTarget, ep: SshEndpoint, blob: Buffer, onChanged: () => void): string | undefined {
  const name = knownHostName(ep.host, ep.port)
  const files = [...target.userKnownHostsFiles, ...target.globalKnownHostsFiles]
  const verdict = verifyHostKey(files, name, blob)
  if (verdict.status === 'match') return undefined
  if (verdict.status === 'revoked') return hostKeyRevokedMessage(name, blob, verdict.entry)
  if (verdict.status === 'mismatch') {
    if (target.strictHostKeyChecking !== 'no') return hostKeyChangedMessage(name, blob, verdict.entry)
    // ssh goes on with a changed key only without passwords (no credentials to a man in the middle).
    onChanged()
    return undefined
  }
  if (target.strictHostKeyChecking === 'yes') return 'Host key verification failed.'
  const file = target.userKnownHostsFiles[0]
  if (file && file !== '/dev/null') {
    try {
      addKnownHost(file, name, blob, target.hashKnownHosts)
    } catch {
      // ssh only warns when it cannot record the key.
    }
  }
  return undefined
}

/** Authenticates over an open socket or forwarded channel. */
function handshake(sock: Duplex, ep: SshEndpoint, target: SshTarget): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client()
    let hostKeyProblem: string | undefined
    let allowPassword = target.passwordAuthentication
    const plan = authPlan(ep, true)
    let bannerSeen = false
    let proxyStderr: string | undefined
    sock.once('proxy-exit', (stderr: string) => (proxyStderr = stderr))
    const closedEarly = (): ConnectionFailure =>
      proxyStderr !== undefined ? proxyClosedEarly(proxyStderr) : sshFailure('kex_exchange_identification: Connection closed by remote host')
    let settled = false
    const done = (e?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(bannerTimer)
      clearTimeout(authTimer)
      if (!e) return resolve(client)
      client.removeAllListeners('ready')
      client.on('error', () => undefined)
      client.end()
      sock.destroy()
      reject(e)
    }
    const bannerTimer = setTimeout(() => done(bannerTimeout(ep.host, ep.port)), target.connectTimeoutMs)
    // ssh has no limit past the banner; this only keeps a stuck server from hanging the run.
    const authTimer = setTimeout(() => done(sshFailure(`Connection to ${ep.host} port ${ep.port} timed out`)), Math.max(60_000, target.connectTimeoutMs * 6))
    client.on('ready', () => done())
    client.on('error', (e: Error & { level?: string }) => {
      if (hostKeyProblem) return done(sshFailure(hostKeyProblem, e))
      if (!bannerSeen && e.message === 'Connection lost before handshake') return done(closedEarly())
      if (e.level === 'client-authentication') return done(authFailure(ep.user, ep.host, plan.methodsLeft, plan.passwordTried))
      if (e.level === 'client-socket') return done(socketFailure(ep.host, ep.port, e as NodeJS.ErrnoException))
      done(sshFailure(`${e.message.replace(/^\(SSH\) /, '')}`, e))
    })
    client.on('close', () => done(bannerSeen ? sshFailure(`Connection closed by ${ep.host} port ${ep.port}`) : closedEarly()))
    const config: ConnectConfig = {
      sock: sock as unknown as Socket,
      username: ep.user,
      readyTimeout: 0,
      keepaliveInterval: target.keepaliveIntervalMs,
      keepaliveCountMax: target.keepaliveCountMax,
      algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes([...target.userKnownHostsFiles, ...target.globalKnownHostsFiles], knownHostName(ep.host, ep.port))) as never },
      hostVerifier: (key: Buffer) => {
        hostKeyProblem = checkHostKey(target, ep, key, () => (allowPassword = false))
        return hostKeyProblem === undefined
      },
      authHandler: (methodsLeft, _partial, next) => {
        // Like ssh, ask with "none" first: the server's answer lists the methods it
        // allows, which a failure message names.
        if (!methodsLeft && !plan.askedNone) {
          plan.askedNone = true
          return next({ type: 'none', username: ep.user })
        }
        if (methodsLeft) plan.methodsLeft = [...methodsLeft]
        for (;;) {
          const attempt = plan.attempts.shift()
          if (!attempt) return next(false as unknown as AnyAuthMethod)
          const isPassword = attempt.type === 'password' || attempt.type === 'keyboard-interactive'
          if (isPassword && !allowPassword) continue
          if (methodsLeft && !methodsLeft.includes(attempt.type === 'agent' ? 'publickey' : attempt.type)) continue
          if (isPassword) plan.passwordTried = true
          return next(attempt)
        }
      },
    }
    client.connect(config)
    // The server speaks first: its banner ends the ConnectTimeout window, as in ssh.
    sock.once('data', () => {
      bannerSeen = true
      clearTimeout(bannerTimer)
    })
  })
}

/**
 * Connects the hops one through the other, then the target through the last hop; the
 * whole opening holds a place at the run's handshake gate.
 */
export async function openClient(target: SshTarget): Promise<OpenClient> {
  const jumps: Client[] = []
  const endAll = (): void => {
    for (const c of [...jumps].reverse()) c.end()
  }
  const first = target.jumps[0]
  const connectFirst = (): Promise<Duplex> => {
    if (first) return connectSocket(first.host, first.port, target.connectTimeoutMs)
    if (target.proxyCommand) return Promise.resolve(proxyCommandStream(target.proxyCommand))
    return connectSocket(target.host, target.port, target.connectTimeoutMs)
  }
  try {
    return await handshakeGate.run(connectFirst, async (sock) => {
      for (const [i, hop] of target.jumps.entries()) {
        const hopSock = i === 0 ? sock : await forwardThrough(jumps.at(-1)!, hop.host, hop.port)
        // Hops authenticate with keys only; the password is the target's.
        jumps.push(await handshake(hopSock, { ...hop, password: undefined }, target))
      }
      const last = jumps.at(-1)
      const client = await handshake(last ? await forwardThrough(last, target.host, target.port) : sock, target, target)
      return {
        client,
        jumps,
        end: () => {
          client.end()
          endAll()
        },
      }
    })
  } catch (e) {
    endAll()
    throw e instanceof ConnectionFailure ? e : sshFailure(String((e as Error).message ?? e), e)
  }
}
