/**
 * kolla_docker (kolla-ansible 2023.1, census §8.3): kolla's container lifecycle module.
 *
 * It speaks the Docker Engine API as kolla's module does through docker-py, over a stream
 * to the engine's unix socket on the host (forwarded on the host's SSH connection, or the
 * socket itself locally): nothing but the engine is needed on the host. The container
 * create request is docker-py's, byte for byte; the comparison rules are kolla's, in
 * kolla's order; containers get kolla's systemd units, driven with systemctl.
 *
 * Check mode (kolla's module has none): compare_container, compare_image and the getters
 * run, since they only read; the other actions report what they would do and why in the
 * result's `container_plan` (plugins/kolla/docker/container-plan.ts) and as a diff.
 *
 * `container_engine: podman` (kolla master's argument) uses Podman's Docker-compatible
 * socket and podman in the units.
 */
import { ConnectionFailure, defineModule, ModuleFailure, type ModuleContext, type ModuleResult } from '../../../src/plugin-kit.js'
import { CONTAINER_PLAN_KEY, planDiff } from '../docker/container-plan.js'
import { ContainerWorker } from '../docker/container-worker.js'
import { DockerApiError, DOCKER_SOCKET, EngineClient, EngineUnreachableError, PODMAN_SOCKET } from '../docker/engine-client.js'
import { HttpTimeoutError } from '../docker/http-client.js'
import { generateParams, type KollaParams } from '../docker/kolla-params.js'
import { containerEngineOf } from './release-args.js'
import { hostHasSystemd } from '../docker/systemd-unit.js'

const ACTIONS = [
  'compare_container', 'compare_image', 'create_volume', 'ensure_image', 'get_container_env', 'get_container_state',
  'pull_image', 'recreate_or_restart_container', 'remove_container', 'remove_image', 'remove_volume', 'restart_container',
  'start_container', 'stop_container', 'stop_and_remove_container',
] as const

type Action = (typeof ACTIONS)[number]

/** Actions that may touch the container's systemd unit. */
const UNIT_ACTIONS = new Set<string>([
  'compare_container', 'recreate_or_restart_container', 'remove_container', 'restart_container', 'start_container',
  'stop_container', 'stop_and_remove_container',
])

const str = { type: 'string' }
const list = { type: 'array', items: { type: 'string' } }

/** kolla's argument_spec, in its order (generate_module walks it in this order). */
const PROPERTIES = {
  common_options: { type: 'object', default: {} },
  action: { type: 'string', enum: [...ACTIONS] },
  api_version: str,
  auth_email: str,
  auth_password: str,
  auth_registry: str,
  auth_username: str,
  command: str,
  detach: { type: 'boolean', default: true },
  labels: { type: 'object', default: {} },
  name: str,
  environment: { type: 'object' },
  healthcheck: { type: 'object' },
  image: str,
  ipc_mode: { type: 'string', enum: ['', 'host', 'private', 'shareable'] },
  cap_add: { ...list, default: [] },
  security_opt: { ...list, default: [] },
  pid_mode: { type: 'string', enum: ['', 'host', 'private'] },
  cgroupns_mode: { type: 'string', enum: ['private', 'host'] },
  privileged: { type: 'boolean', default: false },
  graceful_timeout: { type: 'integer' },
  remove_on_exit: { type: 'boolean', default: true },
  restart_policy: { type: 'string', enum: ['no', 'on-failure', 'oneshot', 'always', 'unless-stopped'] },
  restart_retries: { type: 'integer' },
  state: { type: 'string', enum: ['running', 'exited', 'paused'], default: 'running' },
  tls_verify: { type: 'boolean', default: false },
  tls_cert: str,
  tls_key: str,
  tls_cacert: str,
  tmpfs: list,
  volumes: list,
  volumes_from: list,
  dimensions: { type: 'object', default: {} },
  tty: { type: 'boolean', default: false },
  client_timeout: { type: 'integer' },
  ignore_missing: { type: 'boolean', default: false },
  container_engine: { type: 'string', enum: ['docker', 'podman'] },
}

/** The parameter names, in kolla's order (what generate_module walks). */
export const PARAM_NAMES = Object.keys(PROPERTIES)

const NEEDS_NAME = ACTIONS.filter((a) => !['pull_image', 'ensure_image', 'remove_image', 'start_container'].includes(a))

