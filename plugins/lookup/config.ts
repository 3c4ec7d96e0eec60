/**
 * The `config` lookup: the value of a setting, or with plugin_type/plugin_name of a
 * plugin's option (its variables first, then environment, ansible.cfg, default), as
 * ConfigManager resolves it. Settings are those tsible reads (src/config/settings.ts) and
 * the few more listed here; a plugin's options are listed for the connection, shell and
 * become plugins tsible has.
 */
import {
  isUndefined,
  loadConfig,
  pyStr,
  SETTINGS,
  type Config,
  type LookupFn,
  type SettingDefinition,
  type SettingName,
  type TemplateContext,
} from '../../src/plugin-kit.js'
import { pyClassRepr } from '../filter/errors.js'
import { AnsibleLookupError } from './errors.js'
import { PLUGIN_OPTIONS, type PluginOption } from './config-plugins.js'

const d = 'defaults'
const COWS = ['bud-frogs', 'bunny', 'cheese', 'daemon', 'default', 'dragon', 'elephant-in-snake', 'elephant', 'eyes', 'hellokitty', 'kitty', 'luke-koala', 'meow', 'milk', 'moofasa', 'moose', 'ren', 'sheep', 'small', 'stegosaurus', 'stimpy', 'supermilker', 'three-eyes', 'turkey', 'turtle', 'tux', 'udder', 'vader-koala', 'vader', 'www']

/** Settings tsible does not act on that the lookup still answers. */
const MORE_SETTINGS: Record<string, SettingDefinition> = {
  ANSIBLE_COW_ACCEPTLIST: { type: 'list', default: COWS, ini: [[d, 'cowsay_enabled_stencils'], [d, 'cow_whitelist']], env: ['ANSIBLE_COW_ACCEPTLIST', 'ANSIBLE_COW_WHITELIST'] },
  ANSIBLE_COW_SELECTION: { type: 'string', default: 'default', ini: [[d, 'cow_selection']], env: ['ANSIBLE_COW_SELECTION'] },
  ANSIBLE_NOCOWS: { type: 'boolean', default: false, ini: [[d, 'nocows']], env: ['ANSIBLE_NOCOWS'] },
  DEFAULT_ASK_PASS: { type: 'boolean', default: false, ini: [[d, 'ask_pass']], env: ['ANSIBLE_ASK_PASS'] },
  DEFAULT_POLL_INTERVAL: { type: 'integer', default: 15, ini: [[d, 'poll_interval']], env: ['ANSIBLE_POLL_INTERVAL'] },
  DEFAULT_ALLOW_UNSAFE_LOOKUPS: { type: 'boolean', default: false, ini: [[d, 'allow_unsafe_lookups']] },
  DEFAULT_JINJA2_EXTENSIONS: { type: 'none', default: [], ini: [[d, 'jinja2_extensions']], env: ['ANSIBLE_JINJA2_EXTENSIONS'] },
  DEFAULT_NULL_REPRESENTATION: { type: 'none', default: null, ini: [[d, 'null_representation']], env: ['ANSIBLE_NULL_REPRESENTATION'] },
  DEPRECATION_WARNINGS: { type: 'boolean', default: true, ini: [[d, 'deprecation_warnings']], env: ['ANSIBLE_DEPRECATION_WARNINGS'] },
  SYSTEM_WARNINGS: { type: 'boolean', default: true, ini: [[d, 'system_warnings']], env: ['ANSIBLE_SYSTEM_WARNINGS'] },
  COMMAND_WARNINGS: { type: 'boolean', default: false, ini: [[d, 'command_warnings']], env: ['ANSIBLE_COMMAND_WARNINGS'] },
  LOCALHOST_WARNING: { type: 'boolean', default: true, ini: [[d, 'localhost_warning']], env: ['ANSIBLE_LOCALHOST_WARNING'] },
  DEFAULT_LOAD_CALLBACK_PLUGINS: { type: 'boolean', default: false, ini: [[d, 'bin_ansible_callbacks']], env: ['ANSIBLE_LOAD_CALLBACK_PLUGINS'] },
  DEFAULT_KEEP_REMOTE_FILES: { type: 'boolean', default: false, ini: [[d, 'keep_remote_files']], env: ['ANSIBLE_KEEP_REMOTE_FILES'] },
}

