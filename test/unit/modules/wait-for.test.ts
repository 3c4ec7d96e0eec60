/**
 * wait_for through the real runtime and the local connection; expected results recorded
 * from ansible-core 2.14 (`python3 -m ansible.modules.wait_for`), `elapsed` aside where
 * it depends on timing. Ports are served by a Node server on 127.0.0.1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import waitFor from '../../../modules/wait-for.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv(over)
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, uid: _u, gid: _g, owner: _o, group: _gr, ...rest } = r
  return rest
}
const none = { match_groupdict: {}, match_groups: [], search_regex: null }

let server: Server
let port = 0
beforeAll(async () => {
  server = createServer((s) => {
    s.on('error', () => {})
    s.write('SSH-2.0-fake banner 42\r\n')
    s.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  port = (server.address() as { port: number }).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('wait_for on paths', () => {
  it('returns the file keys of a present path', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tsible-wf-'))
    const p = join(d, 'wf')
    writeFileSync(p, '')
    expect(strip(await runModule(waitFor, { path: p, timeout: 2 }, env()))).toEqual({ changed: false, elapsed: 0, ...none, mode: '0644', path: p, port: null, size: 0, state: 'file' })
  })
  it('reports the groups of search_regex', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tsible-wf-'))
    const p = join(d, 'wf')
    writeFileSync(p, 'hello world 42\n')
    const r = await runModule(waitFor, { path: p, search_regex: '(?P<w>wor\\w+) (\\d+)', timeout: 2 }, env())
    expect(strip(r)).toEqual({
      changed: false,
      elapsed: 0,
      match_groupdict: { w: 'world' },
      match_groups: ['world', '42'],
      mode: '0644',
      path: p,
      port: null,
      search_regex: '(?P<w>wor\\w+) (\\d+)',
      size: 15,
      state: 'file',
    })
  })
  it('waits for absence, and times out with Ansible\'s messages', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tsible-wf-'))
    const p = join(d, 'wf')
    expect(strip(await runModule(waitFor, { path: p, state: 'absent', timeout: 1 }, env()))).toEqual({ changed: false, elapsed: 0, ...none, path: p, port: null, state: 'absent' })
    expect(strip(await runModule(waitFor, { path: p, timeout: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: `Timeout when waiting for file ${p}` })
    expect(strip(await runModule(waitFor, { path: p, timeout: 1, msg: 'custom' }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: 'custom' })
    writeFileSync(p, 'x\n')
    expect(strip(await runModule(waitFor, { path: p, state: 'absent', timeout: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: `Timeout when waiting for ${p} to be absent.` })
    expect(strip(await runModule(waitFor, { path: p, search_regex: 'nomatch', timeout: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: `Timeout when waiting for search string nomatch in ${p}` })
  })
  it('refuses bad combinations', async () => {
    expect(strip(await runModule(waitFor, { path: '/tmp', port: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 0, msg: 'port and path parameter can not both be passed to wait_for' })
    expect((await runModule(waitFor, { path: '/tmp', state: 'stopped' }, env())).msg).toBe('state=stopped should only be used for checking a port in the wait_for module')
    expect((await runModule(waitFor, { port: 1, exclude_hosts: ['a'] }, env())).msg).toBe('exclude_hosts should only be with state=drained')
    expect((await runModule(waitFor, { port: 1, active_connection_states: ['BOGUS'] }, env())).msg).toBe('unknown active_connection_state (BOGUS) defined')
  })
  it('is skipped in check mode, as the module does not support it', async () => {
    expect(strip(await runModule(waitFor, { path: '/nonexistent', timeout: 1 }, env({ check: true })))).toEqual({ changed: false, skipped: true, msg: 'remote module (wait_for) does not support check mode' })
  })
})

describe('wait_for on ports', () => {
  it('sees an open port, a banner, a closed port stopped and drained', async () => {
    expect(strip(await runModule(waitFor, { port, timeout: 2 }, env()))).toEqual({ changed: false, elapsed: 0, ...none, path: null, port, state: 'started' })
    const banner = await runModule(waitFor, { port, search_regex: 'OpenSSH|fake', timeout: 3 }, env())
    expect(banner).toMatchObject({ changed: false, port, search_regex: 'OpenSSH|fake', state: 'started' })
    expect(banner.failed).toBeUndefined()
    const closed = port === 1 ? 2 : 1
    expect(strip(await runModule(waitFor, { port: closed, state: 'stopped', timeout: 1 }, env()))).toEqual({ changed: false, elapsed: 0, ...none, path: null, port: closed, state: 'stopped' })
    expect(strip(await runModule(waitFor, { port: closed, state: 'drained', timeout: 1 }, env()))).toEqual({ changed: false, elapsed: 0, ...none, path: null, port: closed, state: 'drained' })
    expect(strip(await runModule(waitFor, { port: closed, timeout: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: `Timeout when waiting for 127.0.0.1:${closed}` })
    expect(strip(await runModule(waitFor, { port, state: 'stopped', timeout: 1 }, env()))).toEqual({ changed: false, failed: true, elapsed: 1, msg: `Timeout when waiting for 127.0.0.1:${port} to stop.` })
  })
})
