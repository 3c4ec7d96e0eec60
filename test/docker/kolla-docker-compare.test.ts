/**
 * kolla's comparison rules on real containers: from one running container, each
 * attribute changed alone is seen by compare_container (as that attribute, the first
 * difference in kolla's order), start_container then recreates the container, and the
 * unchanged container is left alone (compare false, start changes nothing).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import kollaDocker from '../../plugins/kolla/modules/kolla-docker.js'
import { cleanup, docker, ensureFakeImages, fakeImage, inspect, runOn, strip } from './helpers/engine.js'

const P = 'tsdc_'
const name = `${P}svc`
const config = mkdtempSync(join(tmpdir(), 'tsdc-config-'))
const COMMON = { environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' }, restart_policy: 'unless-stopped', restart_retries: '10', graceful_timeout: '2', client_timeout: '120' }
const BASE = {
  name,
  image: fakeImage('cron'),
  volumes: [`${config}/:/var/lib/kolla/config_files/:ro`, `${P}logs:/var/log/kolla/`, '/etc/localtime:/etc/localtime:ro', ''],
  labels: { role: 'test' },
  environment: { SERVICE: 'cron' },
  dimensions: { ulimits: { nofile: { soft: 1024, hard: 2048 } } },
  healthcheck: { test: ['CMD-SHELL', 'true'], interval: '30', timeout: '30', start_period: '5', retries: '3' },
}

const kd = (args: Record<string, unknown>) => runOn(kollaDocker, { common_options: COMMON, ...args })
const compare = async (over: Record<string, unknown>) => strip(await kd({ action: 'compare_container', ...BASE, ...over }))

beforeAll(async () => {
  await ensureFakeImages()
  await cleanup(P)
  writeFileSync(join(config, 'config.json'), '{"command": "sleep infinity", "config_files": []}\n')
  expect(strip(await kd({ action: 'start_container', ...BASE }))).toMatchObject({ changed: true })
}, 300_000)

afterAll(() => cleanup(P))

describe('an unchanged container is left alone', () => {
  it('compare_container is false and start_container changes nothing', async () => {
    const id = (await inspect(name))!.Id
    expect(await compare({})).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'start_container', ...BASE }))).toEqual({ changed: false, result: false })
    // The same command as the image's entrypoint and command: equal (kolla compares Path and Args).
    expect(await compare({ command: 'dumb-init --single-child -- kolla_start' })).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'recreate_or_restart_container', ...BASE }))).toMatchObject({
      changed: true,
      container_plan: { operation: 'restart', differences: [] },
    })
    expect((await inspect(name))!.Id).toBe(id)
  })
})

/** Each change, the attribute kolla reports first, and whether the new container then matches. */
const CASES: [string, Record<string, unknown>, string, boolean][] = [
  ['cap_add', { cap_add: ['NET_ADMIN'] }, 'cap_add', true],
  ['security_opt', { security_opt: ['no-new-privileges'] }, 'security_opt', true],
  ['image', { image: fakeImage('memcached') }, 'image', true],
  ['ipc_mode', { ipc_mode: 'host' }, 'ipc_mode', true],
  ['labels', { labels: { role: 'other' } }, 'labels', true],
  ['privileged', { privileged: true }, 'privileged', false],
  ['pid_mode', { pid_mode: 'host' }, 'pid_mode', true],
  ['cgroupns_mode', { cgroupns_mode: 'private' }, 'cgroupns_mode', true],
  ['tmpfs', { tmpfs: ['/run/extra', ''] }, 'tmpfs', true],
  ['volumes (mode)', { volumes: [`${config}/:/var/lib/kolla/config_files/:rw`, `${P}logs:/var/log/kolla/`, '/etc/localtime:/etc/localtime:ro'] }, 'binds', true],
  ['volumes (new bind)', { volumes: [...BASE.volumes, '/etc/hostname:/etc/host-name:ro'] }, 'volumes', true],
  ['volumes (anonymous)', { volumes: [...BASE.volumes, '/data'] }, 'volumes', true],
  ['volumes_from', { volumes_from: [`${P}donor`] }, 'volumes_from', true],
  ['environment', { environment: { SERVICE: 'other' } }, 'environment.SERVICE', true],
  ['dimensions (memory)', { dimensions: { ...BASE.dimensions, mem_limit: '64m', memswap_limit: '64m' } }, 'dimensions.mem_limit', true],
  ['dimensions (ulimits)', { dimensions: { ulimits: { nofile: { soft: 1024, hard: 4096 } } } }, 'dimensions.ulimits', true],
  // kolla compares the command with Path and Args, which start with the image's entrypoint:
  // a command for an image with an entrypoint always differs (kolla recreates every time).
  ['command', { command: 'kolla_start' }, 'command', false],
  ['healthcheck', { healthcheck: { ...BASE.healthcheck, retries: '4' } }, 'healthcheck', true],
]

describe('each attribute change is detected and start_container recreates', () => {
  beforeAll(async () => {
    await docker('create', '--name', `${P}donor`, '-v', '/donated', fakeImage('cron'))
  })

  for (const [label, over, attribute, converges] of CASES) {
    it(label, async () => {
      const changed = await compare(over)
      expect(changed).toMatchObject({ changed: true, result: true })
      expect((changed.container_plan as { differences: { attribute: string }[] }).differences[0].attribute).toBe(attribute)
      if (!converges) return
      const id = (await inspect(name))!.Id
      const started = strip(await kd({ action: 'start_container', ...BASE, ...over }))
      expect(started).toMatchObject({ changed: true, container_plan: { operation: 'recreate' } })
      expect((await inspect(name))!.Id).not.toBe(id)
      expect(await compare(over)).toEqual({ changed: false, result: false })
      // Back to the base container for the next case.
      await kd({ action: 'start_container', ...BASE })
      expect(await compare({})).toEqual({ changed: false, result: false })
    })
  }
})

describe('compare_container beyond check_container_differs', () => {
  it('sees the state (a stopped container)', async () => {
    await docker('stop', '-t', '1', name)
    expect(await compare({})).toMatchObject({ changed: true, container_plan: { differences: [{ attribute: 'state', current: 'exited', wanted: 'running' }] } })
    await kd({ action: 'start_container', ...BASE })
  })

  it('sees changed config files (kolla_set_configs --check in the container)', async () => {
    writeFileSync(join(config, 'extra.conf'), 'x = 1\n')
    expect(await compare({})).toMatchObject({ changed: true, container_plan: { differences: [{ attribute: 'config' }] } })
    // COPY_ALWAYS: the handler's recreate_or_restart restarts, and kolla_start applies it.
    expect(strip(await kd({ action: 'recreate_or_restart_container', ...BASE }))).toMatchObject({ changed: true, container_plan: { operation: 'restart' } })
    expect(await compare({})).toEqual({ changed: false, result: false })
  })

  it('sees another restart policy (no systemd: the engine restarts the container)', async () => {
    const r = strip(await runOn(kollaDocker, { common_options: { ...COMMON, restart_policy: 'always' }, action: 'compare_container', ...BASE }))
    expect(r).toMatchObject({ changed: true, container_plan: { differences: [{ attribute: 'restart_policy', current: 'unless-stopped', wanted: 'always' }] } })
    await runOn(kollaDocker, { common_options: { ...COMMON, restart_policy: 'always' }, action: 'restart_container', ...BASE })
    expect((await inspect(name))!.HostConfig.RestartPolicy.Name).toBe('always')
  })
})
