/**
 * The run-time state of one render: the variable frames (template locals above the
 * Ansible variables), the environment (filters, tests, globals, includes) and the
 * template context plugins see.
 */
import { Undefined } from '../../py/undefined.js'
import type { FilterFn, LookupFn, TemplateContext, TestFn } from '../../plugin-api/types.js'

/** What a render needs from its environment. */
export interface RenderEnv {
  filters: Record<string, FilterFn>
  tests: Record<string, TestFn>
  lookups: Record<string, LookupFn>
  globals: Record<string, unknown>
  /** Renders `{% include name %}` with the given frame's variables; throws when not found. */
  include(names: string[], frame: Frame, ignoreMissing: boolean): unknown[]
}

/** The variables outside the template: Ansible's lazy scope. */
interface RootVars {
  lookup(name: string): unknown
  has(name: string): boolean
  /** The stored list or dict of a variable that needs no templating, not to be changed (see Scope.stored). */
  stored?(name: string): object | undefined
  /** A variable's value as kept, for a reader that never changes it (see Scope.lookupShared). */
  lookupShared?(name: string): unknown
  /** A variable as the runtime reads it, `!vault` values kept as objects (see Scope.read). */
  read?(name: string, shared: boolean): unknown
  /** A variable as `type_debug` sees it, unsafe text as such (see Scope.readTagged). */
  readTagged?(name: string): unknown
}

/**
 * A variable frame: template locals (`set`, loop variables, macro arguments) over a parent
 * frame, the outermost frame reading the Ansible variables.
 */
export class Frame {
  private readonly vars = new Map<string, unknown>()

  constructor(
    readonly state: RenderState,
    readonly parent: Frame | null,
  ) {}

  lookup(name: string): unknown {
    for (let f: Frame | null = this; f; f = f.parent) {
      if (f.vars.has(name)) return f.vars.get(name)
    }
    const vars = this.state.root
    const share = this.state.share === true
    const root = vars.read ? vars.read(name, share) : share && vars.lookupShared ? vars.lookupShared(name) : vars.lookup(name)
    if (!(root instanceof Undefined)) return root
    if (Object.prototype.hasOwnProperty.call(this.state.env.globals, name)) return this.state.env.globals[name]
    return root
  }

  /** A variable as `type_debug` sees it: unsafe text as UnsafeText. */
  lookupTagged(name: string): unknown {
    for (let f: Frame | null = this; f; f = f.parent) {
      if (f.vars.has(name)) return f.vars.get(name)
    }
    const root = this.state.root.readTagged?.(name)
    return root === undefined || root instanceof Undefined ? this.lookup(name) : root
  }

  /** A variable's stored value when it needs no templating and no template local hides it. */
  stored(name: string): object | undefined {
    if (this.state.share) return undefined
    for (let f: Frame | null = this; f; f = f.parent) if (f.vars.has(name)) return undefined
    return this.state.root.stored?.(name)
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value)
  }

  /** Whether this frame (not its parents) holds the name. */
  owns(name: string): boolean {
    return this.vars.has(name)
  }

  child(): Frame {
    return new Frame(this.state, this)
  }
}

export interface RenderState {
  env: RenderEnv
  root: RootVars
  /**
   * The template cannot change what it reads (see traits.ts): variables are handed over
   * as stored, without the copy a read otherwise makes.
   */
  share?: boolean
  /** The context plugins receive (variables, templating, files). */
  context: TemplateContext
}
