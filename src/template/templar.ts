/**
 * Ansible's Templar on our Jinja2 engine: `template()` of strings and structures, the
 * single-variable fast path, `#jinja2:` overrides, backslash escaping for YAML strings,
 * trailing newlines, the eval/plain concat modes, template files with includes, and
 * conditionals with Ansible 2.14's rules and messages.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { TemplateError, UndefinedVariableError } from '../errors/errors.js'
import { literalEval } from '../py/literal-eval.js'
import { isDict, pyStr } from '../py/values.js'
import { revealVaultText, UnsafeText, VaultText } from '../yaml/tagged.js'
import { NO_SECRETS, type Vault } from '../vault/vault.js'
import type { FilterFn, LookupFn, ReadFileOptions, TestFn } from '../plugin-api/types.js'
import type { RenderFileOptions } from './types.js'
import { isLazyMapping } from '../py/lazy-mapping.js'
import { evalConcat, plainConcat } from './concat.js'
import { compileTemplate, TemplateSyntaxError, type CompileOptions, type RenderFn } from './engine/compile.js'
import { Frame, type RenderEnv, type RenderState } from './engine/state.js'
import { escapeBackslashes } from './escape-backslashes.js'
import { makeGlobals } from './globals.js'
import { PyTypeError } from '../py/errors.js'
import { markImpure } from './provenance.js'
import { beginRender, endRender, isUnsafeData, markUnsafe, noteUnsafe } from './unsafe.js'
import { readOnlyPlugins, type TemplateTraits } from './engine/traits.js'
import { Scope } from './scope.js'
import { DEFAULT_MANAGED_STR, generateTemplateVars } from './template-vars.js'
import type { Templar, TemplateOptions, TemplateScope, VariableSource } from './types.js'

export interface TemplarOptions {
  filters: Record<string, FilterFn>
  tests: Record<string, TestFn>
  lookups: Record<string, LookupFn>
  /** DEFAULT_UNDEFINED_VAR_BEHAVIOR (error_on_undefined_vars). */
  errorOnUndefined?: boolean
  /** The `omit` placeholder; random per run as in Ansible. */
  omit?: string
  /** Where plugins' warnings go (the run's Display); dropped when not given. */
  warn?: (message: string) => void
  /** The `ansible_managed` setting (DEFAULT_MANAGED_STR). */
  ansibleManaged?: string
  /** The run's vault: files read by lookups, and `!vault` values, decrypt with it. */
  vault?: Vault
}

const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}$/
const OVERRIDE = '#jinja2:'

interface EnvSettings {
  trim_blocks: boolean
  lstrip_blocks: boolean
  keep_trailing_newline: boolean
  newline_sequence: string
  variable_start_string: string
  variable_end_string: string
  block_start_string: string
  block_end_string: string
  comment_start_string: string
  comment_end_string: string
}

const DEFAULT_ENV: EnvSettings = {
  trim_blocks: true,
  lstrip_blocks: false,
  keep_trailing_newline: false,
  newline_sequence: '\n',
  variable_start_string: '{{',
  variable_end_string: '}}',
  block_start_string: '{%',
  block_end_string: '%}',
  comment_start_string: '{#',
  comment_end_string: '#}',
}

export class AnsibleTemplar implements Templar {
  readonly omit: string
  /** Template files rendered and the time spent rendering them (for `TSIBLE_STATS=1`). */
  readonly fileStats = { files: 0, ms: 0 }
  private readonly cache = new Map<string, RenderFn>()
  private readonly failOnUndefined: boolean

  constructor(private readonly o: TemplarOptions) {
    this.omit = o.omit ?? `__omit_place_holder__${randomHex(40)}`
    this.failOnUndefined = o.errorOnUndefined ?? true
  }

  scope(source: VariableSource, options: { searchPath?: readonly string[] } = {}): TemplateScope {
    return new Scope(this, source, options.searchPath ?? [], findFile)
  }

  warn(message: string): void {
    this.o.warn?.(message)
  }

  readFile(path: string, options?: ReadFileOptions): Buffer {
    return (this.o.vault ?? NO_SECRETS).readFile(path, options)
  }

  isTemplate(value: unknown): boolean {
    return typeof value === 'string' && (value.includes('{{') || value.includes('{%') || value.includes('{#'))
  }

