/**
 * systemd and service (ansible-core 2.14) on systemd hosts: unit state (started,
 * stopped, restarted, reloaded), enabled, masked, daemon_reload/daemon_reexec, through
 * systemctl; the result carries `status` from `systemctl show` as Ansible's does.
 * Check mode predicts from the current state without changing it.
 */
import { defineModule, shellJoin, type ModuleContext, type ModuleDefinition, type ModuleResult } from '../src/index.js'

interface Args {
  name?: string
  state?: 'reloaded' | 'restarted' | 'started' | 'stopped'
  enabled?: boolean
  masked?: boolean
  daemon_reload: boolean
  daemon_reexec: boolean
  scope: 'system' | 'user' | 'global'
  no_block: boolean
  force?: boolean
}

async function systemctl(ctx: ModuleContext, args: Args, words: string[], write = false) {
  const argv = ['systemctl', ...(args.scope !== 'system' ? [`--${args.scope}`] : []), ...words]
  if (!write) return ctx.exec(shellJoin(argv))
  return (await ctx.change((w) => w.exec(shellJoin(argv)))) ?? { rc: 0, stdout: '', stderr: '' }
}

async function show(ctx: ModuleContext, args: Args, unit: string): Promise<Record<string, string>> {
  const r = await systemctl(ctx, args, ['show', unit])
  const out: Record<string, string> = {}
  for (const line of r.stdout.split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1)
  }
  return out
}

async function runSystemd(args: Args, ctx: ModuleContext, moduleName: string): Promise<ModuleResult> {
  const result: ModuleResult = { changed: false, name: args.name }
  if (args.daemon_reexec) {
    await systemctl(ctx, args, ['daemon-reexec'], true)
    result.changed = true
  }
  if (args.daemon_reload) {
    await systemctl(ctx, args, ['daemon-reload'], true)
    result.changed = true
  }
  if (!args.name) {
    if (args.state !== undefined || args.enabled !== undefined || args.masked !== undefined) return ctx.fail(`${moduleName}: a unit name is required`)
    return result
  }
  const unit = args.name
  const status = await show(ctx, args, unit)
  const found = status.LoadState !== undefined && status.LoadState !== 'not-found'
  result.status = status
  if (args.masked !== undefined) {
    const masked = status.LoadState === 'masked' || status.UnitFileState === 'masked'
    if (masked !== args.masked) {
      result.changed = true
      const r = await systemctl(ctx, args, [args.masked ? 'mask' : 'unmask', unit], true)
      if (r.rc !== 0) return ctx.fail(`Unable to ${args.masked ? 'mask' : 'unmask'} service ${unit}: ${r.stderr.trim()}`)
    }
  }
  if (args.enabled !== undefined) {
    if (!found) return ctx.fail(`Could not find the requested service ${unit}: host`)
    const isEnabled = (await systemctl(ctx, args, ['is-enabled', unit])).rc === 0
    result.enabled = args.enabled
    if (isEnabled !== args.enabled) {
      result.changed = true
      const r = await systemctl(ctx, args, [args.enabled ? 'enable' : 'disable', unit], true)
      if (r.rc !== 0) return ctx.fail(`Unable to ${args.enabled ? 'enable' : 'disable'} service ${unit}: ${r.stderr.trim()}`)
    }
  }
  if (args.state !== undefined) {
    if (!found) return ctx.fail(`Could not find the requested service ${unit}: host`)
    result.state = args.state
    const active = status.ActiveState === 'active' || status.ActiveState === 'activating'
    let action: string | undefined
    if (args.state === 'started' && !active) action = 'start'
    else if (args.state === 'stopped' && active) action = 'stop'
    else if (args.state === 'restarted') action = 'restart'
    else if (args.state === 'reloaded') action = active ? 'reload' : 'start'
    if (action) {
      result.changed = true
      const r = await systemctl(ctx, args, [...(args.no_block ? ['--no-block'] : []), action, unit], true)
      if (r.rc !== 0) return ctx.fail(`Unable to ${action} service ${unit}: ${r.stderr.trim()}`)
    }
  }
  return result
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
  fqcns: ['ansible.builtin.systemd', 'ansible.legacy.systemd', 'systemd_service', 'ansible.builtin.systemd_service'],
  summary: 'Manage systemd units',
  args: { type: 'object', properties },
  aliases: { name: ['service', 'unit'], daemon_reload: ['daemon-reload'], daemon_reexec: ['daemon-reexec'] },
  supports: { check: 'full' },
  run: (args, ctx) => runSystemd(args, ctx, 'systemd'),
}) as unknown as ModuleDefinition

export const service = defineModule<Args & { pattern?: string; sleep?: number; arguments?: string; runlevel?: string; use?: string }>({
  name: 'service',
  fqcns: ['ansible.builtin.service', 'ansible.legacy.service'],
  summary: 'Manage services (through systemd)',
  args: {
    type: 'object',
    properties: {
      ...properties,
      pattern: { type: 'string' },
      sleep: { type: 'integer' },
      arguments: { type: 'string', default: '' },
      runlevel: { type: 'string', default: 'default' },
      use: { type: 'string', default: 'auto' },
    },
    required: ['name'],
  },
  aliases: { arguments: ['args'] },
  supports: { check: 'full' },
  run: (args, ctx) => runSystemd({ ...args, daemon_reload: false, daemon_reexec: false, scope: 'system', no_block: false }, ctx, 'service'),
}) as unknown as ModuleDefinition
