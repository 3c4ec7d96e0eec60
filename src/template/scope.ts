/**
 * Lazy variables (Ansible's AnsibleJ2Vars): a variable is templated when a template reads
 * it, against the same variables, and kept for the life of the scope (one task on one
 * host). A variable that cannot be templated becomes an Undefined carrying the reason,
 * which fails only if it is really used.
 */
import { TemplateError, UndefinedVariableError } from '../errors/errors.js'
import { Undefined } from '../py/undefined.js'
import { isDict, pyRepr } from '../py/values.js'
import { UnsafeText } from '../yaml/tagged.js'
import { isLazyMapping, LAZY_MAPPING, type LazyMapping, type TemplateScope, type VariableSource } from './types.js'

/** The templar operations a scope needs (implemented by AnsibleTemplar). */
export interface ScopeTemplar {
  template(value: unknown, scope: TemplateScope, options?: Record<string, unknown>): unknown
  callFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): unknown
  callTest(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): boolean
  renderFile(text: string, scope: TemplateScope, options?: { path?: string; searchPath?: readonly string[] }): string
}

const IN_PROGRESS = Symbol('resolving')

export class Scope implements TemplateScope {
  private readonly cache = new Map<string, unknown>()

  constructor(
    private readonly templar: ScopeTemplar,
    private readonly source: VariableSource,
    readonly searchPath: readonly string[],
    private readonly findFileFn: (name: string, subdir: string, searchPath: readonly string[]) => string | null,
    /** Values that need no templating (loop items, registered results), above the source. */
    private readonly extra: Record<string, unknown> | null = null,
  ) {}

  lookup(name: string): unknown {
    if (this.extra && Object.prototype.hasOwnProperty.call(this.extra, name)) return this.extra[name]
    const cached = this.cache.get(name)
    if (cached === IN_PROGRESS) {
      throw new TemplateError(`recursive loop detected in template string: ${String(this.source.get(name))}`)
    }
    if (cached !== undefined || this.cache.has(name)) return cached
    if (name === 'vars') return this.varsMapping()
    const raw = this.source.get(name)
    if (raw === undefined && !this.source.has(name)) return new Undefined(name)
    if (raw instanceof UnsafeText) return raw.text
    // Only strings and plain lists/dicts hold templates; numbers, None, hostvars... are values.
    if (typeof raw !== 'string' && !Array.isArray(raw) && (!isDict(raw) || isLazyMapping(raw))) return raw
    this.cache.set(name, IN_PROGRESS)
    let value: unknown
    try {
      value = this.templar.template(raw, this)
    } catch (e) {
      if (!(e instanceof UndefinedVariableError)) {
        this.cache.delete(name)
        throw e
      }
      value = new Undefined(name, undefined, `${typeof raw === 'string' ? raw : pyRepr(raw)}: ${e.message}`)
    }
    this.cache.set(name, value)
    return value
  }

  /** The value as stored, untemplated (Templar's single-variable fast path reads it). */
  raw(name: string): unknown {
    if (this.extra && Object.prototype.hasOwnProperty.call(this.extra, name)) return this.extra[name]
    return this.source.get(name)
  }

  has(name: string): boolean {
    return (this.extra !== null && Object.prototype.hasOwnProperty.call(this.extra, name)) || this.source.has(name)
  }

  keys(): Iterable<string> {
    const k = new Set(this.source.keys())
    if (this.extra) for (const x of Object.keys(this.extra)) k.add(x)
    return k
  }

  child(vars: Record<string, unknown>): Scope {
    return new Scope(this.templar, this.source, this.searchPath, this.findFileFn, { ...(this.extra ?? {}), ...vars })
  }

  template(value: unknown): unknown {
    return this.templar.template(value, this)
  }

  renderTemplate(text: string, options: { path?: string; vars?: Record<string, unknown> } = {}): string {
    const scope = options.vars ? this.child(options.vars) : this
    return this.templar.renderFile(text, scope, { path: options.path, searchPath: this.searchPath })
  }

  callFilter(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
    return this.templar.callFilter(name, value, args, kwargs, this)
  }

  callTest(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): boolean {
    return this.templar.callTest(name, value, args, kwargs, this)
  }

  findFile(name: string, subdir: string): string | null {
    return this.findFileFn(name, subdir, this.searchPath)
  }

  /** `vars`: every variable, as stored (Ansible 2.14 gives the raw values). */
  private varsMapping(): LazyMapping {
    return {
      [LAZY_MAPPING]: true,
      get: (k: string) => (this.has(k) ? this.raw(k) : new Undefined(k, "'dict object'")),
      has: (k: string) => this.has(k),
      keys: () => [...this.keys()],
    }
  }
}

