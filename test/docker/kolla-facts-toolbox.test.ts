/**
 * kolla_container_facts, kolla_container_volume_facts and kolla_toolbox on the engine
 * API, locally and over SSH (a real sshd on loopback, the engine's socket forwarded on
 * the connection): what kolla's docker-py client reads, in kolla's result shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import kollaContainerFacts from '../../plugins/kolla/modules/kolla-container-facts.js'
import kollaContainerVolumeFacts from '../../plugins/kolla/modules/kolla-container-volume-facts.js'
import kollaDocker from '../../plugins/kolla/modules/kolla-docker.js'
import kollaToolbox from '../../plugins/kolla/modules/kolla-toolbox.js'
import type { Connection } from '../../src/connection/types.js'
import { sshTo, useSshdLab } from '../helpers/sshd-fixture.js'
import { cleanup, docker, ensureFakeImages, fakeImage, runOn, strip } from './helpers/engine.js'

const P = 'tsdf_'
const lab = useSshdLab()
const conns: Connection[] = []
const root = (): Connection => {
  const c = sshTo(lab(), lab().hosts[0], { user: 'root' })
  conns.push(c)
  return c
}

beforeAll(async () => {
  await ensureFakeImages()
  await cleanup(P)
  // kolla_toolbox finds its container by a name filter (a substring match, as Docker's).
  await docker('run', '-d', '--name', `${P}kolla_toolbox`, '--network', 'none', fakeImage('kolla-toolbox'), 'sleep', '600')
  await docker('create', '--name', `${P}stopped`, fakeImage('cron'))
  await docker('volume', 'create', `${P}vol`)
}, 300_000)

afterAll(async () => {
  await Promise.all(conns.map((c) => c.close()))
  await cleanup(P)
})

describe('kolla_container_facts', () => {
  for (const via of ['local', 'ssh'] as const) {
    it(`lists the running containers by name (${via})`, async () => {
      const connection = via === 'ssh' ? root() : undefined
      const all = strip(await runOn(kollaContainerFacts, { container_engine: 'docker' }, { connection }))
      const tb = all[`${P}kolla_toolbox`] as Record<string, unknown>
      expect(tb).toMatchObject({ Names: [`/${P}kolla_toolbox`], Image: fakeImage('kolla-toolbox'), State: 'running' })
      expect(all[`${P}stopped`]).toBeUndefined()
      expect((all._containers as unknown[]).length).toBeGreaterThanOrEqual(1)
      const some = strip(await runOn(kollaContainerFacts, { container_engine: 'docker', name: [`${P}kolla_toolbox`, `${P}absent`] }, { connection }))
      expect(Object.keys(some).sort()).toEqual(['_containers', 'changed', `${P}kolla_toolbox`])
      // The same entry, but for its Status ("Up 2 seconds"), which moves on between calls.
      const { Status: _s, ...entry } = tb
      expect(some).toMatchObject({ changed: false, _containers: [entry] })
    })
  }
})

describe('kolla_container_volume_facts', () => {
  it('lists the volumes by name, optionally only the named ones', async () => {
    const r = strip(await runOn(kollaContainerVolumeFacts, { container_engine: 'docker', name: [`${P}vol`] }))
    expect(r).toMatchObject({ changed: false, [`${P}vol`]: { Name: `${P}vol`, Driver: 'local' } })
    expect((r._volumes as unknown[]).length).toBe(1)
    const ssh = strip(await runOn(kollaContainerVolumeFacts, { container_engine: 'docker', name: [`${P}vol`] }, { connection: root() }))
    expect(ssh).toEqual(r)
  })
})

describe('kolla_toolbox', () => {
  it("runs the module in the toolbox container and returns the inner module's result", async () => {
    const r = strip(
      await runOn(kollaToolbox, {
        container_engine: 'docker',
        module_name: 'file',
        module_args: { path: '/tmp/x', state: 'absent', mode: 420, nested: { a: [1, 'b'] } },
        module_extra_vars: { v: 1 },
      }),
    )
    expect(r).toMatchObject({ action: 'file', changed: false, msg: 'fake kolla-toolbox: module file not executed' })
    // kolla writes key='value' with Python's str() of each value.
    expect(r.invocation).toBeUndefined()
    const ssh = strip(await runOn(kollaToolbox, { container_engine: 'docker', module_name: 'debug', module_args: "msg='hi there'" }, { connection: root() }))
    expect(ssh).toMatchObject({ action: 'debug', changed: false })
  })

  it('fails clearly when no kolla_toolbox container runs', async () => {
    await docker('stop', '-t', '0', `${P}kolla_toolbox`)
    const r = strip(await runOn(kollaToolbox, { container_engine: 'docker', module_name: 'debug' }))
    expect(r).toMatchObject({ failed: true, msg: 'kolla_toolbox container is not running.' })
    await docker('start', `${P}kolla_toolbox`)
  })
})

describe('kolla_docker over SSH', () => {
  it('runs every request through the socket forwarded on the connection', async () => {
    const c = root()
    const args = { action: 'start_container', name: `${P}ssh`, image: fakeImage('cron'), common_options: { restart_policy: 'unless-stopped', graceful_timeout: 1 } }
    expect(strip(await runOn(kollaDocker, args, { connection: c }))).toMatchObject({ changed: true })
    expect(strip(await runOn(kollaDocker, args, { connection: c }))).toEqual({ changed: false, result: false })
    expect(strip(await runOn(kollaDocker, { ...args, action: 'compare_container' }, { connection: c }))).toEqual({ changed: false, result: false })
    expect(strip(await runOn(kollaDocker, { ...args, action: 'stop_and_remove_container' }, { connection: c }))).toMatchObject({ changed: true })
  })

  it('a login user that may not open the socket gets one clear error', async () => {
    const c = sshTo(lab(), lab().hosts[0])
    conns.push(c)
    const r = strip(await runOn(kollaDocker, { action: 'get_container_state', name: `${P}x` }, { connection: c }))
    expect(r).toMatchObject({ failed: true, changed: false })
    expect(r.msg).toMatch(/^Cannot reach the container engine at unix:\/\/\/var\/run\/docker\.sock: .*\(is dockerd running on the host, and may the login user open its socket\?\)$/)
  })
})
