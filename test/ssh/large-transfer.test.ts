/**
 * Large transfers over SSH: a controller file is streamed raw through the persistent
 * shell (the privileged one with become), one request and no channel of its own, with
 * memory flat whatever its size; the copy module sends large sources that way. The host
 * is this machine, so the written files are compared with Node's fs.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controllerFile } from '../../src/connection/controller-file.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import type { BecomeOptions } from '../../src/connection/types.js'
import { Vault } from '../../src/vault/vault.js'
import { runPlaybook } from '../helpers/run-playbook.js'
import { knownHostsLine } from '../helpers/sshd.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const ROOT = resolve(__dirname, '../..')
const MB = 1024 * 1024
/** The file's size in MiB: 256 by default; TSIBLE_TEST_LARGE_MIB=1024 shows a 1 GiB file the same way. */
const SIZE_MIB = Number(process.env.TSIBLE_TEST_LARGE_MIB ?? 256)
const SIZE = SIZE_MIB * MB + 12345
const lab = useSshdLab()
const root: BecomeOptions = { method: 'sudo', user: 'root' }
let c: SshConnection
let src: string
let out: string

/** A file of `size` bytes that is not all one byte (a pattern, written in 1 MiB blocks). */
function bigFile(path: string, size: number): void {
  const block = Buffer.alloc(MB)
  for (let i = 0; i < MB; i++) block[i] = (i * 31 + (i >> 8)) & 0xff
  const fd = openSync(path, 'w')
  for (let at = 0; at < size; at += MB) {
    block.writeUInt32BE(at / MB, 0)
    writeSync(fd, block, 0, Math.min(MB, size - at))
  }
  closeSync(fd)
}

function sha1(path: string): Promise<string> {
  return new Promise((r, j) => {
    const h = createHash('sha1')
    createReadStream(path).on('data', (d) => h.update(d)).on('end', () => r(h.digest('hex'))).on('error', j)
  })
}

beforeAll(async () => {
  c = sshTo(lab(), lab().hosts[0], { user: lab().users.noPassword.name })
  out = (await c.exec('mktemp -d /tmp/tsible-large-XXXXXX')).stdout.trim()
  src = join(mkdtempSync(join(lab().dir, 'large-')), 'big.bin')
  bigFile(src, SIZE)
})
afterAll(async () => {
  await c.exec(`rm -rf ${out}`, { become: root })
  await c.close()
})

