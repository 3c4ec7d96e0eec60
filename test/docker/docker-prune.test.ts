/**
 * docker_prune (community.docker, kolla's prune-images role) on the engine API: only
 * what the filters select goes (everything here carries a test label, so nothing else on
 * the engine is touched), with the collection's result keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dockerPrune from '../../plugins/kolla/modules/docker-prune.js'
import { docker, ensureFakeImages, fakeImage, inspect, runOn, strip } from './helpers/engine.js'

const LABEL = 'tsible-prune-test'

beforeAll(async () => {
  await ensureFakeImages(['cron'])
  await docker('create', '--name', 'tsdx_c1', '--label', `${LABEL}=1`, fakeImage('cron'))
  await docker('create', '--name', 'tsdx_c2', fakeImage('cron'))
  await docker('volume', 'create', '--label', `${LABEL}=1`, 'tsdx_v1')
  await docker('network', 'create', '--label', `${LABEL}=1`, 'tsdx_n1')
  await docker('commit', '--change', `LABEL ${LABEL}=1`, 'tsdx_c2', 'tsdx/img:1')
}, 300_000)

afterAll(async () => {
  await docker('rm', '-f', 'tsdx_c1', 'tsdx_c2').catch(() => '')
  await docker('volume', 'rm', '-f', 'tsdx_v1').catch(() => '')
  await docker('network', 'rm', 'tsdx_n1').catch(() => '')
  await docker('image', 'rm', '-f', 'tsdx/img:1').catch(() => '')
})

describe('docker_prune', () => {
  it('prunes what the filters select and reports it', async () => {
    const f = { label: `${LABEL}=1` }
    const r = strip(
      await runOn(dockerPrune, { containers: true, containers_filters: f, volumes: true, volumes_filters: f, networks: true, networks_filters: f, images: true, images_filters: { ...f, dangling: false } }),
    )
    expect(r).toMatchObject({ changed: true, networks: ['tsdx_n1'], volumes: ['tsdx_v1'] })
    expect(r.containers).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)])
    expect(r.containers_space_reclaimed).toEqual(expect.any(Number))
    expect((r.images as { Untagged?: string }[]).some((i) => i.Untagged === 'tsdx/img:1')).toBe(true)
    expect(await inspect('tsdx_c1')).toBeNull()
    expect(await inspect('tsdx_c2')).not.toBeNull()
    expect(await inspect('tsdx/img:1')).toBeNull()
    const again = strip(await runOn(dockerPrune, { containers: true, containers_filters: f, volumes: true, volumes_filters: f }))
    expect(again).toEqual({ changed: false, containers: [], containers_space_reclaimed: 0, volumes: [], volumes_space_reclaimed: 0 })
  })

  it('a docker_host other than a unix socket is refused clearly', async () => {
    expect(strip(await runOn(dockerPrune, { containers: true, docker_host: 'tcp://10.0.0.1:2375' }))).toMatchObject({ failed: true, msg: expect.stringMatching(/only unix:\/\/ sockets/) })
  })
})
