/**
 * sudo and su over SSH without a TTY: the password goes in only at the prompt, the
 * command's stdin only after escalation succeeded, and failures read as Ansible's.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { BecomeError } from '../../src/connection/ssh-errors.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import type { BecomeOptions } from '../../src/connection/types.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
const open: SshConnection[] = []
const as = (user: string): SshConnection => {
  const c = sshTo(lab(), lab().hosts[0], { user })
  open.push(c)
  return c
}
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()))
})

const becomeError = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(BecomeError)
  return (e as BecomeError).message
}

describe('sudo', () => {
  it('answers the password prompt, then runs with stdin, env and cwd as root', async () => {
    const { name, password } = lab().users.withPassword
    const c = as(name)
    const become: BecomeOptions = { method: 'sudo', user: 'root', password }
    const res = await c.exec('id -un; pwd; printf "%s|" "$V"; cat', { become, stdin: 'in\nput', env: { V: "it's $(x)" }, cwd: '/root' })
    expect(res).toEqual({ rc: 0, stdout: "root\n/root\nit's $(x)|in\nput", stderr: '' })
    // Every call asks again (no TTY ticket to reuse); still nothing of sudo's shows.
    const again = await c.exec('id -u; echo oops >&2; exit 4', { become })
    expect(again).toEqual({ rc: 4, stdout: '0\n', stderr: 'oops\n' })
  })

  it('becomes a user other than root', async () => {
    const { name, password } = lab().users.withPassword
    const res = await as(name).exec('id -un', { become: { method: 'sudo', user: lab().users.noPassword.name, password } })
    expect(res.stdout).toBe(`${lab().users.noPassword.name}\n`)
  })

  it('with NOPASSWD, runs without a password, and a given one never reaches stdin', async () => {
    const c = as(lab().users.noPassword.name)
    expect((await c.exec('id -un', { become: { method: 'sudo', user: 'root' } })).stdout).toBe('root\n')
    const res = await c.exec('cat', { become: { method: 'sudo', user: 'root', password: 'unused secret' }, stdin: 'only this' })
    expect(res.stdout).toBe('only this')
  })

  it('fails with "Missing sudo password" and "Incorrect sudo password"', async () => {
    const c = as(lab().users.withPassword.name)
    expect(await becomeError(c.exec('id', { become: { method: 'sudo', user: 'root' } }))).toBe('Missing sudo password')
    expect(await becomeError(c.exec('id', { become: { method: 'sudo', user: 'root', password: 'wrong' }, stdin: 'not a password\n' }))).toBe(
      'Incorrect sudo password',
    )
    // The connection is still good afterwards.
    expect((await c.exec('echo fine')).stdout).toBe('fine\n')
  })

  it('leaves sudo\'s own refusal as the command result', async () => {
    const c = as(lab().users.noPassword.name)
    const res = await c.exec('id', { become: { method: 'sudo', user: 'no-such-user-x' } })
    expect(res.rc).not.toBe(0)
    expect(res.stderr).toContain('unknown user no-such-user-x')
  })

  it('uses become flags and exe as given', async () => {
    const c = as(lab().users.noPassword.name)
    const group = lab().users.withPassword.name
    const res = await c.exec('id -un; id -gn', { become: { method: 'sudo', user: 'root', flags: `-n -g ${group}`, exe: '/usr/bin/sudo' } })
    expect(res.stdout).toBe(`root\n${group}\n`)
  })
})

describe('su', () => {
  it('switches user from root without a password, and with one from another user', async () => {
    const target = lab().users.withPassword
    expect((await as('root').exec('id -un; cat', { become: { method: 'su', user: target.name }, stdin: 'x' })).stdout).toBe(`${target.name}\nx`)
    const c = as(lab().users.noPassword.name)
    const res = await c.exec('id -un; cat', { become: { method: 'su', user: target.name, password: target.password }, stdin: 'y' })
    expect(res).toEqual({ rc: 0, stdout: `${target.name}\ny`, stderr: '' })
  })

  it('fails with "Incorrect su password" and "Missing su password"', async () => {
    const c = as(lab().users.noPassword.name)
    const target = lab().users.withPassword.name
    expect(await becomeError(c.exec('id', { become: { method: 'su', user: target, password: 'wrong' } }))).toBe('Incorrect su password')
    expect(await becomeError(c.exec('id', { become: { method: 'su', user: target } }))).toBe('Missing su password')
  })
})
