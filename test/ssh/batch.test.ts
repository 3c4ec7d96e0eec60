/**
 * Connection.batch over SSH against its meaning (runSteps: the same steps one method
 * call at a time): every batch below runs on two identical directories, once as one
 * request and once step by step, and must give the same results and leave the same
 * files. Also: one round trip per batch, conditions decided on the host, dry runs that
 * change nothing, and the first failing step ending the batch with its method's error.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BatchError, runSteps } from '../../src/connection/batch.js'
import { RemoteOperationError } from '../../src/connection/ssh-errors.js'
import type { SshConnection } from '../../src/connection/ssh.js'
import type { BecomeOptions, HostStep, StepResult } from '../../src/connection/types.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'

const lab = useSshdLab()
let c: SshConnection
let root: string
const become: BecomeOptions = { method: 'sudo', user: 'root' }

beforeAll(async () => {
  c = sshTo(lab(), lab().hosts[0], { user: lab().users.noPassword.name })
  root = (await c.exec('mktemp -d /tmp/tsible-batch-XXXXXX')).stdout.trim()
})
afterAll(async () => {
  await c.exec(`rm -rf ${root}`, { become })
  await c.close()
})

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex')
let n = 0

/** Two twin directories made by the same setup commands. */
async function twins(setup: string): Promise<[string, string]> {
  n++
  const a = `${root}/a${n}`
  const b = `${root}/b${n}`
  for (const d of [a, b]) expect((await c.exec(`mkdir ${d} && cd ${d} && { ${setup || 'true'}; }`)).rc).toBe(0)
  return [a, b]
}

/** Results with the directory's name taken out, and stat times (which differ between twins) left out. */
function plain(results: StepResult[], dir: string): unknown {
  return JSON.parse(
    JSON.stringify(results, (k, v: unknown) => {
      if (['atime', 'mtime', 'ctime', 'inode', 'dev'].includes(k)) return undefined
      if (typeof v === 'string') return v.split(dir).join('<dir>')
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return Buffer.from((v as { data: number[] }).data).toString('latin1')
      return v
    }),
  )
}

