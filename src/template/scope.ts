/**
 * Lazy variables (Ansible's AnsibleJ2Vars): a variable is templated when a template reads
 * it, against the same variables, and kept for the life of the scope (one task on one
 * host). A variable that cannot be templated becomes an Undefined carrying the reason,
 * which fails only if it is really used.
 *
 * A source may carry a memo (one per host): a variable templated by an earlier task is
 * then reused when everything it was computed from is unchanged (see provenance.ts).
 * Values are kept as computed and shared; a reader that may change what it reads (see
 * engine/traits.ts), and any caller outside a template, gets its own copy.
 */
import { TemplateError, UndefinedVariableError } from '../errors/errors.js'
import { Undefined } from '../py/undefined.js'
import { isDict, pyRepr } from '../py/values.js'
import { UnsafeText, VaultText } from '../yaml/tagged.js'
import { copyData } from './copy-data.js'
import { beginRender, endRender, hasTemplateMarkers, holdsUnsafe, isUnsafeData, noteUnsafe } from './unsafe.js'
import { absorb, markImpure, newProvenance, newStamp, recording, recordInto, stillValid, type Provenance } from './provenance.js'
import type { RenderFileOptions, TemplateScope, VariableSource } from './types.js'
import { isLazyMapping, LAZY_MAPPING, type LazyMapping } from '../py/lazy-mapping.js'
import type { ReadFileOptions } from '../plugin-api/types.js'

/** The templar operations a scope needs (implemented by AnsibleTemplar). */
export interface ScopeTemplar {
  template(value: unknown, scope: TemplateScope, options?: Record<string, unknown>): unknown
  callFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): unknown
  callTest(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>, scope: TemplateScope): boolean
  renderFile(text: string, scope: TemplateScope, options?: { path?: string; searchPath?: readonly string[] }): string
  renderData(text: string, scope: TemplateScope, options: RenderFileOptions): unknown
  warn(message: string): void
  templateVars(path: string, fullpath: string, destPath?: string): Record<string, unknown>
  /** A controller file through the run's vault (see TemplateContext.readFile). */
  readFile(path: string, options?: ReadFileOptions): Buffer
}

const IN_PROGRESS = Symbol('resolving')

/** A variable read by this scope: its value as kept (shared), a copy for readers that may change it, and what it was computed from. */
interface Resolved {
  kept: unknown
  copy?: unknown
  prov: Provenance | null
  /** The value is unsafe (see unsafe.ts): a render that reads it is too. */
  unsafe: boolean
}

export class Scope implements TemplateScope {
  private readonly cache = new Map<string, Resolved | typeof IN_PROGRESS>()
  /** Names this scope for memo validation: what it found valid once stays valid for it. */
  private readonly stamp = newStamp()

  constructor(
    private readonly templar: ScopeTemplar,
    private readonly source: VariableSource,
    readonly searchPath: readonly string[],
    private readonly findFileFn: (name: string, subdir: string, searchPath: readonly string[]) => string | null,
    /** Values that need no templating (loop items, registered results), above the source. */
    private readonly extra: Record<string, unknown> | null = null,
  ) {}

  /**
   * A variable as a template that may change it reads it: its own copy, kept for the
   * scope. A `!vault` value reads as its plaintext.
   */
  lookup(name: string): unknown {
    const v = this.read(name, false)
    return v instanceof VaultText ? v.text : v
  }

  /**
   * A variable as a reader that never changes it gets it (see engine/traits.ts): the value
   * as kept, shared with the host's memo or the stored variables, never copied.
   */
  lookupShared(name: string): unknown {
    const v = this.read(name, true)
    return v instanceof VaultText ? v.text : v
  }

  /**
   * A variable as the template runtime reads it (`shared`: see lookupShared): a `!vault`
   * value stays the VaultText it is, for the filters and tests that want the object
   * (`vault_encrypted`, `unvault`); the runtime reveals it everywhere else.
   */
  read(name: string, shared: boolean): unknown {
    const prov = this.recorder()
    if (this.extra && Object.prototype.hasOwnProperty.call(this.extra, name)) {
      const v = this.extra[name]
      prov?.reads.set(name, v)
      if (holdsUnsafe(v)) {
        noteUnsafe()
        if (v instanceof UnsafeText) return v.text
      }
      return v
    }
    const cached = this.cache.get(name)
    if (cached === IN_PROGRESS) {
      throw new TemplateError(`recursive loop detected in template string: ${String(this.source.get(name))}`)
    }
    const raw = this.source.get(name)
    prov?.reads.set(name, raw)
    if (cached !== undefined) {
      if (prov && cached.prov) absorb(prov, cached.prov)
      if (cached.unsafe) noteUnsafe()
      return shared ? cached.kept : (cached.copy ??= copyData(cached.kept))
    }
    if (name === 'vars') {
      if (prov) prov.impure = true
      return this.varsMapping()
    }
    if (raw === undefined && !this.source.has(name)) return new Undefined(name)
    if (raw instanceof UnsafeText) {
      noteUnsafe()
      return raw.text
    }
    // Only strings and plain lists/dicts hold templates; numbers, None, hostvars... are values.
    if (typeof raw !== 'string' && !Array.isArray(raw) && (!isDict(raw) || isLazyMapping(raw))) return raw
    const entry = typeof raw !== 'string' && isTemplateFree(raw) ? { kept: raw, prov: null, unsafe: holdsUnsafe(raw) } : this.templated(name, raw)
    this.cache.set(name, entry)
    if (prov && entry.prov) absorb(prov, entry.prov)
    if (entry.unsafe) noteUnsafe()
    return shared ? entry.kept : (entry.copy = copyData(entry.kept))
  }

