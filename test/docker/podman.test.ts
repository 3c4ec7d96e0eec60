/**
 * kolla_docker, kolla_container_facts and kolla_container_volume_facts with
 * `container_engine: podman`: the same requests on Podman's Docker-compatible socket, with
 * what Podman stores otherwise (volumes, PID mode, its own ulimits) compared as kolla master's
 * podman worker does, so that an unchanged container is left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import kollaContainerFacts from '../../plugins/kolla/modules/kolla-container-facts.js'
import kollaContainerVolumeFacts from '../../plugins/kolla/modules/kolla-container-volume-facts.js'
import kollaDocker from '../../plugins/kolla/modules/kolla-docker.js'
import { ensureFakeImages, fakeImage, runOn, strip } from './helpers/engine.js'
import { ensurePodman } from './helpers/podman.js'

const P = 'tsdpm_'
const COMMON = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', graceful_timeout: '2' }
const BASE = {
  container_engine: 'podman',
  name: `${P}svc`,
  image: fakeImage('cron'),
  environment: { A: '1' },
  volumes: ['/etc/localtime:/etc/localtime:ro', `${P}logs:/var/log/kolla/`, ''],
}
const kd = (args: Record<string, unknown>) => runOn(kollaDocker, { common_options: COMMON, ...BASE, ...args })

let stopPodman = (): void => undefined

beforeAll(async () => {
  await ensureFakeImages(['cron'])
  stopPodman = await ensurePodman()
  await kd({ action: 'stop_and_remove_container' })
  await kd({ action: 'remove_volume', name: `${P}logs` })
}, 300_000)

afterAll(async () => {
  await kd({ action: 'stop_and_remove_container' })
  await kd({ action: 'remove_volume', name: `${P}logs` })
  stopPodman()
}, 120_000)

describe('container_engine: podman', () => {
  it('start_container creates once; the unchanged container is left alone', async () => {
    const created = strip(await kd({ action: 'start_container' }))
    expect(created.failed, String(created.msg)).toBeUndefined()
    expect(created).toMatchObject({ changed: true, container_plan: { operation: 'create' } })
    expect(strip(await kd({ action: 'start_container' }))).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'compare_container' }))).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'get_container_env' }))).toMatchObject({ A: '1', KOLLA_SERVICE_NAME: 'tsdpm-svc' })
  })

  it('sees changes: environment, volumes', async () => {
    const first = (r: Record<string, unknown>) => (r.container_plan as { differences: { attribute: string }[] }).differences[0].attribute
    expect(first(strip(await kd({ action: 'compare_container', environment: { A: '2' } })))).toBe('environment.A')
    expect(first(strip(await kd({ action: 'compare_container', volumes: ['/etc/localtime:/etc/localtime:rw', `${P}logs:/var/log/kolla/`] })))).toBe('binds')
    expect(first(strip(await kd({ action: 'compare_container', volumes: ['/etc/localtime:/etc/localtime:ro'] })))).toBe('volumes')
  })

  it('restart, stop and the facts modules', async () => {
    const restarted = strip(await kd({ action: 'restart_container' }))
    expect(restarted.failed, String(restarted.msg)).toBeUndefined()
    expect(restarted).toMatchObject({ changed: true })
    const facts = strip(await runOn(kollaContainerFacts, { container_engine: 'podman', name: [`${P}svc`] }))
    expect(facts[`${P}svc`]).toMatchObject({ Names: [`/${P}svc`], State: 'running' })
    const vols = strip(await runOn(kollaContainerVolumeFacts, { container_engine: 'podman', name: [`${P}logs`] }))
    expect(vols[`${P}logs`]).toMatchObject({ Name: `${P}logs`, Driver: 'local' })
    expect(strip(await kd({ action: 'stop_container' }))).toMatchObject({ changed: true })
    expect(strip(await kd({ action: 'stop_container' }))).toEqual({ changed: false, result: false })
  })
})
