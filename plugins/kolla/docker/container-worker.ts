/**
 * kolla 2023.1's DockerWorker: every kolla_docker action, step by step in kolla's order,
 * on the engine API client. Changes go through `ctx.change`, so in check mode the same
 * flow only records its plan (container-plan.ts): reads run, writes are skipped, and a
 * container that would be created counts as not yet there.
 *
 * Beyond kolla: a failed start of a container this task created leaves nothing behind
 * (its unit and the container are removed), a container that exits as soon as it starts
 * is an error, and a unit that does not stop in time is an error. On a host without
 * systemd the engine's restart policy stands in for kolla's unit.
 */
import { ModuleFailure, type HostWriter, type ModuleContext } from '../../../src/plugin-kit.js'
import { differences, imageDifference } from './container-compare.js'
import { createContainerBody } from './container-config.js'
import { PlanRecorder, type Difference, type PlanStep } from './container-plan.js'
import { DockerApiError, type ContainerInspect, type EngineClient, type ImageSummary } from './engine-client.js'
import { generateVolumes, parseImage, type KollaParams } from './kolla-params.js'
import { SystemdUnit, unitSettings } from './systemd-unit.js'

const COMPARE_CONFIG_CMD = ['/usr/local/bin/kolla_set_configs', '--check']
/** Where kolla's containers find their config files (bound from /etc/kolla/<service>/). */
const CONFIG_FILES_DIR = '/var/lib/kolla/config_files'

/** A container that exits within this time of running is reported as exiting at once. */
const EXIT_WINDOW_MS = 1000

export class ContainerWorker {
  changed = false
  result: Record<string, unknown> = {}
  readonly plan = new PlanRecorder()
  private readonly unit: SystemdUnit | null
  /** In check mode, after a removal that was only planned: later steps see no container. */
  private removedInPlan = false

  constructor(
    private readonly ctx: ModuleContext,
    private readonly p: KollaParams,
    private readonly dc: EngineClient,
    /** The host runs systemd: containers get kolla's units. */
    private readonly systemd: boolean,
  ) {
    this.unit = p.name && systemd ? new SystemdUnit(ctx, unitSettings(p)) : null
  }

  private get podman(): boolean {
    return this.p.container_engine === 'podman'
  }

  private get check(): boolean {
    return this.ctx.check
  }

  /** Records a step and, unless in check mode, does it. */
  private async mutate<T>(step: PlanStep, apply: (w: HostWriter) => Promise<T>): Promise<T | undefined> {
    this.plan.step(step)
    return this.ctx.change(apply)
  }

  /** create_unit_file, when the unit's text differs (once per task in check mode). */
  private async writeUnit(unit: SystemdUnit): Promise<void> {
    if (this.check && this.plan.steps.includes('write_unit')) return
    if (await unit.differs()) await this.mutate('write_unit', (w) => unit.write(w))
  }

  // ---- reads -------------------------------------------------------------------------

  /** kolla's check_image: the local image tagged `repo:tag`. */
  async checkImage(): Promise<ImageSummary | null> {
    const find = parseImage(this.p.image!).join(':')
    for (const image of await this.dc.images()) if (image.RepoTags?.includes(find)) return image
    return null
  }

  /** kolla's get_container_info (check_container + inspect): null when there is none. */
  async containerInfo(): Promise<ContainerInspect | null> {
    if (this.removedInPlan) return null
    const info = await this.dc.inspectContainer(this.p.name!)
    return info && info.Name === `/${this.p.name}` ? info : null
  }

  /** check_container_differs, listing every difference (kolla stops at the first). */
  async differs(info: ContainerInspect): Promise<Difference[]> {
    let image: Promise<ImageSummary | null> | undefined
    const found = await differences(
      { p: this.p, info, image: () => (image ??= this.checkImage()), apiAtLeast: (v) => this.dc.versionAtLeast(v), podman: this.podman },
      { all: true },
    )
    this.plan.differ(found)
    return found
  }

  // ---- actions -----------------------------------------------------------------------

  async compareContainer(): Promise<boolean> {
    const info = await this.containerInfo()
    if (!info) {
      this.plan.differ([{ attribute: 'container', current: null, wanted: this.p.name }])
      this.changed = true
    } else if ((await this.differs(info)).length || (await this.compareConfig()) || (await this.unitDiffers(info))) this.changed = true
    return this.changed
  }

