/**
 * The contract between the engine and the Jinja layer.
 *
 * The engine keeps variables raw (as loaded from YAML) in layers; the Jinja layer turns a
 * raw variable source into a `TemplateScope`, a lazy view that templates each value when
 * it is read (Ansible's lazy variables), and renders strings, structures, files and
 * conditionals with Ansible 2.14's exact semantics.
 */
import type { TemplateContext } from '../plugin-api/types.js'
import type { Provenance } from './provenance.js'

/** A host's templated variables kept across tasks (see provenance.ts). */
export interface MemoEntry {
  raw: unknown
  value: unknown
  prov: Provenance
}

/** Where raw (untemplated) variables come from; `undefined` means "not defined". */
export interface VariableSource {
  get(name: string): unknown
  has(name: string): boolean
  keys(): Iterable<string>
  /**
   * Templated variables kept across the sources of one host (see provenance.ts): a scope
   * reuses a value when everything it was computed from reads the same again.
   */
  readonly memo?: Map<string, MemoEntry>
  /**
   * Reads of this source from a template of another are covered by a check its giver
   * recorded (`hostvars`); reads of any other foreign source make a value unfit for reuse.
   */
  readonly external?: boolean
}

export interface TemplateOptions {
  /** Ansible's `escape_backslashes` (on for YAML strings, the default here). */
  escapeBackslashes?: boolean
  /** Convert `"[1, 2]"`-looking results back to values (`ansible_eval_concat`); default true. */
  convertData?: boolean
  /** Raise on undefined variables (default true); false leaves the text as it was. */
  failOnUndefined?: boolean
  /** Ansible's `overrides` (`#jinja2:` lines set these too): trim_blocks, lstrip_blocks, ... */
  environment?: Record<string, unknown>
  /** Remove `omit` placeholders from dicts and lists (task args); default false. */
  removeOmit?: boolean
  /**
   * Keep the unsafe mark on results (see unsafe.ts): a string a render made from an unsafe
   * value comes back as UnsafeText, for callers that store it or must not template it
   * again (set_fact, debug's `var`). Default false: strings come back as strings.
   */
  keepUnsafe?: boolean
}

export interface RenderFileOptions {
  path?: string
  searchPath?: readonly string[]
  environment?: Record<string, unknown>
  /** On for text templated as Templar.template() does it (merge_configs' sources); off for template files. */
  escapeBackslashes?: boolean
  /** Converting `{...}`-looking output back to data; off for template files. */
  convertData?: boolean
}

/** A lazy view of variables for one host and task, usable as a Jinja context. */
export interface TemplateScope extends TemplateContext {
  /** A scope with extra variables on top (loop `item`, `register` result, ...). */
  child(vars: Record<string, unknown>): TemplateScope
  /** Whether a variable is defined (without templating it). */
  has(name: string): boolean
  /** Every variable name visible in the scope (for `vars`, `hostvars[h].keys()`). */
  keys(): Iterable<string>
}

export interface Templar {
  /** Wraps a raw variable source in a lazy scope. `searchPath` is for lookups and includes. */
  scope(source: VariableSource, options?: { searchPath?: readonly string[] }): TemplateScope
  /**
   * Templates a value: strings are rendered, lists and dicts recursively, anything else
   * is returned as is. A lone `{{ expr }}` returns the native value.
   */
  template(value: unknown, scope: TemplateScope, options?: TemplateOptions): unknown
  /** Renders a template file's text, as the `template` module does (no data conversion). */
  renderFile(text: string, scope: TemplateScope, options?: RenderFileOptions): string
  /**
   * The variables the template action and lookup add for a template file (template_path,
   * ansible_managed...: see template-vars.ts).
   */
  templateVars(path: string, fullpath: string, destPath?: string): Record<string, unknown>
  /** Template files rendered and the time spent rendering them (for `TSIBLE_STATS=1`). */
  readonly fileStats: { files: number; ms: number }
  /** Evaluates `when`/`changed_when`/`failed_when`/`until`/`that`: a bool, a string or a list (all must hold). */
  conditional(condition: unknown, scope: TemplateScope): boolean
  /** Whether a string contains Jinja syntax (`{{`, `{%`, `{#`). */
  isTemplate(value: unknown): boolean
  /** The `omit` placeholder of this run. */
  readonly omit: string
}
