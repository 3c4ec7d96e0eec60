/**
 * Real OpenSSH servers for the SSH connection tests: each instance listens on a free
 * loopback port, with its own host key, config, pid file and log in one temp directory.
 * Key auth uses one generated client key for every user; password auth uses the test
 * users of sshd-system.ts. The lab is described by `lab.json` in its directory, so the
 * CLI (scripts/sshd-test-hosts.sh) can stop what an earlier process started.
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { prepareSshdMachine, SshdSetupError, TEST_USERS, type TestUser } from './sshd-system.js'

const run = promisify(execFile)
const SSHD = '/usr/sbin/sshd'

export { TEST_USERS, type TestUser } from './sshd-system.js'

export interface SshdHost {
  name: string
  port: number
  /** The instance's own directory: config, host key, pid file, log. */
  dir: string
  configFile: string
  pidFile: string
  logFile: string
  /** `ssh-ed25519 AAAA...` (no comment), as known_hosts wants it. */
  hostPublicKey: string
}

export interface SshdLab {
  dir: string
  hosts: SshdHost[]
  /** Private key accepted for root and for every test user. */
  clientKeyFile: string
  clientPublicKey: string
  users: { withPassword: TestUser; noPassword: TestUser }
}

export interface StartSshdLabOptions {
  /** How many sshd instances (default 1). */
  count?: number
  /** Directory for the lab; a new temp directory by default. */
  dir?: string
  /** Leave the servers running when this process exits (the CLI's `up`). */
  detach?: boolean
}

/** A port nobody listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

function sshdConfig(host: SshdHost, authorizedKeys: string): string {
  return [
    `Port ${host.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(host.dir, 'host_ed25519')}`,
    `PidFile ${host.pidFile}`,
    'UsePAM no',
    'PermitRootLogin yes',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    `AuthorizedKeysFile ${authorizedKeys}`,
    // The lab lives under /tmp, whose mode StrictModes would reject.
    'StrictModes no',
    'MaxSessions 100',
    'MaxStartups 100:30:200',
    'AllowTcpForwarding yes',
    'PermitUserEnvironment no',
    'Subsystem sftp internal-sftp',
    // DEBUG1 logs each channel open and each forwarded connection: the tests count them.
    'LogLevel DEBUG1',
    '',
  ].join('\n')
}

async function keygen(file: string, comment: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file])
  return readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ')
}

async function waitForListen(host: SshdHost, deadline: number): Promise<void> {
  const { connect } = await import('node:net')
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(host.port, '127.0.0.1')
      s.once('data', () => (s.destroy(), resolve(true)))
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new SshdSetupError(`sshd ${host.name} did not listen on port ${host.port}: ${readLog(host)}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

function readLog(host: SshdHost): string {
  try {
    return readFileSync(host.logFile, 'utf8').slice(-2000)
  } catch {
    return '(no log)'
  }
}

/** Starts (or restarts, on its old port) one instance whose files already exist. */
export async function startSshd(host: SshdHost): Promise<void> {
  try {
    await run(SSHD, ['-f', host.configFile, '-E', host.logFile])
  } catch (e) {
    throw new SshdSetupError(`sshd ${host.name} failed to start: ${(e as { stderr?: string }).stderr ?? e} ${readLog(host)}`, { cause: e })
  }
  await waitForListen(host, Date.now() + 10_000)
}

