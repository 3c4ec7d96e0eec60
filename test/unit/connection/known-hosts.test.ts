/**
 * known_hosts lookups and verdicts, with OpenSSH's ssh-keygen as the oracle: which
 * names a file holds (`ssh-keygen -F`), hashing (`ssh-keygen -H`) and fingerprints
 * (`ssh-keygen -l`). Keys are generated per run.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addKnownHost,
  fingerprint,
  hostKeyChangedMessage,
  keyTypeOfBlob,
  knownHostName,
  knownKeyTypes,
  readKnownHosts,
  verifyHostKey,
} from '../../../src/connection/known-hosts.js'

let dir: string
const keys: Record<string, { line: string; blob: Buffer; pub: string }> = {}

function keygen(name: string, type: string): void {
  const file = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', '', '-f', file])
  const line = readFileSync(`${file}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ')
  keys[name] = { line, blob: Buffer.from(line.split(' ')[1], 'base64'), pub: `${file}.pub` }
}

const found = (file: string, name: string): boolean => {
  try {
    execFileSync('ssh-keygen', ['-F', name, '-f', file], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tsible-kh-unit-'))
  keygen('ed1', 'ed25519')
  keygen('ed2', 'ed25519')
  keygen('ec', 'ecdsa')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('which names a file holds, as ssh-keygen -F sees it', () => {
  const names = ['a.example.com', 'bad.example.com', 'A.EXAMPLE.COM', '[10.0.0.5]:2222', '10.0.0.5', 'host-a', 'host-[ab]', 'other', 'plain', 'nothing']
  it.each(names)('%s', (name) => {
    const file = join(dir, 'patterns')
    writeFileSync(
      file,
      [
        `*.example.com,!bad.example.com ${keys.ed1.line}`,
        `[10.0.0.?]:2222 ${keys.ed1.line}`,
        `host-[ab] ${keys.ed1.line}`,
        `plain,other ${keys.ed1.line} comment here`,
        '',
      ].join('\n'),
    )
    expect(readKnownHosts(file, name).length > 0).toBe(found(file, name))
  })

  it('finds entries hashed by ssh-keygen -H, and ssh-keygen finds the ones we hash', () => {
    const file = join(dir, 'hashed')
    writeFileSync(file, `[127.0.0.1]:2200 ${keys.ed1.line}\nserver1 ${keys.ed2.line}\n`)
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    expect(readFileSync(file, 'utf8')).not.toContain('server1')
    expect(readKnownHosts(file, '[127.0.0.1]:2200').map((e) => e.key)).toEqual([keys.ed1.line.split(' ')[1]])
    expect(readKnownHosts(file, 'server1')).toHaveLength(1)
    expect(readKnownHosts(file, 'server2')).toHaveLength(0)
    const ours = join(dir, 'ours')
    addKnownHost(ours, 'new-host', keys.ec.blob, true)
    addKnownHost(ours, '[new-host]:2222', keys.ed1.blob, false)
    expect(readFileSync(ours, 'utf8')).toMatch(/^\|1\|[^|]+\|[^ ]+ ecdsa-sha2-nistp256 /)
    expect(found(ours, 'new-host')).toBe(true)
    expect(found(ours, '[new-host]:2222')).toBe(true)
    expect(found(ours, 'other-host')).toBe(false)
  })
})

describe('verifyHostKey', () => {
  it('matches, mismatches (same type only), revokes and ignores other types', () => {
    const file = join(dir, 'verdicts')
    writeFileSync(file, `# c\nsrv ${keys.ed1.line}\n@revoked * ${keys.ed2.line}\nsrv2 ${keys.ec.line}\n`)
    expect(verifyHostKey([file], 'srv', keys.ed1.blob)).toMatchObject({ status: 'match', entry: { line: 2 } })
    expect(verifyHostKey([file], 'srv', keys.ed2.blob)).toMatchObject({ status: 'revoked', entry: { line: 3 } })
    expect(verifyHostKey([file], 'srv2', keys.ed1.blob)).toEqual({ status: 'unknown' })
    expect(verifyHostKey([join(dir, 'missing'), file], 'unknown-host', keys.ed1.blob)).toEqual({ status: 'unknown' })
    writeFileSync(file, `srv ${keys.ed1.line}\n`)
    expect(verifyHostKey([file], 'srv', Buffer.from(keys.ed2.line.split(' ')[1], 'base64'))).toMatchObject({ status: 'mismatch', entry: { line: 1 } })
    expect(knownKeyTypes([file], 'srv')).toEqual(['ssh-ed25519'])
  })

  it('names hosts and keys as ssh does', () => {
    expect(knownHostName('h', 22)).toBe('h')
    expect(knownHostName('h', 2222)).toBe('[h]:2222')
    expect(keyTypeOfBlob(keys.ec.blob)).toBe('ecdsa-sha2-nistp256')
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', keys.ec.pub], { encoding: 'utf8' }).split(' ')[1]
    expect(fingerprint(keys.ec.blob)).toBe(printed)
    const msg = hostKeyChangedMessage('[h]:2', keys.ec.blob, { file: '/kh', line: 4, keyType: 'ecdsa-sha2-nistp256', key: '' })
    expect(msg).toContain(`The fingerprint for the ECDSA key sent by the remote host is\n${printed}.\r\n`)
    expect(msg).toContain('Offending ECDSA key in /kh:4\r\n')
    expect(msg.endsWith('Host key for [h]:2 has changed and you have requested strict checking.\r\nHost key verification failed.')).toBe(true)
  })
})