/** What a directory holds: names, types, modes, owners, contents. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of readdirSync(dir).sort()) {
    const st = statSync(`${dir}/${name}`, { throwIfNoEntry: false })
    out[name] = st ? `${(st.mode & 0o7777).toString(8)} ${st.uid} ${st.isFile() ? readFileSync(`${dir}/${name}`, 'latin1') : st.isDirectory() ? 'dir' : 'other'}` : 'dangling'
  }
  return out
}

async function both(setup: string, steps: (d: string) => HostStep[], options: { become?: BecomeOptions; dryRun?: boolean } = {}): Promise<StepResult[]> {
  const [a, b] = await twins(setup)
  const before = c.stats.requests
  const batched = await c.batch(steps(a), options)
  expect(c.stats.requests - before).toBe(1)
  const stepwise = await runSteps(c, steps(b), options)
  expect(plain(batched, a)).toEqual(plain(stepwise, b))
  expect(tree(a)).toEqual(tree(b))
  return batched
}

const copyLike = (d: string, data: string, mode: number): HostStep[] => [
  { op: 'stat', path: `${d}/f`, follow: true, checksum: true },
  { op: 'stat', path: d, follow: true },
  { op: 'read', path: `${d}/f`, when: { all: [{ not: { absent: 0 } }, { not: { step: 0, checksum: sha1(data) } }] } },
  { op: 'write', path: `${d}/f`, data, mode, when: { not: { step: 0, type: 'file', checksum: sha1(data) } } },
  { op: 'file', change: { op: 'chmod', path: `${d}/f`, mode }, when: { all: [{ step: 0, checksum: sha1(data) }, { not: { step: 0, mode } }] } },
  { op: 'stat', path: `${d}/f`, follow: true, when: { any: [{ ran: 3 }, { ran: 4 }] } },
]

describe('Connection.batch over SSH', () => {
  it('means what the steps one by one mean: a new file, the same file, a changed file, a changed mode', async () => {
    const fresh = await both('', (d) => copyLike(d, 'hello\n', 0o640))
    expect(fresh.map((r) => r.ran)).toEqual([true, true, false, true, false, true])
    const same = await both("printf 'hello\\n' > f && chmod 640 f", (d) => copyLike(d, 'hello\n', 0o640))
    // Nothing changed: the last stat, only wanted after a change, did not run.
    expect(same.map((r) => r.ran)).toEqual([true, true, false, false, false, false])
    const changed = await both("printf 'old\\n' > f && chmod 600 f", (d) => copyLike(d, 'new\n', 0o640))
    expect(changed[2].data?.toString()).toBe('old\n')
    const chmod = await both("printf 'x' > f && chmod 600 f", (d) => copyLike(d, 'x', 0o644))
    expect(chmod.map((r) => r.ran)).toEqual([true, true, false, false, true, true])
  })

  it('decides owners, groups, types and link targets as the controller does, with become', async () => {
    const steps = (d: string): HostStep[] => [
      { op: 'stat', path: `${d}/l`, follow: false },
      { op: 'stat', path: `${d}/f`, follow: false },
      { op: 'exec', command: 'echo linked', when: { step: 0, type: 'link', linkTarget: 'f g' } },
      { op: 'exec', command: 'echo elsewhere', when: { step: 0, type: 'link', linkTarget: 'f' } },
      { op: 'file', change: { op: 'chown', path: `${d}/f`, owner: 'root', group: 0 }, when: { not: { step: 1, owner: 'root', group: 'root' } } },
      { op: 'exec', command: 'echo by-id', when: { all: [{ step: 1, owner: 0 }, { step: 1, owner: '0' }, { step: 1, group: 'root' }] } },
      { op: 'stat', path: `${d}/f`, follow: false },
      { op: 'exec', command: 'echo now-root', when: { any: [{ absent: 1 }, { step: 6, owner: 'root', type: 'file' }] } },
      { op: 'readDir', path: d },
    ]
    const r = await both("touch 'f g' && ln -s 'f g' l && touch f", steps, { become })
    expect(r.map((x) => x.exec?.stdout ?? x.ran)).toEqual([true, true, 'linked\n', false, true, false, true, 'now-root\n', true])
  })

  it('drains a skipped write: the next write gets its own bytes', async () => {
    const steps = (d: string): HostStep[] => [
      { op: 'stat', path: `${d}/one`, follow: true },
      { op: 'write', path: `${d}/one`, data: 'first file', when: { absent: 0 } },
      { op: 'write', path: `${d}/two`, data: Buffer.from([0, 1, 2, 255, 10]) },
      { op: 'write', path: `${d}/three`, data: 'x'.repeat(70_000) },
    ]
    const r = await both('echo kept > one', steps)
    expect(r.map((x) => x.ran)).toEqual([true, false, true, true])
    expect(readFileSync(`${root}/a${n}/one`, 'utf8')).toBe('kept\n')
    expect([...readFileSync(`${root}/a${n}/two`)]).toEqual([0, 1, 2, 255, 10])
  })

  it('runs no change in a dry run, and says which would have run', async () => {
    const r = await both('', (d) => copyLike(d, 'hello\n', 0o640), { dryRun: true })
    expect(r.map((x) => [x.ran, x.wouldRun ?? false])).toEqual([
      [true, false],
      [true, false],
      [false, false],
      [false, true],
      [false, false],
      [true, false],
    ])
    expect(r[5].stat).toBeNull()
  })

  it('ends at the first failing step with the error its method throws; later steps do not run', async () => {
    const [a] = await twins('')
    const steps: HostStep[] = [
      { op: 'write', path: `${a}/missing/f`, data: 'x' },
      { op: 'file', change: { op: 'mkdir', path: `${a}/never` } },
    ]
    const e = await c.batch(steps).then(() => undefined, (x: unknown) => x)
    const alone = await c.writeFile(`${a}/missing/f`, 'x').then(() => undefined, (x: unknown) => x)
    expect(e).toBeInstanceOf(RemoteOperationError)
    expect((e as Error).message).toBe((alone as Error).message)
    expect(readdirSync(a)).toEqual([])
    const chown = await c.batch([{ op: 'file', change: { op: 'chown', path: a, owner: 'no-such-user-x' } }]).then(() => undefined, (x: unknown) => x)
    expect((chown as RemoteOperationError).message).toBe(`chown ${a} failed (rc=1): chown: invalid user: 'no-such-user-x'`)
  })

  it('refuses a condition on a later step or on a step that is no stat', async () => {
    await expect(c.batch([{ op: 'exec', command: 'true', when: { absent: 0 } }])).rejects.toBeInstanceOf(BatchError)
    await expect(c.batch([{ op: 'exec', command: 'true' }, { op: 'exec', command: 'true', when: { absent: 0 } }])).rejects.toBeInstanceOf(BatchError)
  })

  it('gives a command of a batch none of its own shell variables, and the task environment it is given', async () => {
    const [r] = await c.batch([{ op: 'stat', path: root }, { op: 'exec', command: 'echo "[$o][$M][$e0][$V]"', env: { V: "it's" } }])
    expect(r.stat?.type).toBe('directory')
    expect((await c.batch([{ op: 'exec', command: 'echo "[$o][$M][$e0][$V]"', env: { V: "it's" } }]))[0].exec).toEqual({ rc: 0, stdout: "[][][][it's]\n", stderr: '' })
  })
})