  template(value: unknown, scope: TemplateScope, options: TemplateOptions = {}): unknown {
    const result = this.templateValue(value, scope, options)
    return options.removeOmit ? removeOmit(result, this.omit) : result
  }

  private templateValue(value: unknown, scope: TemplateScope, o: TemplateOptions): unknown {
    if (typeof value === 'string') {
      if (!this.isTemplate(value)) return value
      const single = SINGLE_VAR.exec(value)
      if (single && scope.has(single[1])) {
        const raw = (scope as Scope).raw?.(single[1]) ?? scope.lookup(single[1])
        if (typeof raw === 'boolean' || typeof raw === 'number' || (raw !== null && typeof raw === 'object' && raw.constructor?.name === 'PyFloat')) return raw
        if (raw === null) return null
      }
      const out = this.doTemplate(value, scope, { ...o, convertData: o.convertData ?? true })
      return out instanceof UnsafeText && !o.keepUnsafe ? out.text : out
    }
    if (value instanceof UnsafeText) {
      noteUnsafe()
      return o.keepUnsafe ? value : value.text
    }
    if (Array.isArray(value)) return value.map((v) => this.templateValue(v, scope, o))
    if (isDict(value) && !isLazyMapping(value)) {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.templateValue(v, scope, o)
      return out
    }
    return value
  }

  callFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): unknown {
    const f = this.o.filters[name]
    if (!f) throw new PluginLoadError(name)
    return f(value, args, kwargs, scope)
  }

  callTest(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): boolean {
    const t = this.o.tests[name]
    if (!t) throw new PluginLoadError(name)
    return t(value, args, kwargs, scope)
  }

  renderFile(text: string, scope: TemplateScope, options: RenderFileOptions = {}): string {
    const out = this.renderData(text, scope, options)
    return typeof out === 'string' ? out : pyStr(out)
  }

  /** A template file's text rendered; with convertData, text that looks like data comes back as data. */
  renderData(text: string, scope: TemplateScope, options: RenderFileOptions = {}): unknown {
    const started = performance.now()
    const out = this.doTemplate(text, scope, {
      escapeBackslashes: options.escapeBackslashes ?? false,
      convertData: options.convertData ?? false,
      environment: options.environment,
      searchPath: options.searchPath ?? scope.searchPath,
    })
    this.fileStats.files++
    this.fileStats.ms += performance.now() - started
    return out instanceof UnsafeText ? out.text : out
  }

  templateVars(path: string, fullpath: string, destPath?: string): Record<string, unknown> {
    return generateTemplateVars(this.o.ansibleManaged ?? DEFAULT_MANAGED_STR, path, fullpath, destPath)
  }

  conditional(condition: unknown, scope: TemplateScope): boolean {
    const conditions = Array.isArray(condition) ? condition : [condition]
    for (const c of conditions) {
      if (c === null || c === undefined || c === '') continue
      if (typeof c === 'boolean') {
        if (!c) return false
        continue
      }
      let ok: boolean
      try {
        ok = this.checkConditional(c, scope)
      } catch (e) {
        throw new TemplateError(`The conditional check '${pyStr(c)}' failed. The error was: ${(e as Error).message}`, { cause: e })
      }
      if (!ok) return false
    }
    return true
  }

  private checkConditional(original: unknown, scope: TemplateScope): boolean {
    let cond: unknown = original
    if (this.isTemplate(cond)) this.warn(`conditional statements should not include jinja2 templating delimiters such as {{ }} or {% %}. Found: ${pyStr(cond)}`)
    try {
      if (this.isTemplate(cond)) {
        cond = this.template(cond, scope)
        if (typeof cond === 'boolean') return cond
        if (cond === '') return false
      }
      const text = this.doTemplate(`{% if ${pyStr(cond)} %} True {% else %} False {% endif %}`, scope, { convertData: true })
      return pyStr(text).trim() === 'True'
    } catch (e) {
      if (e instanceof UndefinedVariableError) {
        throw new UndefinedVariableError(`error while evaluating conditional (${pyStr(original)}): ${e.message}`)
      }
      throw e
    }
  }

  private doTemplate(data: string, scope: TemplateScope, o: TemplateOptions & { searchPath?: readonly string[] }): unknown {
    const dataNewlines = trailingNewlines(data)
    let env = o.environment ? { ...DEFAULT_ENV, ...(o.environment as Partial<EnvSettings>) } : DEFAULT_ENV
    let source = data
    if (source.startsWith(OVERRIDE)) {
      const eol = source.indexOf('\n')
      const line = source.slice(OVERRIDE.length, eol < 0 ? undefined : eol)
      source = eol < 0 ? '' : source.slice(eol + 1)
      env = { ...env, ...parseOverrides(line) }
    }
    if (o.escapeBackslashes !== false) source = escapeBackslashes(source, env.variable_start_string, env.variable_end_string)
    let fn: RenderFn
    try {
      fn = this.compiled(source, env)
    } catch (e) {
      if (e instanceof TemplateSyntaxError) throw syntaxError(e, data)
      throw e
    }
    let result: unknown
    beginRender()
    let unsafe = false
    try {
      let out: unknown[]
      try {
        out = fn(new Frame(this.state(scope, o.searchPath ?? scope.searchPath, env, fn.traits), null))
      } finally {
        unsafe = endRender()
      }
      result = o.convertData === false ? plainConcat(out) : evalConcat(out)
      // Ansible's concat makes text of the result (to_text, then literal_eval): `!vault`
      // values in it come out as their plaintext.
      if (VaultText.made > 0 && typeof result === 'object' && result !== null) result = revealVaultText(result)
    } catch (e) {
      if (e instanceof UndefinedVariableError) {
        if (o.failOnUndefined === false || !this.failOnUndefined) return data
        throw new UndefinedVariableError(`${e.message}. ${e.message}`)
      }
      if (e instanceof TemplateSyntaxError) throw syntaxError(e, data)
      if (e instanceof PyTypeError) throw new TemplateError(`Unexpected templating type error occurred on (${data}): ${e.message}. ${e.message}`, { cause: e })
      if (e instanceof RangeError && /call stack/.test(e.message)) throw new TemplateError(`recursive loop detected in template string: ${data}`, { cause: e })
      throw e
    }
    if (typeof result === 'string') {
      const missing = dataNewlines - trailingNewlines(result)
      if (missing > 0) result += env.newline_sequence.repeat(missing)
    }
    // A render that read an unsafe value gives an unsafe result (AnsibleContext.unsafe).
    if (unsafe) return o.keepUnsafe && typeof result === 'string' ? new UnsafeText(result) : markUnsafe(result)
    return result
  }

  private compiled(source: string, env: EnvSettings): RenderFn {
    const key = env === DEFAULT_ENV ? source : `${JSON.stringify(env)}\0${source}`
    let fn = this.cache.get(key)
    if (!fn) {
      fn = compileTemplate(source, compileOptions(env))
      this.cache.set(key, fn)
    }
    return fn
  }

  private state(scope: TemplateScope, searchPath: readonly string[], env: EnvSettings, traits: TemplateTraits): RenderState {
    return {
      root: scope,
      context: scope,
      env: new TemplarRenderEnv(this, this.o, scope, searchPath, env),
      share: !traits.mutates && readOnlyPlugins(traits, this.o.filters, this.o.tests),
    }
  }

  /** `{% include %}`: the first of `names` found on the search path, rendered in `frame`. */
  include(names: string[], frame: Frame, ignoreMissing: boolean, searchPath: readonly string[], env: EnvSettings): unknown[] {
    // What an include renders depends on the search path and the files on it.
    markImpure()
    for (const name of names) {
      const file = findTemplate(name, searchPath)
      if (!file) continue
      const fn = this.compiled(readFileSync(file, 'utf8'), env)
      return fn(frame.child())
    }
    if (ignoreMissing) return []
    throw new TemplateError(names.length === 1 ? `TemplateNotFound: ${names[0]}` : `TemplatesNotFound: none of the templates given were found: ${names.join(', ')}`)
  }
}

/**
 * A filter or test named at run time (`select('name')`) that does not exist: Jinja2's
 * TemplateSyntaxError raised while rendering, which Ansible does not reword. A name that
 * cannot be a plugin name says so (JinjaPluginIntercept's KeyError).
 */