  /**
   * A variable as `type_debug` sees it: text read from an unsafe value (a loop item, a
   * registered result, `!unsafe`, a value made from them) is AnsibleUnsafeText.
   */
  readTagged(name: string): unknown {
    const v = this.read(name, true)
    if (typeof v !== 'string') return v
    const cached = this.cache.get(name)
    const unsafe =
      this.extra && Object.prototype.hasOwnProperty.call(this.extra, name)
        ? this.extra[name] instanceof UnsafeText
        : cached !== undefined && cached !== IN_PROGRESS
          ? cached.unsafe
          : this.source.get(name) instanceof UnsafeText
    return unsafe ? new UnsafeText(v) : v
  }

  /** A variable's value from the host's memo if what it read is unchanged, else templated now. */
  private templated(name: string, raw: unknown): Resolved {
    const memo = this.source.memo
    const kept = memo?.get(name)
    if (kept && kept.raw === raw && stillValid(kept.prov, this.readRaw, this.stamp)) return { kept: kept.value, prov: kept.prov, unsafe: false }
    this.cache.set(name, IN_PROGRESS)
    const mine = newProvenance(this.source)
    let value: unknown
    // The variable's own render: whether it read an unsafe value (its readers then have).
    beginRender()
    let unsafe = false
    try {
      value = recordInto(mine, () => this.templar.template(raw, this))
    } catch (e) {
      if (!(e instanceof UndefinedVariableError)) {
        this.cache.delete(name)
        throw e
      }
      value = new Undefined(name, undefined, `${typeof raw === 'string' ? raw : pyRepr(raw)}: ${e.message}`)
    } finally {
      unsafe = endRender()
    }
    // An unsafe value is not kept in the memo, which cannot say so.
    if (memo && !mine.impure && !unsafe) memo.set(name, { raw, value, prov: mine })
    return { kept: value, prov: mine, unsafe }
  }

  /**
   * The stored list or dict of a variable that needs no templating, for a caller that
   * reads a part of it and copies only that part; undefined when the variable must be
   * read with lookup().
   */
  stored(name: string): object | undefined {
    if (this.extra && Object.prototype.hasOwnProperty.call(this.extra, name)) return undefined
    if (this.cache.has(name)) return undefined
    const raw = this.source.get(name)
    if (typeof raw !== 'object' || raw === null) return undefined
    if (!(raw.constructor === Array || (isDict(raw) && !isLazyMapping(raw))) || !isTemplateFree(raw)) return undefined
    this.recorder()?.reads.set(name, raw)
    if (holdsUnsafe(raw)) noteUnsafe()
    return raw
  }

  /** The provenance to record this scope's reads into: one being recorded for its source. */
  private recorder(): Provenance | null {
    const prov = recording()
    if (!prov || prov.owner === this.source) return prov
    // Reads of another source (another host's variables) are covered by the check its
    // giver recorded; any other foreign read makes the value unfit for reuse.
    if (!this.source.external) prov.impure = true
    return null
  }

  /** A name's raw value as this scope reads it (loop variables over the source). */
  private readonly readRaw = (name: string): unknown =>
    this.extra && Object.prototype.hasOwnProperty.call(this.extra, name) ? this.extra[name] : this.source.get(name)

  /** The value as stored, untemplated (Templar's single-variable fast path reads it). */
  raw(name: string): unknown {
    const value = this.readRaw(name)
    this.recorder()?.reads.set(name, value)
    return value
  }

  has(name: string): boolean {
    this.recorder()?.reads.set(name, this.readRaw(name))
    return (this.extra !== null && Object.prototype.hasOwnProperty.call(this.extra, name)) || this.source.has(name)
  }

  keys(): Iterable<string> {
    markImpure()
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

  renderData(text: string, options: { vars?: Record<string, unknown>; searchPath: readonly string[]; convertData: boolean; environment?: Record<string, unknown> }): unknown {
    const scope = options.vars ? this.child(options.vars) : this
    return this.templar.renderData(text, scope, { searchPath: options.searchPath, convertData: options.convertData, environment: options.environment, escapeBackslashes: false })
  }

  templateVars(path: string, fullpath: string): Record<string, unknown> {
    // The variables read the file system and the clock.
    markImpure()
    return this.templar.templateVars(path, fullpath)
  }

  callFilter(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
    return this.templar.callFilter(name, value, args, kwargs, this)
  }

  callTest(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): boolean {
    return this.templar.callTest(name, value, args, kwargs, this)
  }

  warn(message: string): void {
    this.templar.warn(message)
  }

  findFile(name: string, subdir: string): string | null {
    markImpure()
    return this.findFileFn(name, subdir, this.searchPath)
  }

  readFile(path: string, options?: ReadFileOptions): Buffer {
    markImpure()
    return this.templar.readFile(path, options)
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

const templateFree = new WeakMap<object, boolean>()

/** Whether a list or dict holds no template text (raw layers are never mutated, so kept per object). */
function isTemplateFree(v: object): boolean {
  if (isUnsafeData(v)) return true
  let free = templateFree.get(v)
  if (free === undefined) {
    free = holdsNoTemplate(v)
    templateFree.set(v, free)
  }
  return free
}

function holdsNoTemplate(v: unknown): boolean {
  if (typeof v === 'string') return !hasTemplateMarkers(v)
  if (typeof v !== 'object' || v === null) return true
  if (v instanceof UnsafeText) return false
  if (Array.isArray(v)) return v.every(holdsNoTemplate)
  if (isDict(v) && !isLazyMapping(v)) {
    for (const k in v) if (!holdsNoTemplate((v as Record<string, unknown>)[k])) return false
  }
  return true
}
