/**
 * The plugin API for filters, tests and lookups: what bundled plugins (`plugins/`) and
 * users' own (`filter_plugins/`, `test_plugins/`, `lookup_plugins/`) are written against.
 *
 * Every plugin function is called the way Python calls it: the positional arguments in
 * `args` and the keyword arguments in `kwargs`. `bindArgs` maps both onto parameter
 * names with Python's rules.
 */

/** What a template sees while it renders: its variables and where its files are. */
export interface TemplateContext {
  /**
   * A variable as the template sees it, templated on read. A missing name gives an
   * `Undefined` (see `isUndefined`), never a thrown error.
   */
  lookup(name: string): unknown
  /** Templates a value (strings, recursively in lists and dicts) with these variables. */
  template(value: unknown): unknown
  /** Renders template text (as the `template` lookup does) with these variables. */
  renderTemplate(text: string, options?: { path?: string; vars?: Record<string, unknown> }): string
  /**
   * The variables Ansible adds while rendering the template file `path` found at `fullpath`
   * (template_path, template_fullpath, template_mtime, ..., and `ansible_managed` from the
   * setting). Throws Python's error (KeyError...) when the setting does not format.
   */
  templateVars(path: string, fullpath: string): Record<string, unknown>
  /**
   * Finds a controller file as Ansible's `find_file_in_search_path`: in each search-path
   * directory's `subdir` (`files`, `templates`, `vars`) and then the directory itself.
   */
  findFile(name: string, subdir: string): string | null
  /**
   * Reads a controller file as Ansible's loader does: a vault-encrypted file comes back
   * decrypted with the run's vault secrets (`decrypt: false` returns it as stored), and
   * fails with Ansible's vault errors when it cannot be.
   */
  readFile(path: string, options?: ReadFileOptions): Buffer
  /** The search path: the role directories and the play's directory, innermost first. */
  readonly searchPath: readonly string[]
  /** Calls a filter by name (Jinja2's `environment.call_filter`). */
  callFilter(name: string, value: unknown, args?: unknown[], kwargs?: Kwargs): unknown
  /** Calls a test by name (Jinja2's `environment.call_test`). */
  callTest(name: string, value: unknown, args?: unknown[], kwargs?: Kwargs): boolean
}

export type Kwargs = Record<string, unknown>

export interface ReadFileOptions {
  /** Decrypt a vault-encrypted file (default true). */
  decrypt?: boolean
  /**
   * The file is wanted whole (Ansible's get_real_file, as the `unvault` lookup and the
   * copy and template actions read their sources): without any vault secret an encrypted
   * file fails with "A vault password or secret must be specified to decrypt FILE".
   */
  asFile?: boolean
}

export type FilterFn = (input: unknown, args: unknown[], kwargs: Kwargs, ctx: TemplateContext) => unknown
export type TestFn = (value: unknown, args: unknown[], kwargs: Kwargs, ctx: TemplateContext) => boolean
export type LookupFn = (terms: unknown[], kwargs: Kwargs, ctx: TemplateContext) => unknown[]

export interface FilterPlugins {
  kind: 'filter'
  filters: Record<string, FilterFn>
}
export interface TestPlugins {
  kind: 'test'
  tests: Record<string, TestFn>
}
export interface LookupPlugins {
  kind: 'lookup'
  lookups: Record<string, LookupFn>
}

/** Declares filters, Ansible's `FilterModule.filters()` shape. */
export function defineFilters(filters: Record<string, FilterFn>): FilterPlugins {
  return { kind: 'filter', filters }
}

/** Declares tests (`x is name(args)`). */
export function defineTests(tests: Record<string, TestFn>): TestPlugins {
  return { kind: 'test', tests }
}

/** Declares lookups (`lookup('name', ...)`, `query()`, `with_name`). */
export function defineLookups(lookups: Record<string, LookupFn>): LookupPlugins {
  return { kind: 'lookup', lookups }
}

/** Raised by a plugin to fail the template with Ansible's `AnsibleFilterError` wording. */
export class PluginError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PluginError'
  }
}

/**
 * Binds Python-style call arguments to parameter names: positional first, then keywords,
 * then defaults. Throws a TypeError in Python's words for an unknown or repeated keyword.
 *
 * ```ts
 * const { default_value, boolean } = bindArgs('default', args, kwargs, ['default_value', 'boolean'], { default_value: '', boolean: false })
 * ```
 */
export function bindArgs(
  fname: string,
  args: readonly unknown[],
  kwargs: Kwargs,
  names: readonly string[],
  defaults: Record<string, unknown> = {},
): Record<string, unknown> {
  if (args.length > names.length) {
    throw new TypeError(`${fname}() takes at most ${names.length} arguments (${args.length} given)`)
  }
  const out: Record<string, unknown> = {}
  names.forEach((n, i) => {
    if (i < args.length) out[n] = args[i]
  })
  for (const [k, v] of Object.entries(kwargs)) {
    if (!names.includes(k)) throw new TypeError(`${fname}() got an unexpected keyword argument '${k}'`)
    if (k in out) throw new TypeError(`${fname}() got multiple values for argument '${k}'`)
    out[k] = v
  }
  for (const [k, v] of Object.entries(defaults)) if (!(k in out)) out[k] = v
  return out
}
