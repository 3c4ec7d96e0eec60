/**
 * The SSH connection's file primitives against a real sshd. The server runs on this
 * machine, so every result is checked against what Node's fs sees of the same path.
 */
import { createHash, randomBytes } from 'node:crypto'
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RemoteOperationError } from '../../src/connection/ssh-errors.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import type { BecomeOptions } from '../../src/connection/types.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
let c: SshConnection
let dir: string
const root: BecomeOptions = { method: 'sudo', user: 'root' }

beforeAll(async () => {
  // The no-password sudo user, so that become works without a password here.
  c = sshTo(lab(), lab().hosts[0], { user: lab().users.noPassword.name })
  dir = (await c.exec('mktemp -d /tmp/tsible-files-XXXXXX')).stdout.trim()
})
afterAll(async () => {
  await c.exec(`rm -rf ${dir}`, { become: root })
  await c.close()
})

const leftovers = (): string[] => readdirSync(dir).filter((n) => n.startsWith('.tsible-tmp'))
const rejection = async (p: Promise<unknown>): Promise<RemoteOperationError> => {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(RemoteOperationError)
  return e as RemoteOperationError
}

describe('writeFile and readFile', () => {
  it('round-trip binary content exactly', async () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const big = randomBytes(1_500_000)
    for (const [name, data] of [['every', every], ['big', big], ['empty', Buffer.alloc(0)]] as const) {
      await c.writeFile(`${dir}/${name}`, data)
      expect(readFileSync(`${dir}/${name}`).equals(data)).toBe(true)
      expect((await c.readFile(`${dir}/${name}`))?.equals(data)).toBe(true)
    }
    await c.writeFile(`${dir}/text`, 'héllo\n')
    expect(readFileSync(`${dir}/text`, 'utf8')).toBe('héllo\n')
    expect(leftovers()).toEqual([])
  })

  it('write text that travels inside the script exactly, whatever the shell would make of it', async () => {
    const texts = [`it's 100% \\n $(touch /tmp/tsible-injected) \`id\` $HOME "q" \\\n`, 'no newline at the end', 'ü€\r\n\t', '%s%d%%', "'", '\n\n']
    for (const [i, text] of texts.entries()) {
      await c.writeFile(`${dir}/text${i}`, text, { become: root })
      expect(readFileSync(`${dir}/text${i}`, 'utf8')).toBe(text)
    }
    // Invalid UTF-8 (a lone continuation byte) does not go inside the script, and arrives as sent.
    await c.writeFile(`${dir}/latin`, Buffer.from([0x61, 0x80, 0x62]))
    expect([...readFileSync(`${dir}/latin`)]).toEqual([0x61, 0x80, 0x62])
    expect((await c.exec('test -e /tmp/tsible-injected; echo $?')).stdout).toBe('1\n')
    expect(leftovers()).toEqual([])
  })

  it('give a new file 0666 less the umask, or the mode asked for', async () => {
    const umask = parseInt((await c.exec('umask')).stdout.trim(), 8)
    await c.writeFile(`${dir}/new`, 'x')
    expect(statSync(`${dir}/new`).mode & 0o7777).toBe(0o666 & ~umask)
    await c.writeFile(`${dir}/private`, 'x', { mode: 0o600 })
    expect(statSync(`${dir}/private`).mode & 0o7777).toBe(0o600)
  })

  it('replace a file atomically (a new inode), keeping its mode unless told otherwise', async () => {
    await c.writeFile(`${dir}/replace`, 'old', { mode: 0o640 })
    const before = statSync(`${dir}/replace`)
    await c.writeFile(`${dir}/replace`, 'new content')
    const after = statSync(`${dir}/replace`)
    expect(readFileSync(`${dir}/replace`, 'utf8')).toBe('new content')
    expect(after.ino).not.toBe(before.ino)
    expect(after.mode & 0o7777).toBe(0o640)
    await c.writeFile(`${dir}/replace`, 'again', { mode: 0o604 })
    expect(statSync(`${dir}/replace`).mode & 0o7777).toBe(0o604)
  })

  it('write through a symlink to its target, and set owner and group with become', async () => {
    await c.writeFile(`${dir}/target`, 'one')
    await c.fileOp({ op: 'symlink', path: `${dir}/link`, target: 'target' })
    await c.writeFile(`${dir}/link`, 'two')
    expect(lstatSync(`${dir}/link`).isSymbolicLink()).toBe(true)
    expect(readFileSync(`${dir}/target`, 'utf8')).toBe('two')
    await c.writeFile(`${dir}/owned`, 'x', { owner: 'root', group: 0, mode: 0o644, become: root })
    expect([statSync(`${dir}/owned`).uid, statSync(`${dir}/owned`).gid]).toEqual([0, 0])
    // Not root: chown to root fails, and nothing is left behind.
    const e = await rejection(c.writeFile(`${dir}/owned2`, 'x', { owner: 'root' }))
    expect(e.code).toBe('EPERM')
    expect(() => statSync(`${dir}/owned2`)).toThrow()
    expect(leftovers()).toEqual([])
  })

  it('fail with typed errors, and give null for a missing file', async () => {
    expect(await c.readFile(`${dir}/missing`)).toBeNull()
    expect((await rejection(c.readFile(dir))).code).toBe('EISDIR')
    expect((await rejection(c.writeFile(`${dir}/no/such/dir/f`, 'x'))).code).toBe('ENOENT')
    await c.writeFile(`${dir}/secret`, 'root only', { mode: 0o600, owner: 'root', become: root })
    expect((await rejection(c.readFile(`${dir}/secret`))).code).toBe('EACCES')
    expect((await c.readFile(`${dir}/secret`, { become: root }))?.toString()).toBe('root only')
  })
})