  /** kolla's compare_image: true when the container is missing or runs another image. */
  async compareImage(): Promise<boolean | null> {
    const info = await this.containerInfo()
    if (!info) return true
    const d = await imageDifference({ p: this.p, info, image: () => this.checkImage(), apiAtLeast: (v) => this.dc.versionAtLeast(v) })
    if (d) this.plan.differ([d])
    return d ? true : null
  }

  /**
   * `kolla_set_configs --check` in the container: exit 1 (or 137) means its config changed.
   * In check mode the config files earlier tasks would have rewritten are not written yet:
   * a file under the directory bound to /var/lib/kolla/config_files that a real run has
   * rewritten by now is a change of config, as the real run's check finds it.
   */
  private async compareConfig(): Promise<boolean> {
    const pending = this.pendingConfigFiles()
    if (pending.length) return this.configDiffers(`changed by an earlier task: ${pending.join(', ')}`)
    let output: Buffer
    let code: number | null
    try {
      const id = await this.dc.execCreate(this.p.name!, COMPARE_CONFIG_CMD, { user: 'root' })
      const out = await this.dc.execStart(id)
      output = Buffer.concat([out.stdout, out.stderr])
      code = await this.execExitCode(id)
    } catch (e) {
      // The container cannot run it (restarting, stopped): assume its config is stale.
      if (e instanceof DockerApiError && e.isClientError) return this.configDiffers(`${e.explanation}`)
      throw e
    }
    if (code === 0) return false
    if (code === 1 || code === 137) return this.configDiffers(output.toString('utf8').trim())
    throw new ModuleFailure(`Failed to compare container configuration: ExitCode: ${code} Message: ${output.toString('utf8')}`)
  }

  /** In check mode, the files a real run would have rewritten in the container's config directory. */
  private pendingConfigFiles(): string[] {
    const writes = this.ctx.checkWrites()
    if (!writes.length) return []
    const dirs = [...(generateVolumes(this.p.volumes)?.binds ?? [])]
      .filter(([, b]) => b.bind.replace(/\/+$/, '') === CONFIG_FILES_DIR)
      .map(([src]) => src.replace(/\/+$/, ''))
    return writes.filter((w) => dirs.some((d) => w === d || w.startsWith(`${d}/`)))
  }

  private configDiffers(why: string): true {
    this.plan.differ([{ attribute: 'config', current: why || 'changed', wanted: 'the files in /var/lib/kolla/config_files' }])
    return true
  }

  private async execExitCode(id: string): Promise<number | null> {
    for (let i = 0; ; i++) {
      const r = await this.dc.execInspect(id)
      if (!r.Running || i >= 50) return r.ExitCode
      await new Promise((res) => setTimeout(res, 20))
    }
  }

  /** The unit check of compare_container (or, without systemd, the engine's restart policy). */
  private async unitDiffers(info: ContainerInspect): Promise<boolean> {
    if (this.unit) {
      const cur = await this.unit.current()
      if (cur === this.unit.text) return false
      this.plan.differ([{ attribute: 'unit', current: cur, wanted: this.unit.text }])
      return true
    }
    if (this.systemd) return false
    const wanted = this.engineRestartPolicy()?.Name ?? 'no'
    const cur = ((info.HostConfig.RestartPolicy as { Name?: string } | undefined)?.Name || 'no') as string
    if (cur === wanted) return false
    this.plan.differ([{ attribute: 'restart_policy', current: cur, wanted }])
    return true
  }

  async pullImage(): Promise<void> {
    const p = this.p
    const [repo, tag] = parseImage(p.image!)
    if (this.check) {
      // What a pull brings cannot be known without pulling: a missing image is a change.
      this.plan.step('pull_image')
      this.changed = (await this.checkImage()) === null
      return
    }
    if (p.auth_username) {
      await this.dc.login({ username: p.auth_username, password: p.auth_password ?? null, email: p.auth_email ?? null, serveraddress: p.auth_registry ?? null })
    }
    const old = await this.imageId()
    this.plan.step('pull_image')
    let statuses: Record<string, unknown>[]
    try {
      statuses = await this.dc.pull(repo, tag)
    } catch (e) {
      // Registries say "manifest unknown" or "not found"; the engine passes either on.
      if (e instanceof DockerApiError && (e.status === 404 || /not found|manifest unknown|name unknown/i.test(e.explanation))) {
        throw new ModuleFailure(`The requested image does not exist: ${repo}:${tag} (${e.explanation})`)
      }
      if (e instanceof DockerApiError) throw new ModuleFailure(`The image ${repo}:${tag} could not be pulled: ${e.explanation}`)
      throw e
    }
    for (const s of [...statuses].reverse()) {
      if (typeof s.error !== 'string') continue
      if (s.error.endsWith('not found')) throw new ModuleFailure(`The requested image does not exist: ${repo}:${tag}`)
      throw new ModuleFailure(`Unknown error message: ${s.error}`)
    }
    this.changed = old !== (await this.imageId())
  }