export async function startSshdLab(options: StartSshdLabOptions = {}): Promise<SshdLab> {
  await prepareSshdMachine()
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'tsible-sshd-'))
  mkdirSync(dir, { recursive: true })
  // The users' sshd children read authorized_keys with the users' own uid.
  chmodSync(dir, 0o755)
  const clientKeyFile = join(dir, 'client_ed25519')
  const clientPublicKey = await keygen(clientKeyFile, 'tsible-test-client')
  const authorizedKeys = join(dir, 'authorized_keys')
  writeFileSync(authorizedKeys, `${clientPublicKey}\n`, { mode: 0o644 })
  const hosts: SshdHost[] = []
  for (let i = 0; i < (options.count ?? 1); i++) {
    const name = `sshd${i + 1}`
    const hdir = join(dir, name)
    mkdirSync(hdir, { mode: 0o755 })
    const host: SshdHost = {
      name,
      port: await freePort(),
      dir: hdir,
      configFile: join(hdir, 'sshd_config'),
      pidFile: join(hdir, 'sshd.pid'),
      logFile: join(hdir, 'sshd.log'),
      hostPublicKey: await keygen(join(hdir, 'host_ed25519'), name),
    }
    writeFileSync(host.configFile, sshdConfig(host, authorizedKeys))
    hosts.push(host)
  }
  const lab: SshdLab = { dir, hosts, clientKeyFile, clientPublicKey, users: { ...TEST_USERS } }
  writeFileSync(join(dir, 'lab.json'), JSON.stringify(lab, null, 2))
  if (!options.detach) {
    // A test process that dies before its afterAll must not leave servers behind. Once the
    // lab is stopped its pid files are gone, so this does nothing.
    process.once('exit', () => {
      for (const host of hosts) {
        const pid = sshdPid(host)
        if (pid !== undefined) process.kill(pid, 'SIGTERM')
      }
    })
  }
  try {
    for (const host of hosts) await startSshd(host)
  } catch (e) {
    await stopSshdLab(lab)
    throw e
  }
  return lab
}

export function loadSshdLab(dir: string): SshdLab {
  return JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8')) as SshdLab
}

/** The listening sshd's pid, or undefined when it is not running. */
export function sshdPid(host: SshdHost): number | undefined {
  if (!existsSync(host.pidFile)) return undefined
  const pid = Number(readFileSync(host.pidFile, 'utf8').trim())
  return pid > 0 && processAlive(pid) ? pid : undefined
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Pid → (ppid, command name) for every process, from /proc. */
function processTable(): Map<number, { ppid: number; comm: string }> {
  const table = new Map<number, { ppid: number; comm: string }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const comm = stat.slice(stat.indexOf('(') + 1, close)
      const ppid = Number(stat.slice(close + 2).split(' ')[1])
      table.set(Number(entry), { ppid, comm })
    } catch {
      // The process exited while we looked.
    }
  }
  return table
}

/**
 * Kills (SIGKILL) the sshd processes serving this host's current connections, not the
 * listener and not the users' commands: as if the server side of the session died.
 * Returns how many processes were killed.
 */
export function killSessions(host: SshdHost): number {
  const listener = sshdPid(host)
  if (listener === undefined) return 0
  const table = processTable()
  const victims: number[] = []
  const walk = (parent: number): void => {
    for (const [pid, p] of table) {
      if (p.ppid !== parent || p.comm !== 'sshd') continue
      victims.push(pid)
      walk(pid)
    }
  }
  walk(listener)
  for (const pid of victims) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  return victims.length
}

/** Stops one instance: the listener and every session it serves. */
export async function stopSshd(host: SshdHost): Promise<void> {
  const pid = sshdPid(host)
  if (pid === undefined) return
  killSessions(host)
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + 5000
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  if (processAlive(pid)) process.kill(pid, 'SIGKILL')
}

export async function stopSshdLab(lab: SshdLab, options: { keepDir?: boolean } = {}): Promise<void> {
  for (const host of lab.hosts) await stopSshd(host)
  if (!options.keepDir) rmSync(lab.dir, { recursive: true, force: true })
}

/** What the host's log says so far: authenticated connections, session channels, forwards. */
export function sshdCounts(host: SshdHost): { connections: number; sessions: number; forwards: number } {
  const log = existsSync(host.logFile) ? readFileSync(host.logFile, 'utf8') : ''
  const count = (re: RegExp): number => (log.match(re) ?? []).length
  return {
    connections: count(/^.*Accepted (publickey|password) for /gm),
    sessions: count(/^.*server_input_channel_open: ctype session /gm),
    forwards: count(/^.*server_request_direct_tcpip: originator /gm),
  }
}

/** A known_hosts line for the host, in the `[127.0.0.1]:port` form ssh writes. */
export function knownHostsLine(host: SshdHost, name = '127.0.0.1'): string {
  return `[${name}]:${host.port} ${host.hostPublicKey}`
}