describe('stat', () => {
  it('matches lstat for a file, with its SHA-1 when asked', async () => {
    const data = randomBytes(5000)
    await c.writeFile(`${dir}/s`, data, { mode: 0o640 })
    const st = await c.stat(`${dir}/s`, { checksum: true })
    const fsst = lstatSync(`${dir}/s`)
    expect(st).toMatchObject({
      path: `${dir}/s`,
      type: 'file',
      mode: 0o640,
      uid: fsst.uid,
      gid: fsst.gid,
      owner: lab().users.noPassword.name,
      size: 5000,
      inode: fsst.ino,
      dev: fsst.dev,
      nlink: 1,
      checksum: createHash('sha1').update(data).digest('hex'),
    })
    expect(st!.mtime).toBeCloseTo(fsst.mtimeMs / 1000, 2)
    expect(st!.linkTarget).toBeUndefined()
    // Reading for the checksum touched atime (after stat ran): compare a plain stat.
    const plain = await c.stat(`${dir}/s`)
    expect(plain!.checksum).toBeUndefined()
    expect(plain!.atime).toBeCloseTo(lstatSync(`${dir}/s`).atimeMs / 1000, 2)
    expect(plain!.ctime).toBeCloseTo(lstatSync(`${dir}/s`).ctimeMs / 1000, 2)
  })

  it('tells types apart, and follows links only when asked', async () => {
    await c.exec(`cd ${dir} && mkdir d && mkfifo f && ln -s 's' ln && ln -s nowhere dangling`)
    expect((await c.stat(`${dir}/d`))!.type).toBe('directory')
    expect((await c.stat(`${dir}/f`))!.type).toBe('fifo')
    expect((await c.stat('/dev/null'))!.type).toBe('char')
    const link = await c.stat(`${dir}/ln`, { checksum: true })
    expect(link).toMatchObject({ type: 'link', linkTarget: 's', mode: 0o777 })
    expect(link!.checksum).toBeUndefined()
    const followed = await c.stat(`${dir}/ln`, { follow: true, checksum: true })
    expect(followed).toMatchObject({ type: 'file', size: 5000, inode: statSync(`${dir}/s`).ino })
    expect(followed!.checksum).toMatch(/^[0-9a-f]{40}$/)
    expect((await c.stat(`${dir}/dangling`))!.type).toBe('link')
    expect(await c.stat(`${dir}/dangling`, { follow: true })).toBeNull()
    expect(await c.stat(`${dir}/missing`)).toBeNull()
  })
})