  /** kolla's get_image_id: the id when exactly one image matches the name. */
  private async imageId(): Promise<string | null> {
    const found = await this.dc.images({ name: this.p.image, quiet: true })
    return found.length === 1 ? found[0].Id : null
  }

  async ensureImage(): Promise<void> {
    if (!(await this.checkImage())) await this.pullImage()
  }

  async startContainer(): Promise<void> {
    if (!(await this.checkImage())) await this.pullImage()
    let info = await this.containerInfo()
    if (info && (await this.differs(info)).length) {
      await this.stopContainer(info)
      await this.removeContainer(info)
      info = null
    }
    let created = false
    if (!info) {
      const unitBefore = this.unit ? await this.unit.current() : null
      await this.createContainer()
      created = true
      info = this.check ? null : await this.containerInfo()
      try {
        await this.startAndWatch(info)
      } catch (e) {
        if (!this.check) await this.undoCreate(unitBefore)
        throw e
      }
    } else if (!isUp(info)) await this.startAndWatch(info)
    if (!this.p.detach) await this.waitForExit(created)
  }

  /** Starts a container that is not up (through its unit unless oneshot) and sees it run. */
  private async startAndWatch(info: ContainerInspect | null): Promise<void> {
    if (info && isUp(info)) return
    this.changed = true
    const name = this.p.name!
    if (this.p.restart_policy === 'oneshot') {
      await this.mutate('start_container', () => this.dc.start(name))
      return
    }
    // Watch for an exit from before the start on, to catch a container that exits at once.
    const watch = this.check || !this.p.detach ? null : this.dc.watchNextExit(name)
    try {
      await watch?.registered
      if (this.unit) {
        const unit = this.unit
        await this.writeUnit(unit)
        const ok = await this.mutate('start_container', (w) => unit.start(w))
        if (ok === false) throw new ModuleFailure('Container timed out', await this.summary())
      } else await this.mutate('start_container', () => this.dc.start(name))
      if (watch) await this.watchRunning(watch.exit, info)
    } finally {
      watch?.cancel()
    }
  }

  /**
   * Waits until the container runs (for up to client_timeout seconds) and has not exited
   * a moment later (EXIT_WINDOW_MS: kolla only waits for its unit to run); a container
   * that exits at once fails the task with its output.
   */
  private async watchRunning(exit: Promise<{ code: number; date: string }>, before: ContainerInspect | null): Promise<void> {
    let exited: { code: number; date: string } | undefined
    exit.then(
      (e) => (exited = e),
      () => undefined,
    )
    const deadline = Date.now() + (this.p.client_timeout ?? 120) * 1000
    let delay = 50
    for (;;) {
      if (exited === undefined) {
        const info = await this.containerInfo()
        if (info?.State.Running && !info.State.Restarting) {
          await Promise.race([exit.catch(() => undefined), sleep(EXIT_WINDOW_MS)])
          if (exited === undefined) return
        }
      }
      if (exited !== undefined) {
        // The wait's code may be the restarted container's; its die event has the real one.
        const finished = String(before?.State.FinishedAt ?? '')
        const since = finished && !finished.startsWith('0001-') ? finished : String(before?.Created ?? '')
        const code = before && since ? ((await this.dc.firstExitCode(before.Id, since, exited.date).catch(() => null)) ?? exited.code) : exited.code
        const logs = await this.dc.logs(this.p.name!, 'stderr', false).catch(() => Buffer.alloc(0))
        // Its own words, or the engine's when it could not run it at all.
        const tail = logs.toString('utf8').trim().split('\n').slice(-10).join('\n') || String((await this.containerInfo().catch(() => null))?.State.Error ?? '')
        throw new ModuleFailure(`Container ${this.p.name} exited at once with code ${code}${tail ? `: ${tail}` : ''}`, { rc: code })
      }
      if (Date.now() > deadline) throw new ModuleFailure('Container timed out', await this.summary())
      await Promise.race([exit.catch(() => undefined), sleep(delay)])
      delay = Math.min(delay * 2, 1000)
    }
  }

