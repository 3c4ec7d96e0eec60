/**
 * sysctl through the real runtime and the local connection, against a stand-in `sysctl`
 * first on PATH that keeps "kernel" values in files (the container's kernel is not ours
 * to change). The same stand-in on PATH for ansible.posix's sysctl module (run with
 * python3 from ansible 7 / core 2.14) recorded the expected results, sysctl calls and
 * file contents below, step by step on one file.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import sysctl from '../../../modules/sysctl.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const SYSCTL = `#!/bin/sh
D=$(dirname "$0")
echo "$*" >> "$D/log"
n=0; e=0; w=0; p=
while [ $# -gt 0 ]; do
  case "$1" in -n) n=1;; -e) e=1;; -w) w=1;; -p) p=$2; shift;; *) arg=$1;; esac; shift
done
if [ -n "$p" ]; then
  grep -v '^[#;]' "$p" | grep '=' | while IFS='=' read -r k v; do printf '%s\\n' "$v" > "$D/kernel/$k"; echo "$k = $v"; done
  exit 0
fi
if [ $w = 1 ]; then k=\${arg%%=*}; v=\${arg#*=}; printf '%s\\n' "$v" > "$D/kernel/$k"; echo "$k = $v"; exit 0; fi
if [ -f "$D/kernel/$arg" ]; then cat "$D/kernel/$arg"; exit 0; fi
echo "sysctl: cannot stat /proc/sys/$arg: No such file or directory" >&2; exit 255
`

function host() {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-sysctl-'))
  writeFileSync(join(dir, 'sysctl'), SYSCTL)
  chmodSync(join(dir, 'sysctl'), 0o755)
  mkdirSync(join(dir, 'kernel'))
  writeFileSync(join(dir, 'kernel', 'net.ipv4.ip_forward'), '0\n')
  writeFileSync(join(dir, 'kernel', 'net.ipv4.tcp_rmem'), '4096\t16384\t4194304\n')
  writeFileSync(join(dir, 'log'), '')
  const conf = join(dir, 'conf')
  writeFileSync(conf, '# comment\nvm.swappiness = 10\n\nnet.ipv4.ip_forward=0\nvm.swappiness=20\n')
  const env = (over: Partial<ModuleRunEnv> = {}) => moduleEnv({ environment: { PATH: `${dir}:${process.env.PATH}` }, ...over })
  const log = () => readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean)
  const file = () => readFileSync(conf, 'utf8')
  const kernel = (k: string) => readFileSync(join(dir, 'kernel', k), 'utf8')
  return { env, log, file, kernel, conf }
}
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}

describe('sysctl', () => {
  it('check mode only reads', async () => {
    const h = host()
    const before = h.file()
    expect(strip(await runModule(sysctl, { name: 'net.ipv4.ip_forward', value: '1', sysctl_file: h.conf }, h.env({ check: true })))).toEqual({ changed: true })
    expect(h.log()).toEqual(['-e -n net.ipv4.ip_forward'])
    expect(h.file()).toBe(before)
  })

  it('follows the oracle step by step', async () => {
    const h = host()
    const run = async (args: Record<string, unknown>) => strip(await runModule(sysctl, { sysctl_file: h.conf, ...args }, h.env()))
    expect(await run({ name: 'net.ipv4.ip_forward', value: 'yes' })).toEqual({ changed: true })
    expect(h.file()).toBe('# comment\nvm.swappiness=10\n\nnet.ipv4.ip_forward=1\n')
    expect(h.kernel('net.ipv4.ip_forward')).toBe('1\n')
    expect(await run({ name: 'net.ipv4.ip_forward', value: '1' })).toEqual({ changed: false })
    expect(await run({ name: 'net.ipv4.tcp_rmem', value: '4096 16384  4194304', reload: false, sysctl_set: true })).toEqual({ changed: true })
    expect(await run({ name: 'vm.swappiness', state: 'absent' })).toEqual({ changed: true })
    expect(await run({ name: 'kernel.x', value: '2', reload: false, sysctl_set: true })).toEqual({ changed: true })
    expect(await run({ name: 'net.ipv4.ip_forward', value: '' })).toEqual({ changed: false, failed: true, msg: 'value cannot be blank' })
    expect(await run({ name: 'x' })).toEqual({ changed: false, failed: true, msg: 'state is present but all of the following are missing: value' })
    expect(await run({ name: 'net.ipv4.ip_forward', value: '5', reload: false, sysctl_set: true })).toEqual({ changed: true })
    expect(h.file()).toBe('# comment\n\nnet.ipv4.ip_forward=5\nnet.ipv4.tcp_rmem=4096 16384  4194304\nkernel.x=2\n')
    expect(h.kernel('net.ipv4.ip_forward')).toBe('5\n')
    expect(h.log()).toEqual([
      '-e -n net.ipv4.ip_forward',
      `-p ${h.conf}`,
      '-e -n net.ipv4.ip_forward',
      '-e -n net.ipv4.tcp_rmem',
      '-e -n vm.swappiness',
      `-p ${h.conf}`,
      '-e -n kernel.x',
      '-e -n net.ipv4.ip_forward',
      '-w net.ipv4.ip_forward=5',
    ])
  })
})
