/**
 * The demo deployment a new user runs first (playbooks/, README's first command) on the
 * local Docker engine: run 1 deploys the two services, run 2 changes nothing, `--check
 * --diff` after a change in globals shows the container plan without doing it, and a
 * change of configuration alone restarts the service through its handler.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, ensureEngine, inspect } from './helpers/engine.js'

const run = promisify(execFile)
const REPO = join(__dirname, '../..')
const P = 'tsdp_'
const config = mkdtempSync(join(tmpdir(), 'tsible-demo-'))
const VARS = ['-e', `container_prefix=${P}`, '-e', 'web_port=18180', '-e', 'status_port=18181', '-e', `node_config_directory=${config}`]

async function playbook(...extra: string[]): Promise<{ out: string; rc: number }> {
  const argv = [join(REPO, 'bin/tsible-playbook.js'), '-i', 'playbooks/inventory', ...VARS, ...extra, 'playbooks/site.yml']
  return run(process.execPath, argv, { cwd: REPO, env: { ...process.env, NO_COLOR: '1', ANSIBLE_NOCOLOR: '1' }, maxBuffer: 32 << 20 }).then(
    (r) => ({ out: r.stdout, rc: 0 }),
    (e: { stdout: string; code: number }) => ({ out: e.stdout, rc: e.code }),
  )
}

function fetchOnce(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

/** A GET, retried while the service in a just started container does not listen yet. */
async function fetch(port: number, path = '/'): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await fetchOnce(port, path)
    } catch (e) {
      if (i >= 50) throw e
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}

const recap = (out: string): string => /localhost\s+:\s+(.*)/.exec(out)?.[1] ?? out

beforeAll(async () => {
  await ensureEngine()
  await run('bash', [join(REPO, 'scripts/demo-images.sh')])
  await cleanup(P)
}, 300_000)

afterAll(() => cleanup(P))

describe('the demo deployment (playbooks/)', () => {
  it('run 1 deploys both services; they answer', async () => {
    const r = await playbook()
    expect(r.rc, r.out).toBe(0)
    expect(recap(r.out)).toMatch(/failed=0/)
    expect(await fetch(18180)).toContain('<h1>Hello from tsible</h1>')
    const ini = await fetch(18181, '/status.ini')
    expect(ini).toContain('motd = deployed by tsible')
    expect(ini).toContain(`container = ${P}web`)
  }, 300_000)

  it('run 2 changes nothing', async () => {
    const r = await playbook()
    expect(recap(r.out)).toMatch(/changed=0 +unreachable=0 +failed=0/)
  }, 300_000)

  it('--check --diff after a change in globals shows the container plan and does nothing', async () => {
    const before = (await inspect(`${P}web`))!
    const r = await playbook('-e', 'web_port=18190', '--check', '--diff')
    expect(r.rc, r.out).toBe(0)
    expect(r.out).toContain(`+++ after: ${P}web (kolla_docker recreate_or_restart_container)`)
    expect(r.out).toContain('\n-environment.DEMO_PORT: "18180"\n')
    expect(r.out).toContain('\n+environment.DEMO_PORT: "18190"\n')
    expect(r.out).toContain('# would recreate (stop_container, remove_container, create_container, start_container)')
    const after = (await inspect(`${P}web`))!
    expect([after.Id, after.State.StartedAt]).toEqual([before.Id, before.State.StartedAt])
  }, 300_000)

  it('a change of configuration alone restarts the service (its handler), which serves the new page', async () => {
    const before = (await inspect(`${P}web`))!
    const r = await playbook('-e', '{"demo_title": "Changed title"}')
    expect(r.out).toMatch(/RUNNING HANDLER \[web : Restart web container\]/)
    const after = (await inspect(`${P}web`))!
    expect(after.Id).toBe(before.Id)
    expect(after.State.StartedAt).not.toBe(before.State.StartedAt)
    expect(await fetch(18180)).toContain('<h1>Changed title</h1>')
  }, 300_000)
})
