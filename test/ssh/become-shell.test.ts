/**
 * The privileged persistent shell: every command with the same become runs in one
 * shell started once through sudo/su (its password prompt answered once), with the
 * environment sudo/su give a command of their own, Ansible's errors for a wrong or
 * missing password, and a new shell when the old one dies.
 */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BecomeError } from '../../src/connection/ssh-errors.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import { shellJoin, type BecomeOptions } from '../../src/connection/types.js'
import { sshdCounts } from '../helpers/sshd.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
const open: SshConnection[] = []
const as = (user: string, timeout?: number): SshConnection => {
  const c = sshTo(lab(), lab().hosts[0], { user, ...(timeout ? { timeout } : {}) })
  open.push(c)
  return c
}
let dir: string
beforeAll(async () => {
  dir = (await as('root').exec('d=$(mktemp -d /tmp/tsible-become-shell-XXXXXX) && chmod 0777 "$d" && echo "$d"')).stdout.trim()
})
afterAll(async () => {
  await as('root').exec(`rm -rf ${dir}`)
  await Promise.all(open.map((c) => c.close()))
})

const becomeError = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(BecomeError)
  return (e as BecomeError).message
}

/** The pid of the shell a command runs in (its parent), and that shell's parent's name. */
const shellOf = async (c: SshConnection, become: BecomeOptions): Promise<{ pid: string; parent: string }> => {
  const res = await c.exec('p=$PPID; echo $p; ps -o comm= -p $(ps -o ppid= -p $p)', { become })
  expect(res.rc, res.stderr).toBe(0)
  const [pid, parent] = res.stdout.trim().split('\n')
  return { pid, parent }
}

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** `NAME=value` lines of an env listing, without what differs between any two commands. */
const envOf = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '' && !/^(SUDO_COMMAND|_|SHLVL|OLDPWD)=/.test(l))
    .sort()