  /** Removes what a failed start of a new container left: its unit (as it was) and the container. */
  private async undoCreate(unitBefore: string | null): Promise<void> {
    const name = this.p.name!
    const unit = this.unit
    await this.ctx.change(async (w) => {
      if (unit) {
        if ((await unit.subState().catch(() => 'dead')) !== 'dead') await unit.stop(w).catch(() => false)
        if (unitBefore === null) await unit.remove(w)
        else if ((await unit.current()) !== unitBefore) {
          await w.writeFile(unit.path, unitBefore, { mode: 0o644 })
          await w.exec('systemctl daemon-reload')
        }
      }
      await this.dc.removeContainer(name, true).catch(() => undefined)
    })
  }

  /** detach: false: waits for the exit, keeps rc/stdout/stderr, removes it if asked. */
  private async waitForExit(created: boolean): Promise<void> {
    const name = this.p.name!
    this.plan.step('wait_container')
    if (this.check) {
      if (this.p.remove_on_exit) this.plan.step('remove_container')
      return
    }
    const rc = await this.dc.wait(name)
    const info = await this.containerInfo()
    const tty = Boolean(info?.Config.Tty)
    this.result.rc = rc
    this.result.stdout = (await this.dc.logs(name, 'stdout', tty)).toString('utf8')
    this.result.stderr = (await this.dc.logs(name, 'stderr', tty)).toString('utf8')
    if (this.p.remove_on_exit) {
      await this.stopContainer()
      await this.removeContainer()
    }
    void created
    if (rc !== 0) throw new ModuleFailure(`Container exited with non-zero return code ${rc}`, { ...this.result })
  }

  private async createContainer(): Promise<void> {
    const body = createContainerBody(this.p, { apiVersionAtLeast: (v) => this.dc.versionAtLeast(v), engineRestartPolicy: this.engineRestartPolicy(), podman: this.podman })
    await this.mutate('create_container', async () => {
      try {
        await this.dc.createContainer(body, this.p.name!)
      } catch (e) {
        if (e instanceof DockerApiError) throw new ModuleFailure(`The container ${this.p.name} could not be created: ${e.explanation}`)
        throw e
      }
    })
    this.changed = true
    if (this.unit && this.p.restart_policy !== 'oneshot') await this.writeUnit(this.unit)
  }

  /** Without systemd: the engine restarts the container as kolla's unit would. */
  private engineRestartPolicy(): { Name: string; MaximumRetryCount: number } | undefined {
    if (this.systemd) return undefined
    const policy = this.p.restart_policy
    if (!policy || policy === 'oneshot') return undefined
    return { Name: policy, MaximumRetryCount: policy === 'on-failure' ? Number(this.p.restart_retries ?? 10) : 0 }
  }

  async recreateOrRestartContainer(): Promise<void> {
    this.changed = true
    const info = await this.containerInfo()
    if (!info) return this.startContainer()
    const strategy = this.p.environment?.KOLLA_CONFIG_STRATEGY
    if (strategy === 'COPY_ONCE' || (await this.differs(info)).length) {
      if (strategy === 'COPY_ONCE') this.plan.differ([{ attribute: 'config_strategy', current: null, wanted: 'COPY_ONCE' }])
      // Pull before stopping: a failed pull must not leave the container stopped.
      if (!(await this.checkImage())) await this.pullImage()
      await this.stopContainer(info)
      await this.removeContainer(info)
      await this.startContainer()
    } else if (strategy === 'COPY_ALWAYS') await this.restartContainer(info)
  }

  async restartContainer(known?: ContainerInspect): Promise<void> {
    const info = known ?? (await this.containerInfo())
    if (!info) throw new ModuleFailure(`No such container: ${this.p.name}`)
    this.changed = true
    const name = this.p.name!
    const timeout = this.gracefulTimeout()
    if (this.p.restart_policy !== 'oneshot' && this.unit) {
      const unit = this.unit
      await this.writeUnit(unit)
      const ok = await this.mutate('restart_container', (w) => unit.restart(w))
      if (ok === false) throw new ModuleFailure('Container timed out', await this.summary())
      return
    }
    const policy = this.engineRestartPolicy()
    const current = (info.HostConfig.RestartPolicy as { Name?: string } | undefined)?.Name || 'no'
    await this.mutate('restart_container', async () => {
      // As kolla rewrites the unit before a restart: the engine's policy, when it changed.
      if (policy && policy.Name !== current) await this.dc.updateRestartPolicy(name, policy)
      await this.dc.stop(name, timeout)
      await this.dc.start(name)
    })
  }

