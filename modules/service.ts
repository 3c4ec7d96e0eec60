/**
 * systemd and service (ansible-core 2.14) on systemd hosts, as the systemd module does
 * it with systemctl: `show` for the unit's `status`, then masked, enabled and state
 * (started, stopped, restarted, reloaded), daemon_reload/daemon_reexec, scope, no_block,
 * force. Check mode predicts from the current state and runs only reads. `service` is
 * Ansible's service action on a systemd host: the systemd module without the options
 * only the SysV backend knows (pattern, runlevel, sleep, arguments).
 */
import {
  defineModule,
  shellJoin,
  type ExecResult,
  type ModuleContext,
  type ModuleResult,
} from '../src/plugin-kit.js'

interface Args {
  name?: string
  state?: 'reloaded' | 'restarted' | 'started' | 'stopped'
  enabled?: boolean
  masked?: boolean
  force?: boolean
  daemon_reload: boolean
  daemon_reexec: boolean
  scope: 'system' | 'user' | 'global'
  no_block: boolean
}

const VALID_ENABLED_STATES = ['enabled', 'enabled-runtime', 'linked', 'linked-runtime', 'masked', 'masked-runtime', 'static', 'indirect', 'disabled', 'generated', 'transient']

/** systemctl's `show` output as Ansible parses it (multi-line Exec* values joined). */
function parseSystemctlShow(lines: string[]): Record<string, string> {
  const parsed: Record<string, string> = {}
  let multival: string[] = []
  let k: string | null = null
  for (const line of lines) {
    if (k === null) {
      const at = line.indexOf('=')
      if (at < 0) continue
      k = line.slice(0, at)
      const v = line.slice(at + 1)
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        multival.push(v)
        continue
      }
      parsed[k] = v.trim()
      k = null
    } else {
      multival.push(line)
      if (line.trimEnd().endsWith('}')) {
        parsed[k] = multival.join('\n').trim()
        multival = []
        k = null
      }
    }
  }
  return parsed
}

function requestWasIgnored(out: string): boolean {
  return !out.includes('=') && (out.includes('ignoring request') || out.includes('ignoring command'))
}

