/**
 * kolla_toolbox (kolla-ansible 2023.1, ansible/library/kolla_toolbox.py): runs an
 * Ansible module inside the running `kolla_toolbox` container (`ansible localhost -m
 * MODULE -a ARGS` with the json callback) and returns that module's result as its own.
 */
import { defineModule, isDict, pyRepr, pyStr } from '../../../src/plugin-kit.js'
import { engineCli, type ContainerEngine } from './container-cli.js'

interface Args {
  container_engine: ContainerEngine
  module_name: string
  module_args?: unknown
  module_extra_vars?: unknown
  api_version?: string
  timeout?: number
  user?: string
}

export default defineModule<Args>({
  name: 'kolla_toolbox',
  summary: 'Runs an Ansible module inside the kolla_toolbox container',
  args: {
    type: 'object',
    properties: {
      container_engine: { type: 'string', enum: ['docker', 'podman'] },
      module_name: { type: 'string' },
      module_args: {},
      module_extra_vars: {},
      api_version: { type: 'string', default: 'auto' },
      timeout: { type: 'integer', default: 180 },
      user: { type: 'string' },
    },
    required: ['container_engine', 'module_name'],
    additionalProperties: false,
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    const ps = await engineCli(ctx, args.container_engine, ['ps', '-q', '--filter', 'name=kolla_toolbox', '--filter', 'status=running'])
    if (ps.rc !== 0) ctx.fail(`kolla_toolbox container is not running: ${(ps.stderr || ps.stdout).trim()}`)
    const id = ps.stdout.split('\n').find((l) => l.trim())
    if (!id) ctx.fail('kolla_toolbox container is not running.')
    const command = ['ansible', 'localhost', '-m', args.module_name]
    if (args.module_args !== undefined && args.module_args !== null) command.push('-a', kvArgs(args.module_args))
    if (args.module_extra_vars !== undefined) command.push('--extra-vars', JSON.stringify(args.module_extra_vars))
    const exec = ['exec', '-e', 'ANSIBLE_STDOUT_CALLBACK=json', '-e', 'ANSIBLE_LOAD_CALLBACK_PLUGINS=True']
    if (args.user) exec.push('-u', args.user)
    const out = await ctx.change((host) => host.exec([args.container_engine, ...exec, id!.trim(), ...command], { timeoutMs: (args.timeout ?? 180) * 1000 }))
    if (!out) return { changed: false }
    let parsed: unknown
    try {
      parsed = JSON.parse(out.stdout)
    } catch {
      ctx.fail(`Can not parse the inner module output: ${out.stdout}`, { rc: out.rc, stderr: out.stderr })
    }
    const result = (parsed as { plays?: { tasks?: { hosts?: Record<string, unknown> }[] }[] }).plays?.[0]?.tasks?.[0]?.hosts?.localhost
    if (!isDict(result)) ctx.fail(`Unexpected output of the inner module: ${out.stdout}`)
    const ret = { ...(result as Record<string, unknown>) }
    delete ret._ansible_no_log
    return ret
  },
})

/** The inner `-a` string: a dict becomes `k='v'` pairs with Python's str() of each value. */
function kvArgs(v: unknown): string {
  if (!isDict(v)) return pyStr(v)
  return Object.entries(v)
    .map(([k, val]) => `${k}=${pyRepr(pyStr(val))}`)
    .join(' ')
}
