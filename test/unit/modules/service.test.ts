/**
 * systemd and service through the real runtime and the local connection, against a
 * stand-in `systemctl` first on PATH (systemd is not PID 1 in the test container, so the
 * real one cannot answer). The same stand-in, put on PATH for ansible-core 2.14's systemd
 * module (`python3 -m ansible.modules.systemd`), recorded the expected results and the
 * systemctl calls (its log) below.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { service, systemd } from '../../../modules/service.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const SYSTEMCTL = `#!/bin/sh
D=$(dirname "$0")
echo "$*" >> "$D/log"
while [ "\${1#--}" != "$1" ]; do shift; done
cmd=$1; unit=$2
case "$cmd" in
show)
  if [ "$unit" = nginx ]; then
    echo "Id=nginx.service"; echo "LoadState=loaded"; echo "ActiveState=$(cat "$D/active")"; echo "UnitFileState=$(cat "$D/enabled")"
    echo "ExecStart={ path=/usr/sbin/nginx ; argv[]=/usr/sbin/nginx -g daemon on; ; ignore_errors=no }"
  else
    echo "Id=$unit.service"; echo "LoadState=not-found"; echo "ActiveState=inactive"
  fi ;;
is-enabled)
  if [ "$unit" = nginx ]; then s=$(cat "$D/enabled"); echo "$s"; [ "$s" = enabled ]; exit; fi
  echo "Failed to get unit file state for $unit.service: No such file or directory" >&2; exit 1 ;;
list-unit-files) exit 1 ;;
start|restart|reload) echo active > "$D/active" ;;
stop) echo inactive > "$D/active" ;;
enable) echo enabled > "$D/enabled" ;;
disable) echo disabled > "$D/enabled" ;;
mask) echo masked > "$D/enabled" ;;
unmask) echo disabled > "$D/enabled" ;;
esac
exit 0
`

function host() {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-systemd-'))
  writeFileSync(join(dir, 'systemctl'), SYSTEMCTL)
  chmodSync(join(dir, 'systemctl'), 0o755)
  writeFileSync(join(dir, 'active'), 'inactive\n')
  writeFileSync(join(dir, 'enabled'), 'disabled\n')
  writeFileSync(join(dir, 'log'), '')
  const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv({ environment: { PATH: `${dir}:${process.env.PATH}` }, ...over })
  const log = () => readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean)
  const state = (f: 'active' | 'enabled') => readFileSync(join(dir, f), 'utf8').trim()
  return { env, log, state }
}
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
const status = (active: string, enabled: string) => ({
  ActiveState: active,
  ExecStart: '{ path=/usr/sbin/nginx ; argv[]=/usr/sbin/nginx -g daemon on; ; ignore_errors=no }',
  Id: 'nginx.service',
  LoadState: 'loaded',
  UnitFileState: enabled,
})

describe('systemd', () => {
  it('predicts in check mode with reads only', async () => {
    const h = host()
    const r = await runModule(systemd, { name: 'nginx', state: 'started', enabled: true }, h.env({ check: true }))
    expect(strip(r)).toEqual({ changed: true, enabled: true, name: 'nginx', state: 'started', status: status('inactive', 'disabled') })
    expect(h.log()).toEqual(['show nginx', 'is-enabled nginx -l'])
    expect([h.state('active'), h.state('enabled')]).toEqual(['inactive', 'disabled'])
  })

  it('enables and starts, restarts, then masks and stops with scope/no_block/daemon_reload', async () => {
    const h = host()
    const r1 = await runModule(systemd, { name: 'nginx', state: 'started', enabled: 'yes' }, h.env())
    expect(strip(r1)).toEqual({ changed: true, enabled: true, name: 'nginx', state: 'started', status: status('inactive', 'disabled') })
    const r2 = await runModule(systemd, { name: 'nginx', state: 'restarted' }, h.env())
    expect(strip(r2)).toEqual({ changed: true, name: 'nginx', state: 'started', status: status('active', 'enabled') })
    const r3 = await runModule(systemd, { name: 'nginx', state: 'stopped', masked: true, daemon_reload: true, scope: 'user', no_block: true }, h.env())
    expect(strip(r3)).toEqual({ changed: true, name: 'nginx', state: 'stopped', status: status('active', 'enabled') })
    expect(h.log()).toEqual([
      'show nginx',
      'is-enabled nginx -l',
      'enable nginx',
      'start nginx',
      'show nginx',
      'restart nginx',
      '--user --no-block daemon-reload',
      '--user --no-block show nginx',
      '--user --no-block is-enabled nginx',
      '--user --no-block mask nginx',
      '--user --no-block stop nginx',
    ])
    expect([h.state('active'), h.state('enabled')]).toEqual(['inactive', 'masked'])
  })

  it('is idempotent', async () => {
    const h = host()
    await runModule(systemd, { name: 'nginx', state: 'started', enabled: true }, h.env())
    const r = await runModule(systemd, { name: 'nginx', state: 'started', enabled: true }, h.env())
    expect(strip(r)).toEqual({ changed: false, enabled: true, name: 'nginx', state: 'started', status: status('active', 'enabled') })
  })

  it('fails for a missing unit, a glob, a state without a name; nothing to do without one', async () => {
    const h = host()
    expect(strip(await runModule(systemd, { name: 'nosuch', state: 'started' }, h.env()))).toEqual({ changed: false, failed: true, msg: 'Could not find the requested service nosuch: host' })
    expect((await runModule(systemd, { name: 'ng*', state: 'started' }, h.env())).msg).toBe("This module does not currently support using glob patterns, found '*' in service name: ng*")
    expect((await runModule(systemd, { state: 'started' }, h.env())).msg).toBe("missing parameter(s) required by 'state': name")
    expect(strip(await runModule(systemd, {}, h.env()))).toEqual({ changed: false, name: null, status: {} })
  })
})

describe('service (systemd host)', () => {
  it('is the systemd module: reload of a stopped unit starts it', async () => {
    const h = host()
    const r = await runModule(service, { name: 'nginx', state: 'reloaded' }, h.env())
    expect(strip(r)).toEqual({ changed: true, name: 'nginx', state: 'started', status: status('inactive', 'disabled') })
    expect(h.log()).toEqual(['show nginx', 'start nginx'])
    // The service action drops the SysV-only options (with a warning) and runs systemd.
    const plain = await runModule(service, { name: 'nginx', pattern: 'nginx', args: '-x' }, h.env())
    expect(strip(plain)).toEqual({ changed: false, name: 'nginx', status: status('active', 'disabled'), warnings: ['Ignoring "pattern" as it is not used in "systemd"', 'Ignoring "arguments" as it is not used in "systemd"'] })
  })
})