export default defineModule<Record<string, unknown>>({
  name: 'kolla_docker',
  fqcns: ['kolla_container'],
  summary: "kolla's container lifecycle on the host's container engine",
  args: { type: 'object', properties: PROPERTIES, required: ['action'] },
  noLog: ['auth_password'],
  requiredIf: [
    ['action', 'pull_image', ['image']],
    ['action', 'ensure_image', ['image']],
    ['action', 'remove_image', ['image']],
    ['action', 'start_container', ['image', 'name']],
    ...NEEDS_NAME.map((a) => ['action', a, ['name']] as [string, unknown, string[]]),
  ],
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const p = generateParams(PARAM_NAMES, args)
    const socket = containerEngineOf(p) === 'podman' ? PODMAN_SOCKET : DOCKER_SOCKET
    let dc: EngineClient
    try {
      dc = await EngineClient.connect((path) => ctx.openUnixStream(path), { version: p.api_version, timeoutS: p.client_timeout, socket })
    } catch (e) {
      return ctx.fail(failureMessage(e, p), { changed: false })
    }
    let worker: ContainerWorker | undefined
    try {
      const systemd = UNIT_ACTIONS.has(p.action) ? await hostHasSystemd(ctx) : false
      worker = new ContainerWorker(ctx, p, dc, systemd)
      return await runAction(worker, p, ctx)
    } catch (e) {
      if (e instanceof ConnectionFailure) throw e
      const extra = e instanceof ModuleFailure ? e.extra : {}
      return ctx.fail(failureMessage(e, p), { changed: worker?.changed ?? false, ...extra, ...planKeys(worker, p, ctx, true) })
    } finally {
      dc.close()
    }
  },
})

async function runAction(w: ContainerWorker, p: KollaParams, ctx: ModuleContext): Promise<ModuleResult> {
  let ret: unknown = null
  switch (p.action as Action) {
    case 'get_container_env':
      return { ...(await w.containerEnv()) }
    case 'get_container_state':
      return { ...(await w.containerState()) }
    case 'compare_container':
      ret = await w.compareContainer()
      break
    case 'compare_image':
      ret = await w.compareImage()
      break
    case 'create_volume':
      await w.createVolume()
      break
    case 'ensure_image':
      await w.ensureImage()
      break
    case 'pull_image':
      await w.pullImage()
      break
    case 'recreate_or_restart_container':
      await w.recreateOrRestartContainer()
      break
    case 'remove_container':
      await w.removeContainer()
      break
    case 'remove_image':
      await w.removeImage()
      break
    case 'remove_volume':
      await w.removeVolume()
      break
    case 'restart_container':
      await w.restartContainer()
      break
    case 'start_container':
      await w.startContainer()
      break
    case 'stop_container':
      await w.stopContainer()
      break
    case 'stop_and_remove_container':
      await w.stopAndRemoveContainer()
      break
  }
  return { changed: w.changed, result: Boolean(ret), ...w.result, ...planKeys(w, p, ctx, false) }
}

/**
 * `container_plan` in check mode always, otherwise when something changed; its diff only
 * under --diff (a module fills its diff only then, as Ansible's do).
 */
function planKeys(w: ContainerWorker | undefined, p: KollaParams, ctx: ModuleContext, failed: boolean): Record<string, unknown> {
  if (!w || !(ctx.check || w.changed || (failed && w.plan.steps.length))) return {}
  const plan = w.plan.plan(p.action, p.name, p.image, ctx.check)
  return { [CONTAINER_PLAN_KEY]: plan, ...(ctx.diff ? { diff: planDiff(plan) } : {}) }
}

function failureMessage(e: unknown, p: KollaParams): string {
  if (e instanceof EngineUnreachableError) {
    return `${e.message} (is ${containerEngineOf(p) === 'podman' ? 'the podman socket service' : 'dockerd'} running on the host, and may the login user open its socket?)`
  }
  if (e instanceof ModuleFailure) return e.message
  if (e instanceof DockerApiError) return `${p.action} ${p.name ?? p.image ?? ''}: the engine answered ${e.status} to ${e.request}: ${e.explanation}`
  if (e instanceof HttpTimeoutError) return `${p.action} ${p.name ?? p.image ?? ''}: the engine did not answer in time: ${e.message}`
  return `${p.action} ${p.name ?? p.image ?? ''} failed: ${(e as Error)?.message ?? String(e)}`
}