describe('readDir', () => {
  it('lists entries with their own types, sorted; null for a missing directory', async () => {
    const sub = `${dir}/list`
    await c.fileOp({ op: 'mkdir', path: sub })
    await c.exec(`cd ${sub} && touch 'a file' "$N" && mkdir sub && ln -s sub l && mkfifo p`, { env: { N: 'new\nline' } })
    expect(await c.readDir(sub)).toEqual([
      { name: 'a file', type: 'file' },
      { name: 'l', type: 'link' },
      { name: 'new\nline', type: 'file' },
      { name: 'p', type: 'fifo' },
      { name: 'sub', type: 'directory' },
    ])
    expect(await c.readDir(`${sub}/l`)).toEqual([])
    expect(await c.readDir(`${dir}/missing`)).toBeNull()
    expect((await rejection(c.readDir(`${dir}/s`))).code).toBe('ENOTDIR')
  })
})

describe('fileOp', () => {
  it('mkdir, chmod, chown, symlink, link, rename, utime, touch and remove', async () => {
    const base = `${dir}/ops`
    await c.fileOp({ op: 'mkdir', path: `${base}/a/b`, parents: true, mode: 0o750 })
    expect(statSync(`${base}/a/b`).mode & 0o7777).toBe(0o750)
    expect((await rejection(c.fileOp({ op: 'mkdir', path: `${base}/a` }))).code).toBe('EEXIST')
    await c.fileOp({ op: 'mkdir', path: `${base}/a`, parents: true })

    await c.fileOp({ op: 'touch', path: `${base}/f`, mode: 0o600 })
    expect(statSync(`${base}/f`).mode & 0o7777).toBe(0o600)
    await c.fileOp({ op: 'chmod', path: `${base}/f`, mode: 0o4755 })
    expect(statSync(`${base}/f`).mode & 0o7777).toBe(0o4755)
    await c.fileOp({ op: 'chown', path: `${base}/f`, owner: 'root', group: 'root' }, { become: root })
    expect(statSync(`${base}/f`).uid).toBe(0)
    await c.fileOp({ op: 'chown', path: `${base}/f`, owner: userInfo().uid === 0 ? 1002 : 0 }, { become: root })

    await c.fileOp({ op: 'symlink', path: `${base}/sym`, target: 'f' })
    expect(readlinkSync(`${base}/sym`)).toBe('f')
    expect((await rejection(c.fileOp({ op: 'symlink', path: `${base}/sym`, target: 'g' }))).code).toBe('EEXIST')
    await c.fileOp({ op: 'link', path: `${base}/hard`, target: `${base}/f` }, { become: root })
    expect(statSync(`${base}/f`).nlink).toBe(2)

    await c.fileOp({ op: 'rename', from: `${base}/hard`, to: `${base}/moved` })
    expect(readdirSync(base).sort()).toEqual(['a', 'f', 'moved', 'sym'])

    await c.fileOp({ op: 'utime', path: `${base}/moved`, atime: 1_000_000_000.5, mtime: 1_234_567_890 }, { become: root })
    expect(statSync(`${base}/moved`).mtimeMs).toBe(1_234_567_890_000)
    expect(statSync(`${base}/moved`).atimeMs).toBe(1_000_000_000_500)
    expect((await rejection(c.fileOp({ op: 'utime', path: `${base}/nope`, mtime: 1 }))).code).toBe('ENOENT')

    await c.fileOp({ op: 'remove', path: `${base}/moved` }, { become: root })
    await c.fileOp({ op: 'remove', path: `${base}/nope` })
    expect((await rejection(c.fileOp({ op: 'remove', path: `${base}/a` }))).code).toBe('ENOTEMPTY')
    await c.fileOp({ op: 'remove', path: `${base}/a/b` })
    await c.fileOp({ op: 'remove', path: base, recursive: true }, { become: root })
    expect(() => statSync(base)).toThrow()
  })
})
