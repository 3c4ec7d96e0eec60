/**
 * kolla_docker (kolla-ansible 2023.1, ansible/library/kolla_docker.py): kolla's
 * container lifecycle module, driven through the host's `docker` CLI over the task's
 * connection.
 *
 * What is here: the full argument spec (so every kolla task loads and validates), kolla's
 * parameter post-processing (common_options merged under the task's own), and the
 * actions on plain Docker: compare_container (the container-side checks of
 * check_container_differs that docker inspect exposes), compare_image, pull/ensure image,
 * start (create when missing or different), stop, restart, remove, recreate_or_restart,
 * volumes, get_container_env/state. Not yet: kolla's systemd units (kolla-<name>-container
 * services) and `kolla_set_configs --check`; containers use Docker's restart policy.
 */
import { defineModule, shlexSplit, type ModuleContext } from '../../../src/plugin-kit.js'
import { engineCli, type CliResult } from './container-cli.js'

const ACTIONS = [
  'compare_container', 'compare_image', 'create_volume', 'ensure_image', 'get_container_env', 'get_container_state',
  'pull_image', 'recreate_or_restart_container', 'remove_container', 'remove_image', 'remove_volume', 'restart_container',
  'start_container', 'stop_container', 'stop_and_remove_container',
] as const

type Action = (typeof ACTIONS)[number]

interface Args {
  action: Action
  name?: string
  image?: string
  command?: string
  common_options: Record<string, unknown>
  environment?: Record<string, unknown>
  labels: Record<string, string>
  volumes?: string[]
  volumes_from?: string[]
  tmpfs?: string[]
  cap_add: string[]
  security_opt: string[]
  privileged: boolean
  detach: boolean
  remove_on_exit: boolean
  restart_policy?: string
  restart_retries?: number
  graceful_timeout?: number
  client_timeout?: number
  ipc_mode?: string
  pid_mode?: string
  cgroupns_mode?: string
  state: string
  dimensions: Record<string, unknown>
  healthcheck?: Record<string, unknown>
  tty: boolean
  ignore_missing: boolean
  [k: string]: unknown
}

const str = { type: 'string' }
const list = { type: 'array', items: { type: 'string' } }

export default defineModule<Args>({
  name: 'kolla_docker',
  fqcns: ['kolla_container'],
  summary: "kolla's container lifecycle on the host's Docker engine",
  args: {
    type: 'object',
    properties: {
      action: { type: 'string', enum: [...ACTIONS] },
      api_version: str,
      auth_email: str,
      auth_password: str,
      auth_registry: str,
      auth_username: str,
      command: str,
      common_options: { type: 'object', default: {} },
      detach: { type: 'boolean', default: true },
      labels: { type: 'object', default: {} },
      name: str,
      environment: { type: 'object' },
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
      healthcheck: { type: 'object' },
      ignore_missing: { type: 'boolean', default: false },
    },
    required: ['action'],
  },
  noLog: ['auth_password'],
  requiredIf: [
    ['action', 'pull_image', ['image']],
    ['action', 'ensure_image', ['image']],
    ['action', 'remove_image', ['image']],
    ['action', 'start_container', ['image', 'name']],
    ...(['compare_container', 'compare_image', 'create_volume', 'get_container_env', 'get_container_state', 'recreate_or_restart_container', 'remove_container', 'remove_volume', 'restart_container', 'stop_container', 'stop_and_remove_container'] as const).map(
      (a) => ['action', a, ['name']] as [string, unknown, string[]],
    ),
  ],
  supports: { check: 'none' },
  async run(raw, ctx) {
    const p = withCommonOptions(raw)
    const w = new Worker(ctx, p)
    const result = await w.run(p.action)
    if (typeof result === 'object' && result !== null && !Array.isArray(result)) return { changed: w.changed, ...result }
    return { changed: w.changed, result: Boolean(result), ...w.result }
  },
})

const COMMON_DEFAULTS: Record<string, unknown> = { restart_retries: 10, api_version: 'auto', graceful_timeout: 10, client_timeout: 120 }