/** Attributes of ansible.constants that are functions or classes, not settings. */
const CALLABLES = new Set(['ConfigManager', 'Sentinel', 'set_constant', 'to_text', 'ensure_type', 'config', 'mk_boolean', 'warn', 'secure'])

/** The setting is not there; `detail` is the underlying error's text, which Ansible appends. */
class MissingSetting extends Error {
  constructor(readonly detail: string) {
    super(detail)
  }
}

function globalSetting(config: Config, name: string): unknown {
  if (CALLABLES.has(name)) throw new AnsibleLookupError(`Invalid setting "${name}" attempted`, 'AnsibleLookupError')
  if (name in SETTINGS) return config.get(name as SettingName)
  if (name in MORE_SETTINGS) return config.resolveDefinition(MORE_SETTINGS[name])
  throw new MissingSetting(`module 'ansible.constants' has no attribute '${name}'`)
}

function pluginSetting(config: Config, ctx: TemplateContext, ptype: string, pname: string, name: string): unknown {
  const plugin = PLUGIN_OPTIONS[ptype]?.[pname.replace(/^ansible\.(builtin|legacy)\./, '')]
  if (!plugin) throw new AnsibleLookupError(`Unable to load ${ptype} plugin "${pname}"`, 'AnsibleLookupError')
  const opt: PluginOption | undefined = plugin[name]
  if (!opt) throw new MissingSetting(`Requested entry (plugin_type: ${ptype} plugin: ${pname} setting: ${name} ) was not defined in configuration.`)
  // ConfigManager._loop_entries: the last variable set wins.
  let value: unknown
  for (const v of opt.vars ?? []) {
    const x = ctx.lookup(v)
    if (!isUndefined(x) && x !== null && x !== undefined) value = x
  }
  if (value === undefined) return config.resolveDefinition(opt)
  return convert(value, opt.type)
}

function convert(value: unknown, type: SettingDefinition['type']): unknown {
  if (typeof value !== 'string') return value
  if (type === 'integer') return Number.parseInt(value, 10)
  if (type === 'boolean') return ['yes', 'on', '1', 'true', 't', 'y'].includes(value.toLowerCase())
  if (type === 'list') return value.split(',').map((s) => s.trim()).filter(Boolean)
  return value
}

const configLookup: LookupFn = (terms, kwargs, ctx) => {
  const missing = kwargs.on_missing ?? 'error'
  const ptype = kwargs.plugin_type ?? null
  const pname = kwargs.plugin_name ?? null
  if ((ptype || pname) && !(ptype && pname)) throw new AnsibleLookupError('Both plugin_type and plugin_name are required, cannot use one without the other', 'AnsibleOptionsError')
  // The option's choices, checked when the options are set.
  if (!['error', 'warn', 'skip'].includes(pyStr(missing))) {
    throw new AnsibleLookupError(`Invalid value "${pyStr(missing)}" for configuration option "plugin_type: lookup plugin: config setting: on_missing ", valid values are: error, skip, warn`, 'AnsibleOptionsError')
  }
  const config = loadConfig()
  const ret: unknown[] = []
  for (const term of terms) {
    if (typeof term !== 'string') throw new AnsibleLookupError(`Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${pyClassRepr(term)}`, 'AnsibleOptionsError')
    try {
      ret.push(ptype ? pluginSetting(config, ctx, pyStr(ptype), pyStr(pname), term) : globalSetting(config, term))
    } catch (e) {
      if (!(e instanceof MissingSetting)) throw e
      if (missing === 'error') throw new AnsibleLookupError(`Unable to find setting ${term}. ${e.detail}. ${e.detail}`, 'AnsibleLookupError')
      if (missing === 'warn') ctx.warn(`Skipping, did not find setting ${term}`)
    }
  }
  return ret
}

export const configLookups: Record<string, LookupFn> = { config: configLookup }
