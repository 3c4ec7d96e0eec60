/**
 * Opening SSH connections against real sshds: authentication (key, password, agent),
 * host key checking, unreachable hosts, ssh config and ProxyJump. Failure texts are
 * the ones `ansible -m ping` printed against these same servers (see ssh-errors.ts).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectSsh, SshConnection, type SshConnectionOptions } from '../../src/connection/ssh.js'
import { ConnectionFailure } from '../../src/connection/types.js'
import { freePort, knownHostsLine, sshdCounts } from '../helpers/sshd.js'
import { knownHostsFile, sshOptions, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab(2)
const host1 = () => lab().hosts[0]
const host2 = () => lab().hosts[1]
const user = () => lab().users.withPassword

async function whoami(options: SshConnectionOptions): Promise<string> {
  const c = new SshConnection(options)
  try {
    return (await c.exec('whoami')).stdout.trim()
  } finally {
    await c.close()
  }
}

async function failure(options: SshConnectionOptions): Promise<string> {
  const e = await whoami(options).then((ok) => ok, (x: unknown) => x)
  expect(e).toBeInstanceOf(ConnectionFailure)
  return (e as ConnectionFailure).message
}

describe('authentication', () => {
  it('logs in with a key file, and with a password when there is no key', async () => {
    expect(await whoami(sshOptions(lab(), host1()))).toBe(user().name)
    const before = sshdCounts(host1())
    expect(await whoami(sshOptions(lab(), host1(), { privateKeyFile: undefined, password: user().password }))).toBe(user().name)
    expect(readFileSync(host1().logFile, 'utf8')).toContain(`Accepted password for ${user().name}`)
    expect(sshdCounts(host1()).connections - before.connections).toBe(1)
  })

  it('fails as Ansible does without usable credentials or with a wrong password', async () => {
    expect(await failure(sshOptions(lab(), host1(), { privateKeyFile: undefined }))).toBe(
      `Failed to connect to the host via ssh: ${user().name}@127.0.0.1: Permission denied (publickey,password).`,
    )
    expect(await failure(sshOptions(lab(), host1(), { privateKeyFile: undefined, password: 'wrong' }))).toBe(
      'Invalid/incorrect password: Permission denied, please try again.',
    )
  })

  describe('through ssh-agent', () => {
    let agent: ChildProcess
    let socket: string
    beforeAll(async () => {
      socket = join(lab().dir, 'agent.sock')
      agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20))
      execFileSync('ssh-add', [lab().clientKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' })
    })
    afterAll(() => {
      agent.kill()
    })

    it('uses the agent named by the options (SSH_AUTH_SOCK by default)', async () => {
      expect(await whoami(sshOptions(lab(), host1(), { privateKeyFile: undefined, agentSocket: socket }))).toBe(user().name)
      const saved = process.env.SSH_AUTH_SOCK
      process.env.SSH_AUTH_SOCK = socket
      try {
        const options = sshOptions(lab(), host1(), { privateKeyFile: undefined })
        delete options.agentSocket
        expect(await whoami(options)).toBe(user().name)
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK
        else process.env.SSH_AUTH_SOCK = saved
      }
    })
  })
})

describe('unreachable hosts', () => {
  let silent: Server
  afterAll(() => silent?.close())

  it('reports a refused connection', async () => {
    const port = await freePort()
    expect(await failure(sshOptions(lab(), host1(), { port }))).toBe(
      `Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port ${port}: Connection refused`,
    )
  })

  it('times out a server that never sends its banner, after the connect timeout', async () => {
    silent = createServer(() => undefined)
    const port = await new Promise<number>((r) => silent.listen(0, '127.0.0.1', () => r((silent.address() as { port: number }).port)))
    const started = Date.now()
    expect(await failure(sshOptions(lab(), host1(), { port, timeout: 1 }))).toBe(
      `Failed to connect to the host via ssh: Connection timed out during banner exchange\r\nConnection to 127.0.0.1 port ${port} timed out`,
    )
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('reports a name that does not resolve', async () => {
    expect(await failure(sshOptions(lab(), host1(), { host: 'no-such-host.invalid' }))).toBe(
      'Failed to connect to the host via ssh: ssh: Could not resolve hostname no-such-host.invalid: Name or service not known',
    )
  })
})

describe('host key checking', () => {
  it('refuses an unknown host, and a changed key with ssh\'s full warning', async () => {
    expect(await failure(sshOptions(lab(), host1(), { knownHostsFile: knownHostsFile(lab(), []) }))).toBe(
      'Failed to connect to the host via ssh: Host key verification failed.',
    )
    // host2's key filed under host1's name: what a reinstalled or spoofed host looks like.
    const file = knownHostsFile(lab(), ['# a comment', `[127.0.0.1]:${host1().port} ${host2().hostPublicKey}`])
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(host1().dir, 'host_ed25519.pub')], { encoding: 'utf8' }).split(' ')[1]
    const name = `[127.0.0.1]:${host1().port}`
    expect(await failure(sshOptions(lab(), host1(), { knownHostsFile: file }))).toBe(
      'Failed to connect to the host via ssh: ' +
        [
          '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
          '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
          '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
          'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
          'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
          'It is also possible that a host key has just been changed.',
          `The fingerprint for the ED25519 key sent by the remote host is\n${fp}.`,
          'Please contact your system administrator.',
          `Add correct host key in ${file} to get rid of this message.`,
          `Offending ED25519 key in ${file}:2`,
          '  remove with:',
          `  ssh-keygen -f "${file}" -R "${name}"`,
          `Host key for ${name} has changed and you have requested strict checking.`,
          'Host key verification failed.',
        ].join('\r\n'),
    )
  })

  it('accepts entries hashed by ssh-keygen -H', async () => {
    const file = knownHostsFile(lab(), [knownHostsLine(host1())])
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    expect(readFileSync(file, 'utf8')).toMatch(/^\|1\|/)
    expect(await whoami(sshOptions(lab(), host1(), { knownHostsFile: file }))).toBe(user().name)
  })

  it('with host_key_checking off, connects anyway and records an unknown key as ssh does', async () => {
    const changed = knownHostsFile(lab(), [`[127.0.0.1]:${host1().port} ${host2().hostPublicKey}`])
    expect(await whoami(sshOptions(lab(), host1(), { knownHostsFile: changed, hostKeyChecking: false }))).toBe(user().name)
    const empty = knownHostsFile(lab(), [])
    expect(await whoami(sshOptions(lab(), host1(), { knownHostsFile: empty, hostKeyChecking: false }))).toBe(user().name)
    expect(readFileSync(empty, 'utf8')).toBe(`${knownHostsLine(host1())}\n`)
    // ssh itself accepts what was recorded.
    const out = execFileSync('ssh', ['-o', `UserKnownHostsFile=${empty}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-i', lab().clientKeyFile, '-p', String(host1().port), `${user().name}@127.0.0.1`, 'echo ok'], { encoding: 'utf8' })
    expect(out).toBe('ok\n')
  })
})

describe('ssh config and ProxyJump', () => {
  let config: string
  beforeAll(() => {
    config = join(lab().dir, 'ssh_config')
    writeFileSync(
      config,
      [
        'Host tsible-*',
        '  HostName 127.0.0.1',
        `  User ${user().name}`,
        `  IdentityFile ${lab().clientKeyFile}`,
        'Host tsible-one',
        `  Port ${host1().port}`,
        'Host tsible-two !tsible-one',
        `  Port=${host2().port}`,
        '  ProxyJump tsible-one',
        'Host *',
        '  User nobody',
        '  Port 1',
        '',
      ].join('\n'),
    )
  })
  const viaConfig = (host: string, extra: Partial<SshConnectionOptions> = {}): SshConnectionOptions => ({
    ...sshOptions(lab(), host1(), { host, sshConfigFile: config, knownHostsFile: knownHostsFile(lab(), [knownHostsLine(host1()), knownHostsLine(host2())]) }),
    port: undefined,
    user: undefined,
    privateKeyFile: undefined,
    ...extra,
  })

  it('takes HostName, Port, User and IdentityFile from matching Host sections', async () => {
    expect(await whoami(viaConfig('tsible-one'))).toBe(user().name)
    // Ansible's own settings come first (they are -o options on ssh's command line).
    expect(await whoami(viaConfig('tsible-one', { user: lab().users.noPassword.name }))).toBe(lab().users.noPassword.name)
  })

  it('reaches a host through its ProxyJump host, over one forwarded channel', async () => {
    const jump = sshdCounts(host1())
    const target = sshdCounts(host2())
    const c = new SshConnection(viaConfig('tsible-two'))
    try {
      expect((await c.exec('whoami')).stdout).toBe(`${user().name}\n`)
      await c.exec('true')
    } finally {
      await c.close()
    }
    expect(sshdCounts(host1()).forwards - jump.forwards).toBe(1)
    expect(sshdCounts(host1()).sessions - jump.sessions).toBe(0)
    // Both commands went through the connection's one persistent shell session.
    expect(sshdCounts(host2()).sessions - target.sessions).toBe(1)
  })

  it('takes ProxyJump from ansible_ssh_common_args, and reports a target the jump host cannot reach', async () => {
    const args = `-o ProxyJump=${user().name}@127.0.0.1:${host1().port}`
    // As with ssh -J, the hop does not get the target's -i key: it finds its own in the config.
    const keys = join(lab().dir, 'ssh_config_keys')
    writeFileSync(keys, `Host *\n  IdentityFile ${lab().clientKeyFile}\n`)
    const hosts = knownHostsFile(lab(), [knownHostsLine(host1()), knownHostsLine(host2())])
    const direct = sshOptions(lab(), host2(), { sshCommonArgs: args, knownHostsFile: hosts, sshConfigFile: keys })
    expect(await failure({ ...direct, sshConfigFile: false })).toMatch(/Permission denied \(publickey,password\)/)
    const before = sshdCounts(host1()).forwards
    expect(await whoami(direct)).toBe(user().name)
    expect(sshdCounts(host1()).forwards - before).toBe(1)
    const port = await freePort()
    expect(await failure({ ...direct, port })).toBe(
      'Failed to connect to the host via ssh: channel 0: open failed: connect failed: Connection refused\r\n' +
        'stdio forwarding failed\r\nkex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535',
    )
  })

  it('connects through a ProxyCommand (ssh -W over the other host), and reports one that dies', async () => {
    const hosts = knownHostsFile(lab(), [knownHostsLine(host1()), knownHostsLine(host2())])
    const jumpSsh = `ssh -q -o BatchMode=yes -o UserKnownHostsFile=${hosts} -i ${lab().clientKeyFile} -p ${host1().port} -W %h:%p ${user().name}@127.0.0.1`
    const before = sshdCounts(host1()).forwards
    const options = sshOptions(lab(), host2(), { knownHostsFile: hosts, sshCommonArgs: `-o ProxyCommand="${jumpSsh}"` })
    expect(await whoami(options)).toBe(user().name)
    expect(sshdCounts(host1()).forwards - before).toBe(1)
    expect(await failure({ ...options, sshCommonArgs: `-o 'ProxyCommand=echo oops >&2; exit 1'` })).toBe(
      'Failed to connect to the host via ssh: oops\nkex_exchange_identification: Connection closed by remote host\r\nConnection closed by UNKNOWN port 65535',
    )
  })
})

describe('connectSsh (the connection pool\'s factory)', () => {
  it('returns a connected SshConnection, and makes bad settings a ConnectionFailure', async () => {
    const o = sshOptions(lab(), host1())
    const c = await connectSsh({ ...o, timeout: Number.NaN }, { hostKeyChecking: true })
    try {
      expect(c.stats.connects).toBe(1)
      expect(c.target.connectTimeoutMs).toBe(10_000)
    } finally {
      await c.close()
    }
    const bad = await connectSsh({ ...o, sshCommonArgs: '-o "ProxyJump=unclosed' }).then(() => undefined, (e: unknown) => e)
    expect(bad).toBeInstanceOf(ConnectionFailure)
    expect((bad as Error).message).toMatch(/^Failed to connect to the host via ssh: No closing quotation/)
  })
})
