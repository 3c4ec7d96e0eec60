/**
 * The real Docker engine for the container tests: started when it is not running (CI
 * installs docker.io), with kolla's fake images built from the lab recipe
 * (../shared/lab/kolla-fake-images) when missing. Each test file names its containers,
 * volumes and images with its own prefix and removes them at the end.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { LocalConnection } from '../../../src/connection/local.js'
import type { Connection } from '../../../src/connection/types.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleDefinition, ModuleResult } from '../../../src/module-api/types.js'
import { moduleEnv } from '../../helpers/module-env.js'

const run = promisify(execFile)

export const SHARED_LAB = join(__dirname, '../../../../shared/lab')
export const FAKE_TAG = '2023.1-ubuntu-jammy'
export const fakeImage = (name: string): string => `quay.io/openstack.kolla/${name}:${FAKE_TAG}`

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 << 20 })
  return stdout
}

async function engineUp(): Promise<boolean> {
  return run('docker', ['info']).then(
    () => true,
    () => false,
  )
}

/** Starts dockerd when it does not answer (the tests run as root, as CI does). */
export async function ensureEngine(): Promise<void> {
  if (await engineUp()) return
  if (!existsSync('/usr/sbin/dockerd') && !existsSync('/usr/bin/dockerd')) throw new Error('dockerd is not installed: run scripts/setup.sh (it installs docker.io)')
  const child = spawn('dockerd', [], { detached: true, stdio: 'ignore' })
  child.unref()
  for (let i = 0; i < 120; i++) {
    if (await engineUp()) return
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error('dockerd did not come up within 60 s')
}

/** kolla's fake images (busybox with kolla's entrypoint and helpers), built once. */
export async function ensureFakeImages(names = ['fluentd', 'kolla-toolbox', 'cron', 'memcached']): Promise<void> {
  await ensureEngine()
  const missing = []
  for (const n of names) if (!(await run('docker', ['image', 'inspect', fakeImage(n)]).then(() => true, () => false))) missing.push(n)
  if (!missing.length) return
  await run('bash', [join(SHARED_LAB, 'make-busybox-image.sh')])
  await run('bash', [join(SHARED_LAB, 'kolla-fake-images/build-fake-images.sh')], { env: { ...process.env, KD_IMAGES: names.join(' ') } })
}

/** Removes every container and volume whose name starts with `prefix`. */
export async function cleanup(prefix: string): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `name=^/${prefix}`)).split('\n').filter(Boolean)
  if (ids.length) await docker('rm', '-f', ...ids)
  const vols = (await docker('volume', 'ls', '-q', '--filter', `name=^${prefix}`)).split('\n').filter((v) => v.startsWith(prefix))
  if (vols.length) await docker('volume', 'rm', '-f', ...vols)
}

export async function inspect(name: string): Promise<Record<string, any> | null> {
  return docker('inspect', name).then(
    (out) => (JSON.parse(out) as Record<string, any>[])[0],
    () => null,
  )
}

/** Runs a module as a task would, on the local connection (or the one given). */
export function runOn(def: ModuleDefinition<any>, args: Record<string, unknown>, over: Partial<ModuleRunEnv> & { connection?: Connection } = {}): Promise<ModuleResult> {
  return runModule(def as ModuleDefinition, args, moduleEnv({ ...over, connection: over.connection ?? new LocalConnection() }))
}

/** A result without the keys every result has. */
export function strip(r: ModuleResult): ModuleResult {
  const { invocation: _i, ...rest } = r
  return rest
}
