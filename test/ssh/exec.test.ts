/**
 * SshConnection.exec against a real sshd: stdin, env, cwd, exit codes, quoting that
 * cannot inject, timeouts, and one connection carrying many operations.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { ExecTimeoutError, SshUsageError } from '../../src/connection/ssh-errors.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import { sshdCounts } from '../helpers/sshd.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
const open: SshConnection[] = []
const connect = (): SshConnection => {
  const c = sshTo(lab(), lab().hosts[0])
  open.push(c)
  return c
}
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()))
})

/** Processes running exactly `sleep 30` or `sleep 31`, from /proc (procps may be absent). */
function sleepers(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8')
      } catch {
        return ''
      }
    })
    .filter((cmd) => cmd === 'sleep\x0030\x00' || cmd === 'sleep\x0031\x00')
}

const NASTY = [`it's`, `"double" \\ back`, '$(touch /tmp/tsible-injected)', '`touch /tmp/tsible-injected`', 'a\nb\n', '; rm -rf /nope', '$HOME ${PATH}', '*', '', 'ünï €']

describe('exec', () => {
  it('runs as the login user with /bin/sh, returning rc, stdout and stderr', async () => {
    const c = connect()
    const res = await c.exec('id -un; echo err >&2; exit 3')
    expect(res).toEqual({ rc: 3, stdout: `${lab().users.withPassword.name}\n`, stderr: 'err\n' })
  })

  it('pipes stdin, bytes as given', async () => {
    const c = connect()
    expect((await c.exec('cat', { stdin: 'line 1\nline 2' })).stdout).toBe('line 1\nline 2')
    expect((await c.exec('wc -c', { stdin: Buffer.alloc(300_000, 7) })).stdout.trim()).toBe('300000')
    // Without stdin the command sees end of file at once instead of hanging.
    expect((await c.exec('cat; echo done')).stdout).toBe('done\n')
  })

  it('decodes output as UTF-8', async () => {
    const c = connect()
    expect((await c.exec(`printf '\\303\\274\\342\\202\\254'`)).stdout).toBe('ü€')
  })

  it('exports env values and changes to cwd, with no value able to inject', async () => {
    const c = connect()
    const env = Object.fromEntries(NASTY.map((v, i) => [`V${i}`, v]))
    const script = NASTY.map((_, i) => `printf '%s\\0' "$V${i}"`).join('; ')
    const res = await c.exec(script, { env })
    expect(res.rc).toBe(0)
    expect(res.stdout.split('\0').slice(0, -1)).toEqual(NASTY)
    const dir = `/tmp/tsible d'ir $(x)`
    await c.exec(`mkdir -p "$D"`, { env: { D: dir } })
    expect((await c.exec('pwd', { cwd: dir })).stdout).toBe(`${dir}\n`)
    expect((await c.exec('test -e /tmp/tsible-injected; echo $?')).stdout).toBe('1\n')
    await c.exec(`rm -rf "$D"`, { env: { D: dir } })
  })

  it('fails with rc 1 in a missing cwd and refuses env names that would need quoting', async () => {
    const c = connect()
    const res = await c.exec('echo never', { cwd: '/nonexistent/dir' })
    expect(res.rc).toBe(1)
    expect(res.stdout).toBe('')
    expect(res.stderr).toMatch(/can't cd|No such file/)
    await expect(c.exec('true', { env: { 'A;touch /tmp/x': '1' } })).rejects.toBeInstanceOf(SshUsageError)
  })

  it('kills a command that outlives its timeout, with its children', async () => {
    const c = connect()
    const started = Date.now()
    const err = await c.exec('sleep 30 & sleep 31; echo never', { timeoutMs: 1000 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExecTimeoutError)
    expect(Date.now() - started).toBeLessThan(5000)
    // The host is this machine: no `sleep 30`/`sleep 31` may be left running.
    await new Promise((r) => setTimeout(r, 200))
    expect(sleepers()).toEqual([])
    expect((await c.exec('echo quick', { timeoutMs: 5000 })).stdout).toBe('quick\n')
  })

  it('carries every operation of a connection over one SSH session', async () => {
    const host = lab().hosts[0]
    const before = sshdCounts(host)
    const c = connect()
    for (let i = 0; i < 5; i++) await c.exec(`echo ${i}`)
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => c.exec(`echo ${i}`)))
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 25 }, (_, i) => `${i}\n`))
    await c.writeFile('/tmp/tsible-reuse-test', 'x')
    await c.stat('/tmp/tsible-reuse-test')
    await c.readFile('/tmp/tsible-reuse-test')
    await c.fileOp({ op: 'remove', path: '/tmp/tsible-reuse-test' })
    // 34 operations, one round trip each, all through the connection's persistent shell.
    expect(c.stats).toEqual({ connects: 1, channels: 1, requests: 34 })
    // The server's own log agrees: one login, one session channel for everything.
    const after = sshdCounts(host)
    expect(after.connections - before.connections).toBe(1)
    expect(after.sessions - before.sessions).toBe(1)
  })

  it('opens at most maxChannels channels at once, queueing the rest', async () => {
    const c = sshTo(lab(), lab().hosts[0], { maxChannels: 2 })
    open.push(c)
    await c.exec('true')
    const started = Date.now()
    // Each command records how many of them run at that moment, through a shared directory.
    const dir = (await c.exec('mktemp -d')).stdout.trim()
    const seen = await Promise.all(
      Array.from({ length: 6 }, (_, i) => c.exec(`touch ${dir}/${i}; sleep 0.3; ls ${dir} | wc -l; rm ${dir}/${i}`)),
    )
    expect(Math.max(...seen.map((r) => Number(r.stdout.trim())))).toBeLessThanOrEqual(2)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    await c.exec(`rm -rf ${dir}`)
  })

  it('closes the connection and opens a new one on next use', async () => {
    const c = connect()
    await c.exec('true')
    await c.close()
    expect((await c.exec('echo again')).stdout).toBe('again\n')
    expect(c.stats.connects).toBe(2)
  })
})
