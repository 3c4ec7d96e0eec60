/**
 * ssh config reading and connection settings, checked against OpenSSH itself: the
 * expected values were printed by `ssh -G -F <config> <host>` (OpenSSH 9.2), and are
 * compared with a live `ssh -G` too when the ssh client is installed.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchHostPattern, matchHostPatternList, readSshConfig } from '../../../src/connection/ssh-config.js'
import { parseSshArgs, resolveSshTarget, shellSplit } from '../../../src/connection/ssh-settings.js'

let dir: string
let config: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsible-sshcfg-'))
  mkdirSync(join(dir, 'conf.d'))
  config = join(dir, 'config')
  writeFileSync(join(dir, 'conf.d', '10-db.conf'), 'Host db\n  IdentityFile /keys/db-included\n')
  writeFileSync(
    config,
    [
      '# comment',
      'Host web-* !web-bad',
      '  HostName %h.internal',
      '  User deploy',
      '  IdentityFile /keys/%r-%h',
      'Host web-1',
      '  Port 2201',
      '  User ignored',
      'Host db',
      '  HostName=10.1.2.3',
      '  ProxyJump "jump@bastion:2222,second"',
      '  IdentityFile /keys/db',
      `Include ${join(dir, 'conf.d', '*.conf')}`,
      'Host bastion',
      '  HostName 192.0.2.10',
      '  User hopper',
      'Match all',
      '  ConnectTimeout 7',
      'Host *',
      '  Port 2022',
      '  StrictHostKeyChecking accept-new',
      '',
    ].join('\n'),
  )
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('host patterns', () => {
  it.each([
    ['web-1', 'web-*', true],
    ['WEB-1', 'web-*', true],
    ['web-10', 'web-?', false],
    ['a.b.c', '*.c', true],
    ['10.0.0.5', '10.0.0.?', true],
    ['host-[ab]', 'host-[ab]', true],
    ['host-a', 'host-[ab]', false],
  ])('%s against %s', (name, pattern, want) => {
    expect(matchHostPattern(name, pattern)).toBe(want)
  })

  it('lets a negation rule a name out whatever else matches', () => {
    expect(matchHostPatternList('web-bad', ['web-*', '!web-bad'])).toBe(false)
    expect(matchHostPatternList('web-ok', ['web-*', '!web-bad'])).toBe(true)
    expect(matchHostPatternList('db', ['!web-bad'])).toBeUndefined()
  })
})

// What `ssh -G -F config <host>` printed for the keywords below.
const SSH_G: Record<string, Record<string, string | string[]>> = {
  'web-1': { hostname: 'web-1.internal', user: 'deploy', port: '2201', identityfile: ['/keys/%r-%h'], connecttimeout: '7', stricthostkeychecking: 'accept-new' },
  'web-bad': { hostname: 'web-bad', user: userInfo().username, port: '2022', connecttimeout: '7', stricthostkeychecking: 'accept-new' },
  db: {
    hostname: '10.1.2.3',
    user: userInfo().username,
    port: '2022',
    identityfile: ['/keys/db', '/keys/db-included'],
    proxyjump: 'jump@bastion:2222,second',
    connecttimeout: '7',
    stricthostkeychecking: 'accept-new',
  },
}

function liveSshG(host: string): Record<string, string | string[]> | undefined {
  let out: string
  try {
    out = execFileSync('ssh', ['-G', '-F', config, host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return undefined
  }
  const got: Record<string, string | string[]> = {}
  for (const line of out.split('\n')) {
    const [k, ...rest] = line.split(' ')
    const v = rest.join(' ').replace(/^"(.*)"$/, '$1')
    if (k === 'identityfile') (got[k] = (got[k] as string[] | undefined) ?? []).push(v)
    else if (k) got[k] = v
  }
  return got
}

describe('readSshConfig, as ssh -G resolves it', () => {
  it.each(Object.keys(SSH_G))('%s', (host) => {
    const values = readSshConfig([{ path: config }], host, dir)
    const expected = SSH_G[host]
    const mine = {
      hostname: values.hostname ? values.hostname.replace('%h', host) : host,
      user: values.user ?? userInfo().username,
      port: values.port ?? '22',
      identityfile: values.identityfile,
      proxyjump: values.proxyjump,
      connecttimeout: values.connecttimeout,
      stricthostkeychecking: values.stricthostkeychecking,
    }
    expect(mine).toEqual({ identityfile: undefined, proxyjump: undefined, ...expected })
    const live = liveSshG(host)
    if (live) {
      for (const [k, v] of Object.entries(expected)) expect(live[k], k).toEqual(v)
    }
  })
})

describe('resolveSshTarget', () => {
  const base = () => ({ sshConfigFile: config, systemSshConfigFile: false as const, homeDir: dir, agentSocket: undefined })

  it("puts Ansible's own settings before the extra args, and both before the config", () => {
    const t = resolveSshTarget({ ...base(), host: 'web-1', user: 'ansible', sshCommonArgs: '-o User=fromargs -p 2999 -o ConnectTimeout=3', timeout: 9 })
    expect(t).toMatchObject({ alias: 'web-1', host: 'web-1.internal', user: 'ansible', port: 2999, connectTimeoutMs: 9000 })
    expect(t.identityFiles).toEqual(['/keys/ansible-web-1.internal'])
    const args = resolveSshTarget({ ...base(), host: 'web-1', sshExtraArgs: '-l fromargs -i /k/extra' })
    expect(args).toMatchObject({ user: 'fromargs', port: 2201, connectTimeoutMs: 7000 })
    expect(args.identityFiles).toEqual(['/k/extra', '/keys/fromargs-web-1.internal'])
  })

  it('resolves each ProxyJump hop through the config too', () => {
    const t = resolveSshTarget({ ...base(), host: 'db', privateKeyFile: '/k/target' })
    expect(t.jumps.map((j) => [j.alias, j.host, j.user, j.port])).toEqual([
      ['bastion', '192.0.2.10', 'jump', 2222],
      ['second', 'second', userInfo().username, 2022],
    ])
    expect(t.jumps[0].identityFiles).toEqual([join(dir, '.ssh', 'id_rsa'), join(dir, '.ssh', 'id_ecdsa'), join(dir, '.ssh', 'id_ed25519')])
    expect(resolveSshTarget({ ...base(), host: 'db', sshCommonArgs: '-J none' }).jumps).toEqual([])
    const proxied = resolveSshTarget({ ...base(), host: 'web-1', user: 'u', sshCommonArgs: '-o "ProxyCommand=ssh -W %h:%p %r@gw %%"' })
    expect(proxied.proxyCommand).toBe('ssh -W web-1.internal:2201 u@gw %')
    expect(resolveSshTarget({ ...base(), host: 'x', sshCommonArgs: '-J u@[::1]:2200' }).jumps[0]).toMatchObject({ host: '::1', user: 'u', port: 2200 })
  })

  it('maps host key checking and known_hosts files as ssh does', () => {
    expect(resolveSshTarget({ ...base(), host: 'x' }).strictHostKeyChecking).toBe('accept-new')
    expect(resolveSshTarget({ ...base(), host: 'x', hostKeyChecking: false }).strictHostKeyChecking).toBe('no')
    const plain = resolveSshTarget({ host: 'x', sshConfigFile: false, systemSshConfigFile: false, homeDir: dir })
    expect(plain.strictHostKeyChecking).toBe('yes')
    expect(plain.userKnownHostsFiles).toEqual([join(dir, '.ssh/known_hosts'), join(dir, '.ssh/known_hosts2')])
    expect(plain).toMatchObject({ port: 22, user: userInfo().username, connectTimeoutMs: 10_000, hashKnownHosts: false })
    const args = resolveSshTarget({ ...base(), host: 'x', sshCommonArgs: "-o 'UserKnownHostsFile=/dev/null' -o StrictHostKeyChecking=no" })
    expect(args).toMatchObject({ userKnownHostsFiles: ['/dev/null'], strictHostKeyChecking: 'no' })
  })

  it('reads only the -F file when the args name one', () => {
    const other = join(dir, 'other')
    writeFileSync(other, 'Host *\n  User fromF\n')
    expect(resolveSshTarget({ ...base(), host: 'web-1', sshCommonArgs: `-F ${other}` }).user).toBe('fromF')
  })
})

describe('shellSplit and parseSshArgs', () => {
  // Python's shlex.split of each left-hand side.
  it.each([
    ['-o ProxyJump=a@b:22 -C', ['-o', 'ProxyJump=a@b:22', '-C']],
    ['-o "ProxyCommand=ssh -W %h:%p -q jump"', ['-o', 'ProxyCommand=ssh -W %h:%p -q jump']],
    ["-o 'UserKnownHostsFile /dev/null'", ['-o', 'UserKnownHostsFile /dev/null']],
    ['a\\ b "c\\"d" e\'\'f', ['a b', 'c"d', 'ef']],
    ['  -J  x,y  ', ['-J', 'x,y']],
    ['"\\$HOME"', ['\\$HOME']],
  ])('%s', (text, words) => {
    expect(shellSplit(text)).toEqual(words)
  })

  it('rejects an unclosed quote', () => {
    expect(() => shellSplit('-o "oops')).toThrow(/No closing quotation/)
  })

  it('reads -o in its three spellings and the short options', () => {
    expect(parseSshArgs('-oUser=a -o Port=1 -o "IdentityFile /k1" -i /k2 -J j -F /cfg -C -v').values).toEqual({
      user: 'a',
      port: '1',
      identityfile: ['/k1', '/k2'],
      proxyjump: 'j',
    })
    expect(parseSshArgs('-o ServerAliveInterval 30 -l u').values).toEqual({ serveraliveinterval: '30', user: 'u' })
    expect(parseSshArgs('-F /cfg').configFile).toBe('/cfg')
  })
})
