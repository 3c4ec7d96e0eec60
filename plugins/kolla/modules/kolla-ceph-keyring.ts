/**
 * kolla_ceph_keyring (kolla-ansible train, ansible/library/kolla_ceph_keyring.py): makes
 * a ceph client's keyring exist with the given caps, through `docker exec <ceph mon>
 * ceph --format json auth ...`: `auth get`; when that fails with exit code 2 and ENOENT,
 * `auth get-or-create NAME caps...` (changed); when the caps differ, `auth caps NAME
 * caps...` and a second `auth get` (changed). Returns the keyring and a message.
 */
import { defineModule, isDict, pyEq, pyRepr, shellJoin, type ModuleContext } from '../../../src/plugin-kit.js'

interface Args {
  name: string
  container_name: string
  caps: Record<string, unknown>
}

class CalledProcessError extends Error {
  constructor(
    readonly rc: number,
    readonly output: string,
    readonly cmd: string[],
  ) {
    super(`Command '${pyRepr(cmd)}' returned non-zero exit status ${rc}.`)
  }
}

/** kolla's _format_caps: the caps sorted by key, as `key value` pairs. */
function formatCaps(caps: Record<string, unknown>): string[] {
  return Object.keys(caps)
    .sort()
    .flatMap((k) => [k, String(caps[k])])
}

async function ceph(ctx: ModuleContext, container: string, cmd: string[], change: boolean): Promise<string> {
  const full = ['docker', 'exec', container, ...cmd]
  const r = change ? await ctx.change((w) => w.exec(shellJoin(full))) : await ctx.exec(shellJoin(full))
  if (!r) return '[]'
  if (r.rc !== 0) throw new CalledProcessError(r.rc, `stdout: "${r.stdout}", stderr: "${r.stderr}"`, full)
  return r.stdout
}

export default defineModule<Args>({
  name: 'kolla_ceph_keyring',
  summary: "Ensures a ceph client keyring and its caps in kolla's ceph_mon container",
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      container_name: { type: 'string', default: 'ceph_mon' },
      caps: { type: 'object' },
    },
    required: ['name', 'caps'],
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    const base = ['ceph', '--format', 'json', 'auth']
    const get = () => ceph(ctx, args.container_name, [...base, 'get', args.name], false)
    let changed = false
    let message: string | null = null
    try {
      let stdout: string
      try {
        stdout = await get()
      } catch (e) {
        if (!(e instanceof CalledProcessError) || e.rc !== 2 || !/\bENOENT\b/.test(e.output)) throw e
        stdout = await ceph(ctx, args.container_name, [...base, 'get-or-create', args.name, ...formatCaps(args.caps)], true)
        changed = true
        message = `ceph keyring for ${args.name} is created`
      }
      let keyring = (JSON.parse(stdout) as unknown[])[0]
      if (!isDict(keyring) || !pyEq(keyring.caps, args.caps)) {
        await ceph(ctx, args.container_name, [...base, 'caps', args.name, ...formatCaps(args.caps)], true)
        keyring = (JSON.parse(await get()) as unknown[])[0]
        changed = true
        message = `ceph keyring for ${args.name} is updated`
      }
      return { changed, keyring, message }
    } catch (e) {
      if (e instanceof CalledProcessError) return ctx.fail(`Failed to call command: ${pyRepr(e.cmd)} returncode: ${e.rc} output: ${e.output}`)
      throw e
    }
  },
})