/** kolla's generate_module: the task's parameters over `common_options`, environments merged. */
function withCommonOptions(args: Args): Args {
  const common = { ...args.common_options }
  const env = { ...((common.environment as Record<string, unknown> | undefined) ?? {}) }
  delete common.environment
  const out: Record<string, unknown> = { ...common }
  for (const [k, v] of Object.entries(args)) {
    if (k === 'common_options' || k === 'environment') continue
    if (v !== undefined && v !== null) out[k] = v
    else if (k in common) out[k] = typeof common[k] === 'string' && /^\d+$/.test(common[k] as string) ? Number(common[k]) : common[k]
    else if (k in COMMON_DEFAULTS) out[k] = COMMON_DEFAULTS[k]
  }
  for (const [k, v] of Object.entries(COMMON_DEFAULTS)) out[k] ??= v
  out.environment = { ...env, ...(args.environment ?? {}) }
  if (!out.pid_mode) delete out.pid_mode
  if (!out.ipc_mode) delete out.ipc_mode
  return out as Args
}

interface Inspect {
  Id: string
  Image: string
  Config: { Image: string; Env?: string[]; Labels?: Record<string, string>; Volumes?: Record<string, unknown> | null; Cmd?: string[] | null }
  HostConfig: { CapAdd?: string[] | null; SecurityOpt?: string[] | null; Privileged?: boolean; IpcMode?: string; PidMode?: string; Binds?: string[] | null; VolumesFrom?: string[] | null; Tmpfs?: Record<string, string> | null }
  State: { Status: string; Running: boolean; ExitCode: number; [k: string]: unknown }
}

class Worker {
  changed = false
  result: Record<string, unknown> = {}

  constructor(
    private readonly ctx: ModuleContext,
    private readonly p: Args,
  ) {}

  private docker(args: string[]): Promise<CliResult> {
    return engineCli(this.ctx, 'docker', args)
  }

  private async must(args: string[], what: string): Promise<CliResult> {
    const r = await this.docker(args)
    if (r.rc !== 0) this.ctx.fail(`${what}: ${(r.stderr || r.stdout).trim()}`)
    return r
  }

