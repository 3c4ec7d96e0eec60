/**
 * modprobe through the real runtime over the local connection, with the kernel's and
 * /etc's paths mapped into a temp root (the container has no /proc/modules nor
 * /lib/modules) and a stand-in `modprobe` first on PATH that edits the fake
 * /proc/modules. ansible 7's community.general modprobe recorded the expected results
 * and modprobe calls with the same stand-in and the same files mounted in place
 * (unshare -m, overlays on /lib and /etc, a bind mount on /proc).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import modprobe from '../../../modules/modprobe.js'
import { LocalConnection } from '../../../src/connection/local.js'
import type { DirEntry, FileStat, StatOptions, WriteFileOptions } from '../../../src/connection/types.js'
import { runModule } from '../../../src/module-api/run-module.js'
import type { ModuleRunEnv } from '../../../src/executor/run-context.js'
import { moduleEnv } from '../../helpers/module-env.js'

const MODPROBE = `#!/bin/sh
P=\${FAKE_PROC:-/proc/modules}
echo "$*" >> "$(dirname "$0")/log"
n=0; r=0; first=0; name=
for a in "$@"; do
  case "$a" in -n) n=1;; -r) r=1;; --first-time) first=1;; -*) ;; *) [ -z "$name" ] && name=$a;; esac
done
if [ "$name" = nosuch ]; then echo "modprobe: FATAL: Module nosuch not found in directory /lib/modules/x" >&2; exit 1; fi
[ $n = 1 ] && exit 0
if [ $r = 1 ]; then grep -v "^$name " "$P" > "$P.new"; cat "$P.new" > "$P"; rm -f "$P.new"; exit 0; fi
grep -q "^$name " "$P" || echo "$name 16384 0 - Live 0x0000000000000000" >> "$P"
exit 0
`

/** The local connection with /proc/modules, /lib/modules and /etc/modprobe.d, /etc/modules-load.d under `root`. */
class MappedHost extends LocalConnection {
  constructor(private readonly root: string) {
    super()
  }
  private map(p: string): string {
    return /^\/(proc\/modules|lib\/modules|etc\/modprobe\.d|etc\/modules-load\.d)(\/|$)/.test(p) ? join(this.root, p) : p
  }
  override readFile(p: string, o?: Parameters<LocalConnection['readFile']>[1]): Promise<Buffer | null> {
    return super.readFile(this.map(p), o)
  }
  override writeFile(p: string, d: string | Buffer, o?: WriteFileOptions): Promise<void> {
    return super.writeFile(this.map(p), d, o)
  }
  override stat(p: string, o?: StatOptions): Promise<FileStat | null> {
    return super.stat(this.map(p), o)
  }
  override readDir(p: string, o?: Parameters<LocalConnection['readDir']>[1]): Promise<DirEntry[] | null> {
    return super.readDir(this.map(p), o)
  }
}

function host() {
  const root = mkdtempSync(join(tmpdir(), 'tsible-modprobe-'))
  const release = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()
  for (const d of ['bin', 'proc', `lib/modules/${release}`, 'etc/modprobe.d', 'etc/modules-load.d']) mkdirSync(join(root, d), { recursive: true })
  writeFileSync(join(root, 'bin', 'modprobe'), MODPROBE)
  chmodSync(join(root, 'bin', 'modprobe'), 0o755)
  writeFileSync(join(root, 'bin', 'log'), '')
  writeFileSync(join(root, `lib/modules/${release}/modules.builtin`), 'kernel/fs/ext4/ext4.ko\n')
  writeFileSync(join(root, 'proc/modules'), 'loop 32768 0 - Live 0x0\n')
  writeFileSync(join(root, 'etc/modprobe.d/old.conf'), 'options dummy numdummies=5\n')
  const env = (over: Partial<ModuleRunEnv> = {}) =>
    moduleEnv({ connection: new MappedHost(root), environment: { PATH: `${join(root, 'bin')}:${process.env.PATH}`, FAKE_PROC: join(root, 'proc/modules') }, ...over })
  const log = () => {
    const l = readFileSync(join(root, 'bin', 'log'), 'utf8').split('\n').filter(Boolean)
    writeFileSync(join(root, 'bin', 'log'), '')
    return l
  }
  const read = (p: string) => readFileSync(join(root, p), 'utf8')
  return { env, log, read }
}
const strip = (r: Record<string, unknown>) => {
  const { invocation: _i, ...rest } = r
  return rest
}
const res = (changed: boolean, name = 'dummy', params = 'numdummies=2', state = 'present') => ({ changed, name, params, state })

describe('modprobe', () => {
  it('follows the oracle: load (dry run in check mode), persist, unload', async () => {
    const h = host()
    const run = async (args: Record<string, unknown>, check = false) => strip(await runModule(modprobe, args, h.env({ check })))
    expect(await run({ name: 'dummy', params: 'numdummies=2' }, true)).toEqual(res(true))
    expect(h.log()).toEqual(['-n dummy numdummies=2'])
    expect(h.read('proc/modules')).toBe('loop 32768 0 - Live 0x0\n')
    expect(await run({ name: 'dummy', params: 'numdummies=2' })).toEqual(res(true))
    expect(h.log()).toEqual(['dummy numdummies=2'])
    expect(await run({ name: 'dummy', params: 'numdummies=2' })).toEqual(res(false))
    expect(await run({ name: 'dummy', params: 'numdummies=2', persistent: 'present' })).toEqual(res(true))
    expect(h.read('etc/modprobe.d/dummy.conf')).toBe('options dummy numdummies=2\n')
    expect(h.read('etc/modprobe.d/old.conf')).toBe('#options dummy numdummies=5\n')
    expect(h.read('etc/modules-load.d/dummy.conf')).toBe('dummy\n')
    expect(await run({ name: 'dummy', params: 'numdummies=2', persistent: 'present' })).toEqual(res(false))
    expect(h.log()).toEqual([])
    expect(await run({ name: 'dummy', state: 'absent', persistent: 'absent' })).toEqual(res(true, 'dummy', '', 'absent'))
    expect(h.log()).toEqual(['-r dummy'])
    expect(h.read('etc/modprobe.d/dummy.conf')).toBe('#options dummy numdummies=2\n')
    expect(h.read('etc/modules-load.d/dummy.conf')).toBe('#dummy\n')
    expect(h.read('proc/modules')).toBe('loop 32768 0 - Live 0x0\n')
  })

  it('counts built-in modules as loaded, and reports modprobe failures', async () => {
    const h = host()
    expect(strip(await runModule(modprobe, { name: 'ext4' }, h.env()))).toEqual(res(false, 'ext4', ''))
    const msg = 'modprobe: FATAL: Module nosuch not found in directory /lib/modules/x\n'
    expect(strip(await runModule(modprobe, { name: 'nosuch' }, h.env()))).toEqual({ ...res(false, 'nosuch', ''), failed: true, msg, rc: 1, stderr: msg, stdout: '' })
  })

  it('never writes persistence files in check mode', async () => {
    const h = host()
    expect(strip(await runModule(modprobe, { name: 'loop', persistent: 'present' }, h.env({ check: true })))).toEqual(res(true, 'loop', ''))
    expect(() => h.read('etc/modules-load.d/loop.conf')).toThrow()
  })
})