describe('large transfers', () => {
  it(`stream a ${SIZE_MIB} MiB controller file through the privileged shell: one request, memory flat`, async () => {
    await c.exec('true', { become: root })
    const before = { ...c.stats }
    global.gc?.()
    const base = process.memoryUsage().rss
    let peak = base
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    try {
      await c.writeFile(`${out}/big`, controllerFile(src), { become: root, mode: 0o600, owner: 'root' })
    } finally {
      clearInterval(sampler)
    }
    expect(c.stats.requests - before.requests).toBe(1)
    expect(c.stats.channels - before.channels).toBe(0)
    expect(statSync(`${out}/big`).size).toBe(SIZE)
    expect(statSync(`${out}/big`).mode & 0o777).toBe(0o600)
    expect(statSync(`${out}/big`).uid).toBe(0)
    expect(await sha1(`${out}/big`)).toBe(await sha1(src))
    // Read whole, the file alone would add SIZE_MIB MiB.
    expect((peak - base) / MB).toBeLessThan(64)
  }, 300_000 + SIZE_MIB * 1000)

  it('copy sends a large source that way: its memory stays flat, the copy is exact and idempotent', async () => {
    const dir = mkdtempSync(join(lab().dir, 'large-copy-'))
    const l = lab()
    writeFileSync(join(dir, 'inventory'), `h1 ansible_host=127.0.0.1 ansible_port=${l.hosts[0].port} ansible_user=${l.users.noPassword.name} ansible_ssh_private_key_file=${l.clientKeyFile}\n`)
    writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n    - copy: { src: "{{ src }}", dest: "{{ dest }}", mode: "0644" }\n')
    writeFileSync(join(dir, 'ansible.cfg'), '')
    writeFileSync(join(dir, 'small.bin'), 'small')
    mkdirSync(join(dir, 'home/.ssh'), { recursive: true })
    writeFileSync(join(dir, 'home/.ssh/known_hosts'), `${knownHostsLine(l.hosts[0])}\n`)
    const play = (file: string, dest: string): { rss: number; stdout: string; stderr: string; rc: number } => {
      // GNU time's peak resident set size of the whole tsible-playbook process.
      const r = spawnSync('/usr/bin/time', ['-f', 'RSS %M', process.execPath, join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'test/differential/tsible-entry.ts'), '-i', 'inventory', '-e', `src=${file}`, '-e', `dest=${dest}`, 'site.yml'], {
        cwd: dir,
        env: { ...process.env, HOME: join(dir, 'home'), ANSIBLE_CONFIG: join(dir, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', SSH_AUTH_SOCK: '', TSIBLE_STATS: '1' },
        encoding: 'utf8',
      })
      return { rss: Number(/RSS (\d+)/.exec(r.stderr)?.[1]) / 1024, stdout: r.stdout, stderr: r.stderr, rc: r.status ?? -1 }
    }
    const small = play(join(dir, 'small.bin'), `${out}/small`)
    expect(small.rc, small.stderr + small.stdout).toBe(0)
    const big = play(src, `${out}/copied`)
    expect(big.rc, big.stderr + big.stdout).toBe(0)
    expect(big.stdout).toContain('changed=1')
    expect(await sha1(`${out}/copied`)).toBe(await sha1(src))
    expect(big.rss - small.rss).toBeLessThan(64)
    const again = play(src, `${out}/copied`)
    expect(again.stdout).toContain('changed=0')
    expect(again.stderr).toContain(' 1 ssh round trips')
    spawn('rm', ['-rf', dir])
  }, 300_000 + SIZE_MIB * 1000)

  it('copy decrypts a vault-encrypted source above the streaming size, as Ansible does, instead of streaming its envelope', async () => {
    const dir = mkdtempSync(join(lab().dir, 'large-vault-'))
    const l = lab()
    writeFileSync(join(dir, 'inventory'), `h1 ansible_host=127.0.0.1 ansible_port=${l.hosts[0].port} ansible_user=${l.users.noPassword.name} ansible_ssh_private_key_file=${l.clientKeyFile}\n`)
    writeFileSync(join(dir, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: { src: secret.bin, dest: "{{ dest }}", mode: "0600" }\n')
    writeFileSync(join(dir, 'ansible.cfg'), '')
    writeFileSync(join(dir, 'pw'), 'hunter2\n')
    // 2 MiB of text: its envelope (hex of the ciphertext) is over twice that.
    const plain = Array.from({ length: 2 * 1024 * 16 }, (_, i) => `line ${String(i).padStart(57, '0')}\n`).join('')
    writeFileSync(join(dir, 'secret.bin'), new Vault().encrypt(plain, { id: 'default', password: Buffer.from('hunter2') }))
    mkdirSync(join(dir, 'home/.ssh'), { recursive: true })
    writeFileSync(join(dir, 'home/.ssh/known_hosts'), `${knownHostsLine(l.hosts[0])}\n`)
    const r = await runPlaybook(dir, ['-e', `dest=${out}/decrypted`], { env: { ANSIBLE_VAULT_PASSWORD_FILE: join(dir, 'pw') } })
    expect(r.rc, r.stderr + r.stdout).toBe(0)
    expect(statSync(`${out}/decrypted`).size).toBe(Buffer.byteLength(plain))
    expect(await sha1(`${out}/decrypted`)).toBe(createHash('sha1').update(plain).digest('hex'))
    spawn('rm', ['-rf', dir])
  }, 300_000)
})