class PluginLoadError extends Error {
  readonly pyClass = 'TemplateSyntaxError'
  constructor(name: string) {
    const fq = name.includes('.') ? name : `ansible.builtin.${name}`
    const valid = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(fq)
    super(`Could not load "${name}": '${valid ? name : `invalid plugin name: ${fq}`}'\n  line 0`)
    this.name = 'TemplateSyntaxError'
  }
}

/** One render's environment: the templar's plugins, its search path and settings. */
class TemplarRenderEnv implements RenderEnv {
  private globalsCache: RenderEnv['globals'] | undefined

  constructor(
    private readonly templar: AnsibleTemplar,
    private readonly plugins: TemplarOptions,
    private readonly scope: TemplateScope,
    private readonly searchPath: readonly string[],
    private readonly settings: EnvSettings,
  ) {}

  get filters(): Record<string, FilterFn> {
    return this.plugins.filters
  }

  get tests(): Record<string, TestFn> {
    return this.plugins.tests
  }

  get lookups(): Record<string, LookupFn> {
    return this.plugins.lookups
  }

  /** Built on first use: most renders call no global function. */
  get globals(): RenderEnv['globals'] {
    const scope = this.scope
    return (this.globalsCache ??= makeGlobals(this.plugins.lookups, () => scope))
  }

  include(names: string[], frame: Frame, ignoreMissing: boolean): unknown[] {
    return this.templar.include(names, frame, ignoreMissing, this.searchPath, this.settings)
  }
}

function compileOptions(env: EnvSettings): CompileOptions {
  return {
    trimBlocks: env.trim_blocks,
    lstripBlocks: env.lstrip_blocks,
    keepTrailingNewline: env.keep_trailing_newline,
    newlineSequence: env.newline_sequence,
    tags: {
      variableStart: env.variable_start_string,
      variableEnd: env.variable_end_string,
      blockStart: env.block_start_string,
      blockEnd: env.block_end_string,
      commentStart: env.comment_start_string,
      commentEnd: env.comment_end_string,
    },
  }
}

/** `#jinja2: trim_blocks: False, lstrip_blocks: True`: each value a Python literal. */
function parseOverrides(line: string): Partial<EnvSettings> {
  const out: Record<string, unknown> = {}
  for (const pair of line.split(',')) {
    const i = pair.indexOf(':')
    if (i < 0) throw new TemplateError(`failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`)
    out[pair.slice(0, i).trim()] = literalEval(pair.slice(i + 1).trim())
  }
  return out as Partial<EnvSettings>
}

/** Ansible's wording for a template that does not parse; its AnsibleError repeats the cause. */
function syntaxError(e: TemplateSyntaxError, data: string): TemplateError {
  return new TemplateError(`template error while templating string: ${e.message}. String: ${data}. ${e.message}`, { cause: e })
}

function trailingNewlines(s: string): number {
  let n = 0
  for (let i = s.length - 1; i >= 0 && s[i] === '\n'; i--) n++
  return n
}

/** Jinja2's FileSystemLoader: the name under each search directory, no `..` escape. */
function findTemplate(name: string, searchPath: readonly string[]): string | null {
  const pieces = name.split('/').filter((p) => p && p !== '.')
  if (pieces.includes('..')) return null
  for (const dir of searchPath) {
    const p = join(dir, ...pieces)
    if (existsSync(p)) return p
  }
  return null
}

function findFile(name: string, subdir: string, searchPath: readonly string[]): string | null {
  if (isAbsolute(name)) return existsSync(name) ? name : null
  for (const dir of searchPath) {
    for (const p of [join(dir, subdir, name), join(dir, name)]) if (existsSync(p)) return p
  }
  return null
}

/** Ansible's remove_omit: drop dict entries equal to the placeholder, recursively. */
function removeOmit(v: unknown, omit: string): unknown {
  if (!isDict(v)) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    if (x === omit) continue
    out[k] = isDict(x) ? removeOmit(x, omit) : Array.isArray(x) ? x.map((i) => removeOmit(i, omit)) : x
    // The copy of unsafe data is unsafe data.
    if (out[k] !== x && isUnsafeData(x as object)) markUnsafe(out[k])
  }
  return out
}

function randomHex(n: number): string {
  let s = ''
  while (s.length < n) s += Math.floor(Math.random() * 16).toString(16)
  return s
}

