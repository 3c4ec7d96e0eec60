/**
 * Check mode, which kolla's module does not have: the comparisons run (they only read),
 * and the actions that would change something report the container plan (what, and which
 * attributes differ) and its diff, while the engine is left as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readContainerPlan } from '../../plugins/kolla/docker/container-plan.js'
import kollaDocker from '../../plugins/kolla/modules/kolla-docker.js'
import { cleanup, docker, ensureFakeImages, fakeImage, inspect, runOn, strip } from './helpers/engine.js'

const P = 'tsdk_'
const name = `${P}svc`
const COMMON = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', graceful_timeout: '2' }
const BASE = { name, image: fakeImage('cron'), environment: { A: '1' }, labels: { role: 'x' } }

const kd = (args: Record<string, unknown>, check = true) => runOn(kollaDocker, { common_options: COMMON, ...args }, { check, diff: true })

beforeAll(async () => {
  await ensureFakeImages()
  await cleanup(P)
}, 300_000)

afterAll(() => cleanup(P))

describe('check mode', () => {
  it('start_container of a missing container: would create and start, creates nothing', async () => {
    const r = strip(await kd({ action: 'start_container', ...BASE }))
    expect(r).toMatchObject({
      changed: true,
      container_plan: { action: 'start_container', name, image: BASE.image, operation: 'create', steps: ['create_container', 'start_container'], differences: [], check_mode: true },
    })
    expect(r.diff).toMatchObject({ before_header: `${name} (current)`, after_header: `${name} (kolla_docker start_container)`, before: '', after: '# would create (create_container, start_container)\n' })
    expect(await inspect(name)).toBeNull()
  })

  it('a missing image would be pulled first', async () => {
    const r = strip(await kd({ action: 'start_container', ...BASE, image: 'registry.invalid/x:1' }))
    expect(r).toMatchObject({ changed: true, container_plan: { operation: 'create', steps: ['pull_image', 'create_container', 'start_container'] } })
    expect(strip(await kd({ action: 'ensure_image', image: 'registry.invalid/x:1' }))).toMatchObject({ changed: true, container_plan: { operation: 'pull' } })
    expect(strip(await kd({ action: 'ensure_image', image: BASE.image }))).toMatchObject({ changed: false, container_plan: { operation: 'none', steps: [] } })
  })

  it('a container that differs: would recreate, every differing attribute listed in kolla order, left running', async () => {
    await kd({ action: 'start_container', ...BASE }, false)
    const before = (await inspect(name))!
    const r = strip(await kd({ action: 'start_container', ...BASE, environment: { A: '2' }, labels: { role: 'y' }, image: fakeImage('memcached') }))
    expect(r).toMatchObject({
      changed: true,
      container_plan: {
        operation: 'recreate',
        steps: ['stop_container', 'remove_container', 'create_container', 'start_container'],
        differences: [
          { attribute: 'image' },
          { attribute: 'labels', current: { role: 'x' }, wanted: { role: 'y' } },
          { attribute: 'environment.A', current: '1', wanted: '2' },
        ],
      },
    })
    const diff = r.diff as { before: string; after: string }
    expect(diff.before).toContain('environment.A: "1"\n')
    expect(diff.after).toContain('environment.A: "2"\n')
    expect(diff.after).toContain('# would recreate (stop_container, remove_container, create_container, start_container)\n')
    const after = (await inspect(name))!
    expect([after.Id, after.State.StartedAt, after.State.Running]).toEqual([before.Id, before.State.StartedAt, true])
  })

  it('an unchanged container: nothing would happen', async () => {
    expect(strip(await kd({ action: 'start_container', ...BASE }))).toMatchObject({ changed: false, container_plan: { operation: 'none', steps: [], differences: [] } })
  })

  it('compare_container and compare_image run in check mode (they only read)', async () => {
    expect(strip(await kd({ action: 'compare_container', ...BASE }))).toMatchObject({ changed: false, result: false })
    expect(strip(await kd({ action: 'compare_container', ...BASE, environment: { A: '3' } }))).toMatchObject({
      changed: true,
      result: true,
      container_plan: { operation: 'none', differences: [{ attribute: 'environment.A', current: '1', wanted: '3' }] },
    })
    expect(strip(await kd({ action: 'compare_image', ...BASE, image: fakeImage('memcached') }))).toMatchObject({ changed: false, result: true })
    expect(strip(await kd({ action: 'get_container_state', name }))).toMatchObject({ Running: true })
  })

  it('restart, recreate_or_restart, stop, remove: would do, did not', async () => {
    const before = (await inspect(name))!
    expect(strip(await kd({ action: 'restart_container', name }))).toMatchObject({ changed: true, container_plan: { operation: 'restart', steps: ['restart_container'] } })
    expect(strip(await kd({ action: 'recreate_or_restart_container', ...BASE }))).toMatchObject({ changed: true, container_plan: { operation: 'restart' } })
    const once = strip(await kd({ action: 'recreate_or_restart_container', ...BASE, environment: { A: '1', KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' } }))
    expect(once).toMatchObject({ changed: true, container_plan: { operation: 'recreate', differences: [{ attribute: 'config_strategy', wanted: 'COPY_ONCE' }] } })
    expect(strip(await kd({ action: 'stop_container', name }))).toMatchObject({ changed: true, container_plan: { operation: 'stop' } })
    expect(strip(await kd({ action: 'stop_and_remove_container', name }))).toMatchObject({ changed: true, container_plan: { operation: 'remove', steps: ['stop_container', 'remove_container'] } })
    expect(strip(await kd({ action: 'restart_container', name: `${P}absent` }))).toMatchObject({ failed: true, msg: `No such container: ${P}absent` })
    const after = (await inspect(name))!
    expect([after.Id, after.State.StartedAt, after.State.Running]).toEqual([before.Id, before.State.StartedAt, true])
  })

  it('volumes and images', async () => {
    expect(strip(await kd({ action: 'create_volume', name: `${P}vol` }))).toMatchObject({ changed: true, container_plan: { operation: 'create_volume' } })
    expect(JSON.parse(await docker('volume', 'ls', '-q', '--filter', `name=${P}vol`, '--format', '{{json .}}').then((o) => `[${o.trim().split('\n').filter(Boolean).join(',')}]`))).toEqual([])
    expect(strip(await kd({ action: 'remove_image', image: BASE.image }))).toMatchObject({ changed: true, container_plan: { operation: 'remove_image' } })
    expect(await inspect(BASE.image)).not.toBeNull()
  })

  it('without --diff the plan is there and the diff is not', async () => {
    const r = strip(await runOn(kollaDocker, { common_options: COMMON, action: 'stop_container', name }, { check: true, diff: false }))
    expect(r.container_plan).toMatchObject({ operation: 'stop' })
    expect(r.diff).toBeUndefined()
  })

  it('readContainerPlan: the plan of a result, null without one, an error for another shape', async () => {
    const r = strip(await kd({ action: 'start_container', ...BASE, environment: { A: '4' } }))
    expect(readContainerPlan(r)).toEqual(r.container_plan)
    expect(readContainerPlan(r)).toMatchObject({ operation: 'recreate', differences: [{ attribute: 'environment.A', current: '1', wanted: '4' }], check_mode: true })
    expect(readContainerPlan({ changed: false })).toBeNull()
    expect(readContainerPlan('x')).toBeNull()
    expect(() => readContainerPlan({ container_plan: { ...(r.container_plan as object), operation: 'explode' } })).toThrow(/container_plan is not a container plan/)
    expect(() => readContainerPlan({ container_plan: { ...(r.container_plan as object), steps: ['fly'] } })).toThrow(/container_plan is not a container plan/)
  })
})