describe('one privileged shell per become', () => {
  it('sudo with a password: the prompt is answered once, every command runs in the same root shell', async () => {
    const { name, password } = lab().users.withPassword
    const before = sshdCounts(lab().hosts[0]).sessions
    const c = as(name)
    const become: BecomeOptions = { method: 'sudo', user: 'root', password }
    const first = await shellOf(c, become)
    expect(first.parent).toBe('sudo')
    for (let i = 0; i < 3; i++) expect(await shellOf(c, become)).toEqual(first)
    expect((await c.exec('id -un; cat', { become, stdin: 'in' })).stdout).toBe('root\nin')
    // One session channel for all of them: no sshd fork, no new sudo per command.
    expect(c.stats.channels).toBe(1)
    expect(sshdCounts(lab().hosts[0]).sessions - before).toBe(1)
    // The plain shell is a shell of its own, as the login user.
    expect((await c.exec('id -un')).stdout).toBe(`${name}\n`)
    expect(c.stats.channels).toBe(2)
  })

  it('sudo without a password (NOPASSWD), and one shell per become user', async () => {
    const c = as(lab().users.noPassword.name)
    const root = await shellOf(c, { method: 'sudo', user: 'root' })
    expect(await shellOf(c, { method: 'sudo', user: 'root' })).toEqual(root)
    const other = { method: 'sudo', user: lab().users.withPassword.name } as const
    expect((await c.exec('id -un', { become: other })).stdout).toBe(`${lab().users.withPassword.name}\n`)
    expect((await shellOf(c, other)).pid).not.toBe(root.pid)
    expect(c.stats.channels).toBe(2)
  })

  it('su with a password, in one shell', async () => {
    const target = lab().users.withPassword
    const c = as(lab().users.noPassword.name)
    const become: BecomeOptions = { method: 'su', user: target.name, password: target.password }
    const first = await shellOf(c, become)
    expect(first.parent).toBe('su')
    expect(await shellOf(c, become)).toEqual(first)
    expect((await c.exec('id -un', { become })).stdout).toBe(`${target.name}\n`)
    expect(c.stats.channels).toBe(1)
  })

  it('a wrong password fails every time it is tried, and the right one works on the same connection', async () => {
    const { name, password } = lab().users.withPassword
    const c = as(name)
    const wrong: BecomeOptions = { method: 'sudo', user: 'root', password: 'wrong' }
    expect(await becomeError(c.exec('id', { become: wrong }))).toBe('Incorrect sudo password')
    expect(await becomeError(c.exec('id', { become: wrong }))).toBe('Incorrect sudo password')
    expect(await becomeError(c.exec('id', { become: { method: 'sudo', user: 'root' } }))).toBe('Missing sudo password')
    expect((await c.exec('id -un', { become: { method: 'sudo', user: 'root', password } })).stdout).toBe('root\n')
    expect(c.stats.connects).toBe(1)
  })

  it('times out as Ansible does when sudo/su never prompts nor starts', async () => {
    const c = as(lab().users.noPassword.name, 1)
    // An "exe" that hangs: the rest of the become command line is a comment to it.
    const hang: BecomeOptions = { method: 'sudo', user: 'root', exe: 'sleep 30 #' }
    expect(await becomeError(c.exec('id', { become: hang }))).toBe('Timeout (3s) waiting for privilege escalation prompt: ')
    expect((await c.exec('echo still')).stdout).toBe('still\n')
  })

  it('a privileged shell killed mid-command ends that command as killed, and the next command gets a new shell', async () => {
    const c = as(lab().users.noPassword.name)
    const become: BecomeOptions = { method: 'sudo', user: 'root' }
    const before = await shellOf(c, become)
    const mark = `${dir}/killed-shell`
    const running = c.exec(`echo $PPID > ${mark}; sleep 20; echo never`, { become })
    await until('the command to start', () => existsSync(mark) && readFileSync(mark, 'utf8').endsWith('\n'))
    const shellPid = Number(readFileSync(mark, 'utf8').trim())
    expect(String(shellPid)).toBe(before.pid)
    process.kill(shellPid, 'SIGKILL')
    const res = await running
    expect(res.rc).toBe(137)
    expect(res.stdout).toBe('')
    const after = await shellOf(c, become)
    expect(after.pid).not.toBe(before.pid)
    expect(after.parent).toBe('sudo')
    expect(c.stats.connects).toBe(1)
  })

  it('the plain shell killed mid-command: the same', async () => {
    const c = as(lab().users.noPassword.name)
    const mark = `${dir}/killed-plain`
    const running = c.exec(`echo $PPID > ${mark}; sleep 20; echo never`)
    await until('the command to start', () => existsSync(mark) && readFileSync(mark, 'utf8').endsWith('\n'))
    process.kill(Number(readFileSync(mark, 'utf8').trim()), 'SIGKILL')
    expect((await running).rc).toBe(137)
    expect((await c.exec('echo again')).stdout).toBe('again\n')
    expect(c.stats).toMatchObject({ connects: 1, channels: 2 })
  })
})

describe('the become user\'s environment', () => {
  it('is what sudo gives a command of its own (Ansible runs `sudo -H -S -n -u USER /bin/sh -c ...`)', async () => {
    const c = as(lab().users.noPassword.name)
    for (const user of ['root', lab().users.withPassword.name]) {
      const own = await c.exec(shellJoin(['sudo', '-H', '-S', '-n', '-u', user, '/bin/sh', '-c', 'env']))
      expect(own.rc, own.stderr).toBe(0)
      const shell = await c.exec('env', { become: { method: 'sudo', user } })
      expect(envOf(shell.stdout)).toEqual(envOf(own.stdout))
      expect(envOf(shell.stdout)).toContain(`USER=${user}`)
      expect(envOf(shell.stdout)).toContain(`HOME=${user === 'root' ? '/root' : lab().users.withPassword.home}`)
    }
  })

  it('is what su gives a command of its own', async () => {
    const c = as('root')
    const user = lab().users.withPassword.name
    const own = await c.exec(shellJoin(['su', user, '-c', 'env']))
    expect(own.rc, own.stderr).toBe(0)
    const shell = await c.exec('env', { become: { method: 'su', user } })
    expect(envOf(shell.stdout)).toEqual(envOf(own.stdout))
    expect(envOf(shell.stdout)).toContain(`HOME=${lab().users.withPassword.home}`)
  })
})
