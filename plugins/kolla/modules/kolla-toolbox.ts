/**
 * kolla_toolbox (kolla-ansible 2023.1, census §8.4): runs an Ansible module inside the
 * running `kolla_toolbox` container (`ansible localhost -m MODULE -a ARGS` with the json
 * callback), through the engine API's exec as kolla's docker-py client does, and returns
 * that module's result as its own.
 */
import { defineModule, isDict, jsonDumps, literalEval, pyStr } from '../../../src/plugin-kit.js'
import { engineSocket, withEngine } from '../docker/engine-client.js'
import { engineFailure } from '../docker/engine-failure.js'

interface Args {
  container_engine: string
  module_name: string
  module_args?: unknown
  module_extra_vars?: unknown
  api_version: string
  timeout: number
  user?: string
}

export default defineModule<Args>({
  name: 'kolla_toolbox',
  summary: 'Runs an Ansible module inside the kolla_toolbox container',
  args: {
    type: 'object',
    properties: {
      container_engine: { type: 'string' },
      module_name: { type: 'string' },
      module_args: {},
      module_extra_vars: {},
      api_version: { type: 'string', default: 'auto' },
      timeout: { type: 'integer', default: 180 },
      user: { type: 'string' },
    },
    required: ['container_engine', 'module_name'],
  },
  supports: { check: 'none' },
  async run(args, ctx) {
    const command = commandLine(args)
    const socket = engineSocket(args.container_engine)
    const open = (p: string) => ctx.openUnixStream(p)
    const out = await withEngine(open, { version: args.api_version, timeoutS: args.timeout, socket }, async (c) => {
      const [toolbox] = await c.containers({ filters: { name: 'kolla_toolbox', status: 'running' } })
      if (!toolbox) return null
      const env = { ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOAD_CALLBACK_PLUGINS: 'True' }
      const id = await c.execCreate(toolbox.Id, command, { user: args.user ?? null, environment: env })
      return c.execStart(id, args.timeout * 1000)
    }).catch((e) => engineFailure(ctx, e, 'running the module in kolla_toolbox'))
    if (!out) return ctx.fail('kolla_toolbox container is not running.')
    const stdout = out.stdout.toString('utf8')
    let parsed: unknown
    try {
      parsed = JSON.parse(stdout)
    } catch {
      return ctx.fail(`Can not parse the inner module output: ${stdout}`, { stderr: out.stderr.toString('utf8') })
    }
    const ret = (parsed as { plays?: { tasks?: { hosts?: Record<string, unknown> }[] }[] }).plays?.[0]?.tasks?.[0]?.hosts?.localhost
    if (!isDict(ret)) return ctx.fail(`Ansible JSON output has unexpected format: ${stdout}`)
    const result = { ...(ret as Record<string, unknown>) }
    delete result._ansible_no_log
    return result
  },
})

/** kolla's gen_commandline: `ansible localhost -m NAME [-a ARGS] [--extra-vars JSON]`. */
export function commandLine(args: Args): string[] {
  const command = ['ansible', 'localhost', '-m', args.module_name]
  if (truthy(args.module_args)) command.push('-a', moduleArgs(args.module_args))
  if (truthy(args.module_extra_vars)) {
    const ev = args.module_extra_vars
    // The argument is of type json: a mapping or list arrives as Python's json.dumps of it.
    command.push('--extra-vars', typeof ev === 'string' ? ev.trim() : jsonDumps(ev, { plain: true }))
  }
  return command
}

/**
 * The `-a` string. The argument is of type str, so a mapping arrives as Python's repr of
 * it and kolla literal_evals it back; a mapping becomes `key='value'` pairs with Python's
 * str() of each value, unescaped, as kolla writes them.
 */
function moduleArgs(v: unknown): string {
  let value = v
  if (typeof v === 'string') {
    try {
      value = literalEval(v)
    } catch {
      value = v
    }
  }
  if (!isDict(value)) return pyStr(value)
  return Object.entries(value)
    .map(([k, val]) => `${k}='${pyStr(val)}'`)
    .join(' ')
}

function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false) return false
  if (Array.isArray(v)) return v.length > 0
  if (isDict(v)) return Object.keys(v).length > 0
  return true
}
