/**
 * Every kolla_docker action against the real Docker engine, over the local connection
 * (a host without systemd: the engine's restart policy stands in for kolla's units; the
 * units themselves are tested over SSH on the lab hosts). Pulls come from a loopback
 * registry serving the fake kolla images.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalConnection } from '../../src/connection/local.js'
import kollaDocker from '../../plugins/kolla/modules/kolla-docker.js'
import { cleanup, docker, ensureFakeImages, fakeImage, inspect, runOn, strip } from './helpers/engine.js'
import { startRegistry, type TestRegistry } from './helpers/registry.js'

const P = 'tsda_'
const IMAGE = fakeImage('cron')
const OTHER = fakeImage('memcached')
const COMMON = {
  environment: { KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS' },
  restart_policy: 'unless-stopped',
  restart_retries: '10',
  graceful_timeout: '2',
  client_timeout: '120',
}

const kd = (args: Record<string, unknown>, check = false) => runOn(kollaDocker, { common_options: COMMON, ...args }, { check, diff: check })

let registry: TestRegistry
let authRegistry: TestRegistry

beforeAll(async () => {
  await ensureFakeImages()
  await cleanup(P)
  registry = await startRegistry()
  authRegistry = await startRegistry({ username: 'kolla', password: 's3cret' })
  await registry.add(IMAGE, 'kolla/cron', 'a')
  await registry.add(OTHER, 'kolla/cron', 'b')
  await authRegistry.add(IMAGE, 'kolla/cron', 'a')
}, 300_000)

afterAll(async () => {
  await cleanup(P)
  for (const r of [registry, authRegistry]) {
    await r?.close()
    if (r) await docker('image', 'rm', '-f', `${r.host}/kolla/cron:a`, `${r.host}/kolla/cron:b`).catch(() => '')
  }
})

describe('volumes', () => {
  it('create_volume and remove_volume are idempotent on the name; an in-use volume is not removed', async () => {
    const name = `${P}vol`
    expect(strip(await kd({ action: 'create_volume', name }))).toMatchObject({ changed: true, result: false })
    expect(JSON.parse(await docker('volume', 'inspect', name))[0].Driver).toBe('local')
    expect(strip(await kd({ action: 'create_volume', name }))).toEqual({ changed: false, result: false })
    await kd({ action: 'start_container', name: `${P}voluser`, image: IMAGE, volumes: [`${name}:/data`] })
    expect(strip(await kd({ action: 'remove_volume', name }))).toMatchObject({ failed: true, msg: `Volume named '${name}' is currently in-use` })
    await kd({ action: 'stop_and_remove_container', name: `${P}voluser` })
    expect(strip(await kd({ action: 'remove_volume', name }))).toMatchObject({ changed: true })
    expect(strip(await kd({ action: 'remove_volume', name }))).toEqual({ changed: false, result: false })
  })
})

describe('images', () => {
  it('pull_image reports a change only when the image id changes; ensure_image pulls only what is missing', async () => {
    const image = `${registry.host}/kolla/cron:a`
    await docker('image', 'rm', '-f', image).catch(() => '')
    expect(strip(await kd({ action: 'ensure_image', image }))).toMatchObject({ changed: true })
    expect(strip(await kd({ action: 'ensure_image', image }))).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'pull_image', image }))).toEqual({ changed: false, result: false })
    // The tag now names another image: the pull changes it.
    await docker('tag', OTHER, image)
    expect(strip(await kd({ action: 'pull_image', image }))).toMatchObject({ changed: true })
    expect(JSON.parse(await docker('image', 'inspect', image))[0].Id).toBe(JSON.parse(await docker('image', 'inspect', IMAGE))[0].Id)
  })

  it('pulls from a registry that needs a login with the credentials given (auth_*)', async () => {
    const image = `${authRegistry.host}/kolla/cron:a`
    await docker('image', 'rm', '-f', image).catch(() => '')
    const denied = strip(await kd({ action: 'pull_image', image }))
    expect(denied).toMatchObject({ failed: true })
    expect(String(denied.msg)).toMatch(/could not be pulled|does not exist|no basic auth|unauthorized/i)
    const auth = { auth_username: 'kolla', auth_password: 's3cret', auth_registry: authRegistry.host }
    const r = await kd({ action: 'pull_image', image, ...auth })
    expect(strip(r)).toMatchObject({ changed: true })
    expect(JSON.stringify(r)).not.toContain('s3cret')
    expect(authRegistry.requests.some((l) => l.startsWith('GET /v2/kolla/cron/manifests/a') || l.startsWith('HEAD /v2/kolla/cron/manifests/a'))).toBe(true)
  })

  it('a missing image fails with one clear message, with and without a registry', async () => {
    const withRegistry = strip(await kd({ action: 'pull_image', image: `${registry.host}/kolla/nothing:1` }))
    expect(withRegistry).toMatchObject({ failed: true, msg: expect.stringMatching(/^The requested image does not exist: 127\.0\.0\.1:\d+\/kolla\/nothing:1/) })
    const noRegistry = strip(await kd({ action: 'start_container', name: `${P}nope`, image: 'registry.invalid/kolla/nothing:1' }))
    expect(noRegistry).toMatchObject({ failed: true, msg: expect.stringMatching(/^The image registry\.invalid\/kolla\/nothing:1 could not be pulled: /) })
    expect(await inspect(`${P}nope`)).toBeNull()
  })

  it('compare_image is true for a container of another image, remove_image refuses an image in use', async () => {
    const name = `${P}img`
    const image = `${registry.host}/kolla/cron:b`
    await kd({ action: 'pull_image', image })
    await kd({ action: 'start_container', name, image })
    expect(strip(await kd({ action: 'compare_image', name, image }))).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'compare_image', name, image: IMAGE }))).toMatchObject({ changed: false, result: true })
    expect(strip(await kd({ action: 'compare_image', name: `${P}absent`, image }))).toMatchObject({ changed: false, result: true })
    await kd({ action: 'remove_container', name })
    // An image with one tag, used by a container: the engine refuses to remove it.
    const only = `${P}only:1`
    await docker('create', '--name', `${P}tmp`, IMAGE)
    await docker('commit', `${P}tmp`, only)
    await kd({ action: 'start_container', name, image: only })
    expect(strip(await kd({ action: 'remove_image', image: only }))).toMatchObject({ failed: true, msg: `Image '${only}' is currently in-use` })
    await kd({ action: 'remove_container', name })
    expect(strip(await kd({ action: 'remove_image', image: only }))).toMatchObject({ changed: true })
    expect(strip(await kd({ action: 'remove_image', image: only }))).toEqual({ changed: false, result: false })
    expect(await inspect(only)).toBeNull()
  })
})

describe('containers', () => {
  const name = `${P}svc`
  const base = { name, image: IMAGE, volumes: [`${P}logs:/var/log/kolla/`, ''], environment: { A: 'x' } }

  it('start_container creates and starts once; a second run changes nothing', async () => {
    const first = strip(await kd({ action: 'start_container', ...base }))
    expect(first).toMatchObject({ changed: true, result: false, container_plan: { operation: 'create', steps: ['create_container', 'start_container'] } })
    const c = await inspect(name)
    expect(c!.State.Running).toBe(true)
    expect(c!.HostConfig.RestartPolicy).toEqual({ Name: 'unless-stopped', MaximumRetryCount: 0 })
    expect(strip(await kd({ action: 'start_container', ...base }))).toEqual({ changed: false, result: false })
    expect((await inspect(name))!.Id).toBe(c!.Id)
  })

  it('get_container_env and get_container_state return the container env and state', async () => {
    const env = strip(await kd({ action: 'get_container_env', name }))
    expect(env).toMatchObject({ A: 'x', KOLLA_CONFIG_STRATEGY: 'COPY_ALWAYS', KOLLA_SERVICE_NAME: 'tsda-svc', changed: false })
    const state = strip(await kd({ action: 'get_container_state', name }))
    expect(state).toMatchObject({ Running: true, Status: 'running', ExitCode: 0 })
    expect(strip(await kd({ action: 'get_container_env', name: `${P}absent` }))).toMatchObject({ failed: true, msg: `No such container: ${P}absent` })
  })

  it('stop_container stops once; a missing container fails unless ignore_missing', async () => {
    expect(strip(await kd({ action: 'stop_container', name }))).toMatchObject({ changed: true })
    expect((await inspect(name))!.State.Status).toBe('exited')
    expect(strip(await kd({ action: 'stop_container', name }))).toEqual({ changed: false, result: false })
    expect(strip(await kd({ action: 'stop_container', name: `${P}absent` }))).toMatchObject({ failed: true, msg: `No such container: ${P}absent to stop` })
    expect(strip(await kd({ action: 'stop_container', name: `${P}absent`, ignore_missing: true }))).toEqual({ changed: false, result: false })
    // A stopped container differs in state: start_container recreates it (kolla's rule).
    const started = strip(await kd({ action: 'start_container', ...base }))
    expect(started).toMatchObject({ changed: true, container_plan: { operation: 'recreate', differences: [{ attribute: 'state', current: 'exited', wanted: 'running' }] } })
  })

  it('restart_container restarts (same container, new start); a missing one fails', async () => {
    const before = (await inspect(name))!
    expect(strip(await kd({ action: 'restart_container', name }))).toMatchObject({ changed: true, container_plan: { operation: 'restart' } })
    const after = (await inspect(name))!
    expect(after.Id).toBe(before.Id)
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt)
    expect(strip(await kd({ action: 'restart_container', name: `${P}absent` }))).toMatchObject({ failed: true, msg: `No such container: ${P}absent` })
  })

  it('recreate_or_restart_container: restart for COPY_ALWAYS, new container for COPY_ONCE or a difference, create when missing', async () => {
    const id = (await inspect(name))!.Id
    expect(strip(await kd({ action: 'recreate_or_restart_container', ...base }))).toMatchObject({ changed: true, container_plan: { operation: 'restart' } })
    expect((await inspect(name))!.Id).toBe(id)
    const once = strip(await kd({ action: 'recreate_or_restart_container', ...base, environment: { A: 'x', KOLLA_CONFIG_STRATEGY: 'COPY_ONCE' } }))
    expect(once).toMatchObject({ changed: true, container_plan: { operation: 'recreate' } })
    const id2 = (await inspect(name))!.Id
    expect(id2).not.toBe(id)
    await kd({ action: 'recreate_or_restart_container', ...base, environment: { A: 'y' } })
    expect((await inspect(name))!.Id).not.toBe(id2)
    expect((await inspect(name))!.Config.Env).toContain('A=y')
    await kd({ action: 'remove_container', name })
    expect(strip(await kd({ action: 'recreate_or_restart_container', ...base }))).toMatchObject({ changed: true, container_plan: { operation: 'create' } })
    expect((await inspect(name))!.State.Running).toBe(true)
  })

  it('remove_container and stop_and_remove_container remove once', async () => {
    expect(strip(await kd({ action: 'stop_and_remove_container', name }))).toMatchObject({ changed: true })
    expect(await inspect(name)).toBeNull()
    expect(strip(await kd({ action: 'stop_and_remove_container', name }))).toEqual({ changed: false, result: false })
    await kd({ action: 'start_container', ...base })
    expect(strip(await kd({ action: 'remove_container', name }))).toMatchObject({ changed: true })
    expect(strip(await kd({ action: 'remove_container', name }))).toEqual({ changed: false, result: false })
  })

  it('a oneshot container without detach runs to its end: rc, stdout and stderr, removed after', async () => {
    const r = strip(
      await kd({ action: 'start_container', name: `${P}boot`, image: IMAGE, restart_policy: 'oneshot', detach: false, command: "sh -c 'echo out; echo err >&2'" }),
    )
    expect(r).toMatchObject({ changed: true, rc: 0, stdout: 'out\n', stderr: 'err\n' })
    expect(await inspect(`${P}boot`)).toBeNull()
    const bad = strip(await kd({ action: 'start_container', name: `${P}boot`, image: IMAGE, restart_policy: 'oneshot', detach: false, command: "sh -c 'exit 3'" }))
    expect(bad).toMatchObject({ failed: true, rc: 3, msg: 'Container exited with non-zero return code 3' })
    expect(await inspect(`${P}boot`)).toBeNull()
  })

  it('a container that exits at once fails the task and is not left behind', async () => {
    const r = strip(await kd({ action: 'start_container', name: `${P}crash`, image: IMAGE, command: "sh -c 'echo broken config >&2; exit 3'" }))
    // Its output: the engine may have restarted it (its restart policy) before it was seen.
    expect(r).toMatchObject({ failed: true, rc: 3, msg: expect.stringMatching(new RegExp(`^Container ${P}crash exited at once with code 3: broken config(\nbroken config)*$`)) })
    expect(await inspect(`${P}crash`)).toBeNull()
  })
})

describe('faults and arguments', () => {
  it('an engine that cannot be reached is one clear error', async () => {
    // A host whose engine socket is missing: the connection opens a path that is not there.
    const missing = join(mkdtempSync(join(tmpdir(), 'tsda-')), 'docker.sock')
    const connection = new (class extends LocalConnection {
      openUnixStream(_path: string) {
        return super.openUnixStream(missing)
      }
    })()
    const r = strip(await runOn(kollaDocker, { action: 'get_container_state', name: `${P}x` }, { connection }))
    expect(r).toMatchObject({ failed: true, changed: false })
    expect(r.msg).toMatch(/^Cannot reach the container engine at unix:\/\/\/var\/run\/docker\.sock: .*ENOENT.*\(is dockerd running on the host, and may the login user open its socket\?\)$/)
  })

  it('wrong arguments: required_if, choices, unsupported dimensions, healthcheck keys', async () => {
    expect(strip(await kd({ action: 'start_container', name: `${P}a` }))).toMatchObject({ failed: true, msg: 'action is start_container but all of the following are missing: image' })
    expect(strip(await kd({ action: 'stop_container' }))).toMatchObject({ failed: true, msg: 'action is stop_container but all of the following are missing: name' })
    expect(strip(await kd({ action: 'bogus', name: 'x' }))).toMatchObject({ failed: true, msg: expect.stringMatching(/^value of action must be one of: compare_container, /) })
    const dims = strip(await kd({ action: 'start_container', name: `${P}a`, image: IMAGE, dimensions: { mem: '1g' } }))
    expect(dims).toMatchObject({ failed: true, unsupported_dimensions: ['mem'], msg: expect.stringMatching(/^Unsupported dimensions: mem/) })
    const hc = strip(await kd({ action: 'start_container', name: `${P}a`, image: IMAGE, healthcheck: { test: 'true', interval: 1 } }))
    expect(hc).toMatchObject({ failed: true, missing_healthcheck: ['timeout', 'start_period', 'retries'] })
    expect(await inspect(`${P}a`)).toBeNull()
  })
})
