/**
 * The become wrapping against ansible-core 2.14's sudo and su plugins: the expected
 * strings were printed by `become_loader.get(name).build_become_command("echo hi 'x'",
 * sh)` with the become id fixed to the key below and the shell executable /bin/sh.
 */
import { describe, expect, it } from 'vitest'
import { becomeFailure, wrapBecome } from '../../../src/connection/ssh-become.js'
import type { BecomeOptions } from '../../../src/connection/types.js'

const KEY = 'abcdefghijklmnopqrstuvwxyzabcdef'
const CMD = "echo hi 'x'"

const ANSIBLE: Array<[BecomeOptions, string]> = [
  [{ method: 'sudo', user: 'root' }, `sudo -H -S -n  -u root /bin/sh -c 'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'x'"'"''`],
  [
    { method: 'sudo', user: 'root', password: 'pw' },
    `sudo -H -S -p "[sudo via ansible, key=${KEY}] password:" -u root /bin/sh -c 'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'x'"'"''`,
  ],
  [
    { method: 'sudo', user: 'app', password: 'pw', flags: '-HSn -E --non-interactive' },
    `sudo -HS -E -p "[sudo via ansible, key=${KEY}] password:" -u app /bin/sh -c 'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'x'"'"''`,
  ],
  [
    { method: 'sudo', user: 'root', exe: '/usr/local/bin/sudo', flags: '-n' },
    `/usr/local/bin/sudo -n  -u root /bin/sh -c 'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'x'"'"''`,
  ],
  [
    { method: 'su', user: 'bob' },
    `su  bob -c '/bin/sh -c '"'"'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'"'"'"'"'"'"'x'"'"'"'"'"'"'"'"''"'"''`,
  ],
  [
    { method: 'su', user: 'bob', flags: '-l', password: 'x' },
    `su -l bob -c '/bin/sh -c '"'"'echo BECOME-SUCCESS-${KEY} ; echo hi '"'"'"'"'"'"'"'"'x'"'"'"'"'"'"'"'"''"'"''`,
  ],
]

describe('wrapBecome', () => {
  it.each(ANSIBLE)('builds what Ansible builds for %j', (become, expected) => {
    expect(wrapBecome(CMD, become, KEY).command).toBe(expected)
  })

  it('draws a fresh key each time, and treats an empty password as none (as Ansible does)', () => {
    const a = wrapBecome(CMD, { method: 'sudo', user: 'root' })
    const b = wrapBecome(CMD, { method: 'sudo', user: 'root' })
    expect(a.marker).toMatch(/^BECOME-SUCCESS-[a-z]{32}$/)
    expect(a.marker).not.toBe(b.marker)
    expect(wrapBecome(CMD, { method: 'sudo', user: 'root', password: '' }, KEY).command).toBe(ANSIBLE[0][1])
  })

  it('quotes a become user that would otherwise inject', () => {
    expect(wrapBecome('id', { method: 'sudo', user: 'x; rm -rf /' }, KEY).command).toContain(`-u 'x; rm -rf /' `)
  })

  it('recognises its own sudo prompt and the localised su prompts', () => {
    const sudo = wrapBecome(CMD, { method: 'sudo', user: 'root', password: 'pw' }, KEY)
    expect(sudo.isPrompt(`[sudo via ansible, key=${KEY}] password:`)).toBe(true)
    expect(sudo.isPrompt('[sudo] password for bob:')).toBe(false)
    const su = wrapBecome(CMD, { method: 'su', user: 'bob' }, KEY)
    for (const p of ['Password: ', 'Passwort:', "bob's Password:", 'Пароль: ', '密码：']) expect(su.isPrompt(p)).toBe(true)
    expect(su.isPrompt('Password changed')).toBe(false)
  })
})

describe('becomeFailure', () => {
  const sudo = (password?: string) => wrapBecome(CMD, { method: 'sudo', user: 'root', password }, KEY)
  it('reads sudo and su output as Ansible does', () => {
    expect(becomeFailure(sudo(), 'sudo: a password is required\n', 0)?.message).toBe('Missing sudo password')
    expect(becomeFailure(sudo('pw'), 'prompt Sorry, try again.\nprompt', 2)?.message).toBe('Incorrect sudo password')
    expect(becomeFailure(sudo(), 'sudo: unknown user nobody2\n', 0)).toBeUndefined()
    const su = wrapBecome(CMD, { method: 'su', user: 'bob', password: 'x' }, KEY)
    expect(becomeFailure(su, 'Password: su: Authentication failure\n', 1)?.message).toBe('Incorrect su password')
    expect(becomeFailure(wrapBecome(CMD, { method: 'su', user: 'bob' }, KEY), 'Password: ', 1)?.message).toBe('Missing su password')
  })
})
