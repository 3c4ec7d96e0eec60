/**
 * Podman's Docker-compatible API service on kolla's socket (/run/podman/podman.sock),
 * started when it does not answer, with a configuration that runs containers on this kind
 * of test machine (vfs storage, runc, cgroupfs, ulimits within the machine's own limits),
 * and the fake kolla cron image copied in from Docker.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fakeImage } from './engine.js'

const run = promisify(execFile)
export const PODMAN_SOCKET = '/run/podman/podman.sock'

function answers(): Promise<boolean> {
  return new Promise((resolve) => {
    get({ socketPath: PODMAN_SOCKET, path: '/_ping' }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    }).on('error', () => resolve(false))
  })
}

/** Starts the service when it does not answer; the result stops what this call started. */
export async function ensurePodman(images = ['cron']): Promise<() => void> {
  if (!existsSync('/usr/bin/podman')) throw new Error('podman is not installed: run scripts/setup.sh (it installs podman)')
  const conf = join(mkdtempSync(join(tmpdir(), 'tsible-podman-')), 'containers.conf')
  writeFileSync(conf, '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n')
  const env = { ...process.env, CONTAINERS_CONF: conf }
  let stop = (): void => undefined
  if (!(await answers())) {
    await run('mkdir', ['-p', '/run/podman'])
    const child = spawn('podman', ['--storage-driver=vfs', 'system', 'service', '--time=0', `unix://${PODMAN_SOCKET}`], { env, detached: true, stdio: 'ignore' })
    child.unref()
    stop = () => {
      if (child.pid) process.kill(child.pid)
    }
    for (let i = 0; i < 60 && !(await answers()); i++) await new Promise((r) => setTimeout(r, 500))
    if (!(await answers())) throw new Error(`podman system service did not answer on ${PODMAN_SOCKET}`)
  }
  for (const name of images) {
    const image = fakeImage(name)
    const has = await run('podman', ['--storage-driver=vfs', 'image', 'exists', image], { env }).then(
      () => true,
      () => false,
    )
    if (!has) await run('sh', ['-c', 'docker save "$1" | podman --storage-driver=vfs load', 'sh', image], { env, maxBuffer: 16 << 20 })
  }
  return stop
}