async function runSystemd(args: Args, ctx: ModuleContext): Promise<ModuleResult> {
  const unit = args.name
  if (unit !== undefined) {
    for (const glob of ['*', '?', '[']) {
      if (unit.includes(glob)) return ctx.fail(`This module does not currently support using glob patterns, found '${glob}' in service name: ${unit}`)
    }
  }
  const base = ['systemctl']
  if (args.scope !== 'system') base.push(`--${args.scope}`)
  if (args.no_block) base.push('--no-block')
  if (args.force) base.push('--force')
  // As Ansible does, XDG_RUNTIME_DIR defaults to the user's runtime directory (for --user).
  const prefix = args.scope !== 'system' ? 'XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}" ' : ''
  const line = (words: string[]) => `${prefix}${shellJoin([...base, ...words])}`
  const read = (words: string[]) => ctx.exec(line(words))
  const write = async (words: string[]): Promise<ExecResult> => (await ctx.change((w) => w.exec(line(words)))) ?? { rc: 0, stdout: '', stderr: '' }

  const which = await ctx.exec('command -v systemctl')
  if (which.rc !== 0) return ctx.fail('Failed to find required executable "systemctl" in paths: /sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin')

  const result: ModuleResult = { name: unit ?? null, changed: false, status: {} }
  if (args.daemon_reload && !ctx.check) {
    const r = await write(['daemon-reload'])
    if (r.rc !== 0) return ctx.fail(`failure ${r.rc} during daemon-reload: ${r.stderr}`)
  }
  if (args.daemon_reexec && !ctx.check) {
    const r = await write(['daemon-reexec'])
    if (r.rc !== 0) return ctx.fail(`failure ${r.rc} during daemon-reexec: ${r.stderr}`)
  }
  if (!unit) return result

  const isInitd = (await ctx.stat(`/etc/init.d/${unit}`, { follow: true })) !== null
  let isSystemd = false
  let status: Record<string, string> = {}
  const show = await read(['show', unit])
  if (show.rc === 0 && !(requestWasIgnored(show.stdout) || requestWasIgnored(show.stderr))) {
    if (show.stdout) {
      status = parseSystemctlShow(show.stdout.split('\n'))
      isSystemd = 'LoadState' in status && status.LoadState !== 'not-found'
      const isMasked = status.LoadState === 'masked'
      if (isSystemd && !isMasked && 'LoadError' in status) return ctx.fail(`Error loading unit file '${unit}': ${status.LoadError}`)
    }
  } else if (show.stderr && show.rc === 1 && show.stderr.includes('Failed to parse bus message')) {
    status = parseSystemctlShow(show.stdout.split('\n'))
    const [unitBase, ...rest] = unit.split('@')
    const search = `${unitBase}${rest.length ? '@' : ''}`
    isSystemd = (await read(['list-unit-files', `${search}*`])).stdout.includes(search)
    status.ActiveState = (await read(['is-active', unit])).stdout.replace(/\n$/, '')
  } else {
    const isEnabled = await read(['is-enabled', unit])
    if (VALID_ENABLED_STATES.includes(isEnabled.stdout.trim())) isSystemd = true
    else if ((await read(['list-unit-files', unit])).rc === 0) isSystemd = true
    else {
      const r = await ctx.exec(shellJoin(base))
      if (r.rc !== 0) return ctx.fail(r.stderr.replace(/\n$/, ''), { cmd: base.join(' '), rc: r.rc, stdout: r.stdout, stderr: r.stderr })
    }
  }
  result.status = status
  const found = isSystemd || isInitd
  if (isInitd && !isSystemd) ctx.warn(`The service (${unit}) is actually an init script but the system is managed by systemd`)
  const failIfMissing = () => {
    if (!found) ctx.fail(`Could not find the requested service ${unit}: host`)
  }

  if (args.masked !== undefined) {
    const masked = (await read(['is-enabled', unit])).stdout.trim() === 'masked'
    if (masked !== args.masked) {
      result.changed = true
      if (!ctx.check) {
        const r = await write([args.masked ? 'mask' : 'unmask', unit])
        if (r.rc !== 0) failIfMissing()
      }
    }
  }
  if (args.enabled !== undefined) {
    const action = args.enabled ? 'enable' : 'disable'
    failIfMissing()
    let enabled = false
    const r = await read(['is-enabled', unit, '-l'])
    if (r.rc === 0) {
      enabled = true
      const lines = r.stdout.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1))
      if (lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias')) enabled = false
    } else if (r.rc === 1 && args.scope === 'system' && isInitd && !r.stdout.trim().endsWith('disabled') && (await sysvIsEnabled(ctx, unit))) {
      enabled = true
    }
    result.enabled = enabled
    if (enabled !== args.enabled) {
      result.changed = true
      if (!ctx.check) {
        const w = await write([action, unit])
        if (w.rc !== 0) return ctx.fail(`Unable to ${action} service ${unit}: ${w.stdout}${w.stderr}`)
      }
      result.enabled = !enabled
    }
  }
  if (args.state !== undefined) {
    failIfMissing()
    result.state = args.state
    if ('ActiveState' in status) {
      const running = status.ActiveState === 'active' || status.ActiveState === 'activating'
      let action: string | undefined
      if (args.state === 'started') {
        if (!running) action = 'start'
      } else if (args.state === 'stopped') {
        if (running || status.ActiveState === 'deactivating') action = 'stop'
      } else {
        action = running ? args.state.slice(0, -2) : 'start'
        result.state = 'started'
      }
      if (action) {
        result.changed = true
        if (!ctx.check) {
          const w = await write([action, unit])
          if (w.rc !== 0) return ctx.fail(`Unable to ${action} service ${unit}: ${w.stderr}`)
        }
      }
    } else if ((await isChroot(ctx)) || (await ctx.exec('test "$SYSTEMD_OFFLINE" = 1')).rc === 0) {
      ctx.warn('Target is a chroot or systemd is offline. This can lead to false positives or prevent the init system tools from working.')
    } else {
      return ctx.fail('Service is in unknown state', { status })
    }
  }
  return result
}

