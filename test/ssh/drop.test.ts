/**
 * A server that dies under a running operation: the operation fails with a
 * ConnectionFailure, a half-sent file never becomes the destination, and the next
 * operation connects again.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SshConnection } from '../../src/connection/ssh.js'
import { ConnectionFailure } from '../../src/connection/types.js'
import { killSessions, startSshd, stopSshd } from '../helpers/sshd.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
let c: SshConnection
let dir: string

beforeAll(async () => {
  c = sshTo(lab(), lab().hosts[0])
  dir = (await c.exec('mktemp -d /tmp/tsible-drop-XXXXXX')).stdout.trim()
})
afterAll(async () => {
  await c.exec(`rm -rf ${dir}`)
  await c.close()
})

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const temps = (): string[] => readdirSync(dir).filter((n) => n.startsWith('.tsible-tmp'))

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

const failureOf = async (p: Promise<unknown>): Promise<string> => {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(ConnectionFailure)
  return (e as Error).message
}

describe('a connection dropped mid-operation', () => {
  it('fails the running command, and the next operation reconnects', async () => {
    await c.exec('true')
    const connects = c.stats.connects
    const running = c.exec(`echo started > ${dir}/started; sleep 20`)
    await until('the command to start', () => existsSync(`${dir}/started`))
    expect(killSessions(lab().hosts[0])).toBeGreaterThan(0)
    expect(await failureOf(running)).toBe('Failed to connect to the host via ssh: Connection to 127.0.0.1 closed by remote host.')
    expect((await c.exec('echo back')).stdout).toBe('back\n')
    expect(c.stats.connects).toBe(connects + 1)
  })

  it('leaves neither a partial destination nor a temp file when a write is cut off', async () => {
    const dest = `${dir}/big`
    await c.writeFile(dest, 'the old content')
    const data = Buffer.alloc(96 * 1024 * 1024, 0x61)
    const writing = c.writeFile(dest, data)
    // Kill the server side once the temp file has started to fill, well before the end.
    await until('the upload to start', () => temps().some((t) => statSync(`${dir}/${t}`).size > 0))
    killSessions(lab().hosts[0])
    const message = await failureOf(writing)
    expect(message).toBe(
      'Data could not be sent to remote host "127.0.0.1". Make sure this host can be reached over ssh: Connection to 127.0.0.1 closed by remote host.\r\n',
    )
    // The remote script goes on after the drop: it sees the input end early, refuses
    // to rename the short file and removes it (whereas a bare `cat > dest` would have
    // left the truncated data in place).
    await until('the temp file to go', () => temps().length === 0)
    await sleep(200)
    expect(readFileSync(dest, 'utf8')).toBe('the old content')
    await c.writeFile(dest, 'complete')
    expect(readFileSync(dest, 'utf8')).toBe('complete')
  })

  it('reports a refused connection while the server is down, and recovers when it is back', async () => {
    const host = lab().hosts[0]
    await stopSshd(host)
    expect(await failureOf(c.exec('true'))).toBe(`Failed to connect to the host via ssh: ssh: connect to host 127.0.0.1 port ${host.port}: Connection refused`)
    await startSshd(host)
    expect((await c.exec('echo up')).stdout).toBe('up\n')
  })
})
