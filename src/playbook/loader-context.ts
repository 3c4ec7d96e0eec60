/**
 * What loading a playbook needs from the rest of the engine, and the per-run caches of
 * parsed files (task files are parsed once, however often they are included).
 */
import { existsSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { ParseError } from '../errors/errors.js'
import { TsibleError } from '../errors/tsible-error.js'
import { DirListings } from '../util/dir-listing.js'
import { loadYaml, YamlSyntaxError } from '../yaml/load.js'
import { NO_SECRETS, type Vault } from '../vault/vault.js'

export interface LoaderOptions {
  /** Whether a name resolves to a module or action (for task normalisation). */
  isAction(name: string): boolean
  /** `roles_path` from the configuration. */
  rolesPath: readonly string[]
  /**
   * Templates a value with what is known while loading (extra vars and play vars): static
   * import names, role names, `import_playbook` paths.
   */
  templateStatic(value: unknown, vars: Record<string, unknown>): unknown
  warn(message: string): void
  /** Told about every role loaded, so its `library/` and plugin directories can be registered. */
  onRole?(path: string): void
  /** The run's vault: encrypted playbooks, task files and role vars are decrypted with it. */
  vault?: Vault
}

export class LoaderContext {
  private readonly yamlCache = new Map<string, unknown>()

  constructor(readonly options: LoaderOptions) {}

  /** Loads (once per run) and returns a YAML file; a syntax error becomes a ParseError. */
  loadYamlFile(file: string): unknown {
    if (this.yamlCache.has(file)) return this.yamlCache.get(file)
    const vault = this.options.vault ?? NO_SECRETS
    let read: { text: string; encrypted: boolean }
    try {
      read = vault.readText(file)
    } catch (e) {
      if (e instanceof TsibleError) throw e
      throw new ParseError(`Unable to retrieve file contents\nCould not find or access '${file}'`, undefined, { cause: e })
    }
    let data: unknown
    try {
      data = loadYaml(read.text, file, { onWarning: (w) => this.options.warn(w), vault })
    } catch (e) {
      if (e instanceof YamlSyntaxError) throw new ParseError(e.message, e.location, { cause: e })
      throw e
    }
    if (read.encrypted) vault.registerData(data)
    this.yamlCache.set(file, data)
    return data
  }

  exists(path: string): boolean {
    return existsSync(path)
  }

  private readonly listings = new DirListings()

  /**
   * Whether a file of a role's own tree exists, from one listing of its directory per run
   * (a role is probed for main.yml, main.yaml, main.json... in five directories). Role
   * trees do not change during a run; task files an include may find are checked live.
   */
  staticFileExists(path: string): boolean {
    return this.listings.has(dirname(path), basename(path)) && existsSync(path)
  }
}