  async stopContainer(known?: ContainerInspect | null): Promise<void> {
    const name = this.p.name!
    const info = known === undefined || known === null ? await this.containerInfo() : known
    if (!info) {
      if (!this.p.ignore_missing) throw new ModuleFailure(`No such container: ${name} to stop`)
      return
    }
    if (info.State.Status === 'exited') return
    this.changed = true
    const unit = this.unit
    if (unit && (await unit.exists())) {
      const ok = await this.mutate('stop_container', (w) => unit.stop(w))
      if (ok === false) {
        throw new ModuleFailure(`Container ${name} did not stop within ${unit.settings.restart_timeout} s (unit ${unit.settings.serviceName} is ${await unit.subState()})`)
      }
    } else await this.mutate('stop_container', () => this.dc.stop(name, this.gracefulTimeout()))
  }

  async stopAndRemoveContainer(): Promise<void> {
    const info = await this.containerInfo()
    if (!info) return
    await this.stopContainer(info)
    await this.removeContainer(info)
  }

  async removeContainer(known?: ContainerInspect | null): Promise<void> {
    const unit = this.unit
    if (unit && (await unit.exists())) {
      this.changed = true
      await this.mutate('remove_unit', (w) => unit.remove(w))
    }
    const info = known === undefined || known === null ? await this.containerInfo() : known
    if (!info) return
    this.changed = true
    this.removedInPlan = this.check
    await this.mutate('remove_container', async () => {
      try {
        await this.dc.removeContainer(this.p.name!, true)
      } catch (e) {
        // The engine may fail to remove the files of a container already gone.
        if (await this.containerInfo()) throw e
      }
    })
  }

  async createVolume(): Promise<void> {
    if (await this.volume()) return
    this.changed = true
    await this.mutate('create_volume', () => this.dc.createVolume(this.p.name!, 'local'))
  }

  async removeVolume(): Promise<void> {
    if (!(await this.volume())) return
    this.changed = true
    await this.mutate('remove_volume', async () => {
      try {
        await this.dc.removeVolume(this.p.name!)
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 409) throw new ModuleFailure(`Volume named '${this.p.name}' is currently in-use`)
        throw e
      }
    })
  }

  async removeImage(): Promise<void> {
    if (!(await this.checkImage())) return
    this.changed = true
    await this.mutate('remove_image', async () => {
      try {
        await this.dc.removeImage(this.p.image!)
      } catch (e) {
        if (e instanceof DockerApiError && e.status === 409) throw new ModuleFailure(`Image '${this.p.image}' is currently in-use`)
        if (e instanceof DockerApiError && e.status === 500) throw new ModuleFailure(`Server error: ${e.explanation}`)
        throw e
      }
    })
  }

  async containerEnv(): Promise<Record<string, string>> {
    const info = await this.containerInfo()
    if (!info) throw new ModuleFailure(`No such container: ${this.p.name}`)
    const env: Record<string, string> = {}
    for (const kv of info.Config.Env ?? []) {
      const eq = kv.indexOf('=')
      if (eq < 0) env[kv] = ''
      else env[kv.slice(0, eq)] = kv.slice(eq + 1)
    }
    return env
  }

  async containerState(): Promise<Record<string, unknown>> {
    const info = await this.containerInfo()
    if (!info) throw new ModuleFailure(`No such container: ${this.p.name}`)
    return { ...info.State }
  }

  private async volume(): Promise<boolean> {
    return ((await this.dc.volumes()).Volumes ?? []).some((v) => v.Name === this.p.name)
  }

  private gracefulTimeout(): number {
    return Number(this.p.graceful_timeout) || 10
  }

  /** kolla adds the container's /containers/json entry to "timed out" failures. */
  private async summary(): Promise<Record<string, unknown>> {
    const [c] = await this.dc.containers({ all: true, filters: { name: `^/${this.p.name}$` } }).catch(() => [])
    return c ? { ...c } : {}
  }
}

/** kolla's `Status.startswith('Up ')`: running (or paused) and not restarting. */
function isUp(info: ContainerInspect): boolean {
  return info.State.Running && !info.State.Restarting
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
