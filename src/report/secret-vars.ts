/**
 * Vars files marked secret (`--secret-vars @passwords.yml`, the TSIBLE_SECRET_VARS
 * environment variable or `[tsible] secret_vars` in ansible.cfg): every string value in
 * them is registered in the run's secret registry, so it is masked wherever values are
 * shown (diffs on the terminal and in the report, echoed module arguments). Marking a file
 * does not load its variables: pass it as usual (`-e @passwords.yml`, group_vars...). A
 * vault-encrypted file is decrypted with the run's vault secrets.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { OptionsError } from '../errors/errors.js'
import type { Vault } from '../vault/vault.js'
import { loadYamlFile } from '../yaml/load.js'

/** The paths as given: `@file` or `file`, each may be a comma-separated list. */
export function secretVarsFiles(given: readonly string[]): string[] {
  return given.flatMap((g) => g.split(',')).map((p) => p.trim().replace(/^@/, '')).filter(Boolean)
}

/** Registers the string values of each file; a missing file is an error naming it. */
export function registerSecretVars(files: readonly string[], vault: Vault): void {
  for (const file of files) {
    const path = resolve(file)
    if (!existsSync(path)) throw new OptionsError(`the secret vars file ${file} could not be found`)
    vault.revealed.addAll(loadYamlFile(path, { vault }))
  }
}
