/**
 * A task's keywords templated with one scope: the task × host scope, or one loop item's
 * child of it. Each keyword is templated at most once; the value, or the error templating
 * raised, is kept, so every reader (strategy, execution, callbacks) sees the same outcome
 * and decides for itself what an error means there.
 */
import { boolean } from '../py/boolean.js'
import { isUndefined } from '../py/undefined.js'
import { isDict, pyTruthy } from '../py/values.js'
import type { Templar, TemplateScope } from '../template/types.js'
import type { TaskKeywords } from './task-keywords.js'

/** Keywords read as booleans. */
export type FlagKeyword = 'anyErrorsFatal' | 'become' | 'checkMode' | 'diff' | 'ignoreErrors' | 'ignoreUnreachable' | 'noLog' | 'runOnce'

/** Keywords templated as a whole value. */
export type ValueKeyword = FlagKeyword | 'becomeFlags' | 'becomeMethod' | 'becomeUser' | 'delegateTo' | 'throttle' | 'notify' | 'retries' | 'delay'

type Outcome = { value: unknown } | { error: unknown }

export class KeywordValues {
  private readonly outcomes = new Map<ValueKeyword | 'environment', Outcome>()
  private built: TemplateScope | undefined

  constructor(
    readonly keywords: TaskKeywords,
    private readonly templar: Templar,
    /** The scope, or how to build it when a keyword first needs it. */
    private readonly scopeOf: TemplateScope | (() => TemplateScope),
  ) {}

  get scope(): TemplateScope {
    this.built ??= typeof this.scopeOf === 'function' ? this.scopeOf() : this.scopeOf
    return this.built
  }

  /** The keyword templated; undefined when it is set nowhere. A templating error is thrown (the same one each time). */
  value(key: ValueKeyword): unknown {
    const raw = this.keywords[key]
    if (raw === undefined) return undefined
    return this.outcome(key, () => this.templar.template(raw, this.scope))
  }

  /**
   * A boolean keyword: undefined when unset or templated to an undefined value; a string is
   * true when it is one of Ansible's true words, anything else by Python truthiness.
   */
  flag(key: FlagKeyword): boolean | undefined {
    const raw = this.keywords[key]
    if (raw === undefined || typeof raw === 'boolean') return raw
    const v = this.value(key)
    if (isUndefined(v)) return undefined
    return typeof v === 'string' ? boolean(v, false) : pyTruthy(v)
  }

  /** `environment:` (play → block → task), templated, later keys winning; values as strings. */
  environment(): Record<string, string> {
    return this.outcome('environment', () => {
      const out: Record<string, string> = {}
      for (const e of this.keywords.environment) {
        const t = this.templar.template(e, this.scope)
        if (!isDict(t)) continue
        for (const [k, v] of Object.entries(t)) if (v !== null && v !== undefined) out[k] = String(v)
      }
      return out
    }) as Record<string, string>
  }

  /**
   * The keyword as a banner shows it: templated, or, when that fails, templated leaving
   * undefined names as written (the task itself fails with the error).
   */
  shown(key: ValueKeyword): unknown {
    try {
      return this.value(key)
    } catch {
      try {
        return this.templar.template(this.keywords[key], this.scope, { failOnUndefined: false })
      } catch {
        return this.keywords[key]
      }
    }
  }

  /** A flag as a banner shows it (null when unset). */
  shownFlag(key: FlagKeyword): boolean | null {
    const raw = this.keywords[key]
    if (raw === undefined) return null
    const t = this.shown(key)
    return typeof t === 'string' ? boolean(t, false) : pyTruthy(t)
  }

  private outcome(key: ValueKeyword | 'environment', compute: () => unknown): unknown {
    let o = this.outcomes.get(key)
    if (!o) {
      try {
        o = { value: compute() }
      } catch (error) {
        o = { error }
      }
      this.outcomes.set(key, o)
    }
    if ('error' in o) throw o.error
    return o.value
  }
}