  async run(action: Action): Promise<unknown> {
    switch (action) {
      case 'compare_container':
        return (this.changed = await this.containerDiffers())
      case 'compare_image':
        return this.imageDiffers()
      case 'pull_image':
        return this.pull()
      case 'ensure_image':
        if (!(await this.imageId())) await this.pull()
        return true
      case 'start_container':
        return this.start()
      case 'stop_container':
        return this.stop()
      case 'remove_container':
        return this.remove()
      case 'stop_and_remove_container':
        if (await this.inspect()) {
          await this.stop()
          await this.remove()
        }
        return true
      case 'restart_container':
        return this.restart()
      case 'recreate_or_restart_container':
        return this.recreateOrRestart()
      case 'create_volume':
        return this.createVolume()
      case 'remove_volume':
        return this.removeVolume()
      case 'remove_image':
        return this.removeImage()
      case 'get_container_env': {
        const c = await this.inspect()
        if (!c) this.ctx.fail(`No such container: ${this.p.name}`)
        return Object.fromEntries((c.Config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
      }
      case 'get_container_state': {
        const c = await this.inspect()
        if (!c) this.ctx.fail(`No such container: ${this.p.name}`)
        return { ...c.State }
      }
    }
  }

  private async inspect(): Promise<Inspect | null> {
    const r = await this.docker(['container', 'inspect', this.p.name!])
    if (r.rc !== 0) return null
    return (JSON.parse(r.stdout) as Inspect[])[0] ?? null
  }

  private async imageId(image = this.p.image!): Promise<string | null> {
    const r = await this.docker(['image', 'inspect', '--format', '{{.Id}}', normaliseImage(image)])
    return r.rc === 0 ? r.stdout.trim() : null
  }

  private async pull(): Promise<boolean> {
    const before = await this.imageId()
    await this.ctx.change(() => this.must(['pull', normaliseImage(this.p.image!)], 'The requested image does not exist'))
    const after = await this.imageId()
    this.changed ||= before !== after
    return true
  }

  private async imageDiffers(): Promise<boolean> {
    const c = await this.inspect()
    if (!c) return true
    const id = await this.imageId()
    return id === null || id !== c.Image
  }

  /** The checks of kolla's check_container_differs that docker inspect can answer, in its order. */
  private async containerDiffers(): Promise<boolean> {
    const c = await this.inspect()
    if (!c) return true
    const p = this.p
    const setDiff = (a: readonly string[] = [], b: readonly string[] = []) => a.length !== b.length || a.some((x) => !b.includes(x))
    if (setDiff(p.cap_add, c.HostConfig.CapAdd ?? [])) return true
    if (!(p.ipc_mode === 'host' || p.pid_mode === 'host' || p.privileged) && setDiff(p.security_opt, c.HostConfig.SecurityOpt ?? [])) return true
    if (p.image && (await this.imageDiffers())) return true
    if (p.ipc_mode !== undefined && p.ipc_mode !== (c.HostConfig.IpcMode || undefined)) return true
    if (JSON.stringify(sortObj(p.labels)) !== JSON.stringify(sortObj(withoutImageLabels(c.Config.Labels ?? {}, p.labels)))) return true
    if (Boolean(p.privileged) !== Boolean(c.HostConfig.Privileged)) return true
    if ((p.pid_mode ?? null) !== (c.HostConfig.PidMode || null)) return true
    if (setDiff((p.tmpfs ?? []).filter(Boolean), Object.keys(c.HostConfig.Tmpfs ?? {}))) return true
    const { binds, paths } = volumes(p.volumes ?? [])
    if (setDiff(paths, Object.keys(c.Config.Volumes ?? {})) || setDiff(binds, c.HostConfig.Binds ?? [])) return true
    if (setDiff(p.volumes_from ?? [], c.HostConfig.VolumesFrom ?? [])) return true
    const env = p.environment ?? {}
    if (Object.keys(env).length) {
      const current = new Map((c.Config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]))
      for (const [k, v] of Object.entries(env)) if (current.get(k) !== String(v ?? '')) return true
    }
    const state = p.state === 'started' ? 'running' : p.state
    if (c.State.Status !== state) return true
    return false
  }

  private async start(): Promise<boolean> {
    if (!(await this.imageId())) await this.pull()
    let c = await this.inspect()
    if (c && (await this.containerDiffers())) {
      await this.stop()
      await this.remove()
      c = null
    }
    if (!c) {
      this.changed = true
      await this.ctx.change(() => this.must(this.createArgs(), 'Failed to create container'))
      c = await this.inspect()
    }
    if (c && !c.State.Running) {
      this.changed = true
      await this.ctx.change(() => this.must(['start', this.p.name!], 'Failed to start container'))
    }
    if (!this.p.detach) {
      const wait = await this.must(['wait', this.p.name!], 'Failed to wait for container')
      const rc = Number(wait.stdout.trim())
      const logs = await this.docker(['logs', this.p.name!])
      this.result = { rc, stdout: logs.stdout, stderr: logs.stderr }
      if (this.p.remove_on_exit) await this.ctx.change(() => this.docker(['rm', '-f', this.p.name!]))
      if (rc !== 0) this.ctx.fail(`Container exited with non-zero return code ${rc}`, { ...this.result })
    }
    return true
  }

  private createArgs(): string[] {
    const p = this.p
    const a = ['create', '--name', p.name!, '--network', 'host']
    if (p.ipc_mode) a.push('--ipc', p.ipc_mode)
    if (p.pid_mode) a.push('--pid', p.pid_mode)
    if (p.cgroupns_mode) a.push('--cgroupns', p.cgroupns_mode)
    for (const cap of p.cap_add) a.push('--cap-add', cap)
    for (const o of p.security_opt) a.push('--security-opt', o)
    if (p.privileged) a.push('--privileged')
    for (const t of (p.tmpfs ?? []).filter(Boolean)) a.push('--tmpfs', t)
    for (const v of p.volumes_from ?? []) a.push('--volumes-from', v)
    for (const v of (p.volumes ?? []).filter(Boolean)) a.push('--volume', v)
    const env = { ...(p.environment ?? {}), KOLLA_SERVICE_NAME: p.name!.replace(/_/g, '-') }
    for (const [k, v] of Object.entries(env)) a.push('--env', `${k}=${v ?? ''}`)
    for (const [k, v] of Object.entries(p.labels)) a.push('--label', `${k}=${v}`)
    const policy = p.restart_policy === 'oneshot' || p.restart_policy === undefined ? 'no' : p.restart_policy
    a.push('--restart', policy === 'on-failure' ? `on-failure:${p.restart_retries ?? 10}` : policy)
    if (p.tty) a.push('--tty')
    a.push(normaliseImage(p.image!))
    if (p.command) a.push(...shlexSplit(p.command))
    return a
  }

  private async stop(): Promise<boolean> {
    const c = await this.inspect()
    if (!c) {
      if (this.p.ignore_missing) return true
      this.ctx.fail(`No such container: ${this.p.name} to stop`)
    }
    if (c.State.Status !== 'exited') {
      this.changed = true
      await this.ctx.change(() => this.must(['stop', '-t', String(this.p.graceful_timeout ?? 10), this.p.name!], 'Failed to stop container'))
    }
    return true
  }

  private async remove(): Promise<boolean> {
    if (await this.inspect()) {
      this.changed = true
      await this.ctx.change(async () => {
        await this.docker(['rm', '-f', this.p.name!])
        if (await this.inspect()) this.ctx.fail(`Failed to remove container ${this.p.name}`)
      })
    }
    return true
  }

  private async restart(): Promise<boolean> {
    if (!(await this.inspect())) this.ctx.fail(`No such container: ${this.p.name}`)
    this.changed = true
    await this.ctx.change(() => this.must(['restart', '-t', String(this.p.graceful_timeout ?? 10), this.p.name!], 'Failed to restart container'))
    return true
  }

  private async recreateOrRestart(): Promise<boolean> {
    this.changed = true
    if (!(await this.inspect())) return this.start()
    const strategy = (this.p.environment ?? {}).KOLLA_CONFIG_STRATEGY
    if (strategy === 'COPY_ONCE' || (await this.containerDiffers())) {
      if (!(await this.imageId())) await this.pull()
      await this.stop()
      await this.remove()
      return this.start()
    }
    if (strategy === 'COPY_ALWAYS') return this.restart()
    return true
  }

  private async createVolume(): Promise<boolean> {
    const r = await this.docker(['volume', 'inspect', this.p.name!])
    if (r.rc === 0) return true
    this.changed = true
    await this.ctx.change(() => this.must(['volume', 'create', '--driver', 'local', this.p.name!], 'Failed to create volume'))
    return true
  }

  private async removeVolume(): Promise<boolean> {
    const r = await this.docker(['volume', 'inspect', this.p.name!])
    if (r.rc !== 0) return true
    this.changed = true
    await this.ctx.change(async () => {
      const rm = await this.docker(['volume', 'rm', this.p.name!])
      if (rm.rc !== 0) this.ctx.fail(/in use/.test(rm.stderr) ? `Volume named '${this.p.name}' is currently in-use` : rm.stderr.trim())
    })
    return true
  }

  private async removeImage(): Promise<boolean> {
    if (!(await this.imageId())) return true
    this.changed = true
    await this.ctx.change(async () => {
      const rm = await this.docker(['image', 'rm', normaliseImage(this.p.image!)])
      if (rm.rc !== 0) this.ctx.fail(/conflict|in use|being used/i.test(rm.stderr) ? `Image named '${this.p.image}' is currently in-use` : `Server error: ${rm.stderr.trim()}`)
    })
    return true
  }
}

/** `repo` → `repo:latest`, as kolla's parse_image splits the tag after the last '/'. */
function normaliseImage(image: string): string {
  const slash = image.lastIndexOf('/')
  return image.slice(slash + 1).includes(':') ? image : `${image}:latest`
}

/** kolla's generate_volumes: container paths and `src:dest:mode` binds. */
function volumes(entries: readonly string[]): { paths: string[]; binds: string[] } {
  const paths: string[] = []
  const binds: string[] = []
  for (const v of entries.filter(Boolean)) {
    if (!v.includes(':')) {
      paths.push(v)
      continue
    }
    const parts = v.split(':')
    if (parts.length === 2 && (!parts[0].includes('/') || parts[1].includes('/'))) parts.push('rw')
    paths.push(parts[1])
    binds.push(parts.slice(0, 3).join(':'))
  }
  return { paths, binds }
}

function withoutImageLabels(current: Record<string, string>, wanted: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(current).filter(([k]) => k in wanted))
}

function sortObj(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)))
}