/** SysV links: /etc/rc?.d/S??<name>. */
async function sysvIsEnabled(ctx: ModuleContext, name: string): Promise<boolean> {
  return (await ctx.exec(`ls /etc/rc?.d/S??${shellJoin([name])} >/dev/null 2>&1`)).rc === 0
}

/** Ansible's is_chroot: / is not the root of PID 1. */
async function isChroot(ctx: ModuleContext): Promise<boolean> {
  const r = await ctx.exec('test "$(stat -c %d:%i / 2>/dev/null)" != "$(stat -c %d:%i /proc/1/root/. 2>/dev/null)"')
  return r.rc === 0
}

const properties = {
  name: { type: 'string' },
  state: { type: 'string', enum: ['reloaded', 'restarted', 'started', 'stopped'] },
  enabled: { type: 'boolean' },
  force: { type: 'boolean' },
  masked: { type: 'boolean' },
  daemon_reload: { type: 'boolean', default: false },
  daemon_reexec: { type: 'boolean', default: false },
  scope: { type: 'string', enum: ['system', 'user', 'global'], default: 'system' },
  no_block: { type: 'boolean', default: false },
}

export const systemd = defineModule<Args>({
  name: 'systemd',
  fqcns: ['ansible.builtin.systemd', 'ansible.legacy.systemd', 'systemd_service', 'ansible.builtin.systemd_service', 'ansible.legacy.systemd_service'],
  summary: 'Manage systemd units',
  args: { type: 'object', properties },
  aliases: { name: ['service', 'unit'], daemon_reload: ['daemon-reload'], daemon_reexec: ['daemon-reexec'] },
  // Ansible's required_one_of (state, enabled, masked, daemon_reload, daemon_reexec) is
  // always met, the daemon_* defaults counting as given: `systemd: {}` succeeds there too.
  supports: { check: 'full' },
  async run(args, ctx) {
    // required_by: state/enabled/masked need a name.
    for (const key of ['state', 'enabled', 'masked'] as const) {
      if (args[key] !== undefined && args.name === undefined) return ctx.fail(`missing parameter(s) required by '${key}': name`)
    }
    return runSystemd(args, ctx)
  },
})

interface ServiceArgs {
  name: string
  state?: Args['state']
  enabled?: boolean
  pattern?: string
  sleep?: number
  arguments?: string
  runlevel?: string
  use: string
}

export const service = defineModule<ServiceArgs>({
  name: 'service',
  fqcns: ['ansible.builtin.service', 'ansible.legacy.service'],
  summary: 'Manage services (systemd hosts)',
  args: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      state: { type: 'string', enum: ['reloaded', 'restarted', 'started', 'stopped'] },
      sleep: { type: 'integer' },
      pattern: { type: 'string' },
      enabled: { type: 'boolean' },
      runlevel: { type: 'string' },
      arguments: { type: 'string' },
      use: { type: 'string', default: 'auto' },
    },
    required: ['name'],
  },
  aliases: { arguments: ['args'] },
  // No required_one_of: on a systemd host the service action hands the arguments to the
  // systemd module, whose own is always met.
  supports: { check: 'full' },
  async run(args, ctx) {
    for (const unused of ['pattern', 'runlevel', 'sleep', 'arguments'] as const) {
      if (args[unused] !== undefined) ctx.warn(`Ignoring "${unused}" as it is not used in "systemd"`)
    }
    if (args.use !== 'auto' && args.use !== 'systemd') {
      return ctx.fail(`service: the '${args.use}' service manager is not supported here; only systemd is`)
    }
    return runSystemd({ name: args.name, state: args.state, enabled: args.enabled, daemon_reload: false, daemon_reexec: false, scope: 'system', no_block: false }, ctx)
  },
})
