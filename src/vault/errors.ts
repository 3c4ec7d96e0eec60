/**
 * Vault's errors, with Ansible's class names (they show in wrapped messages such as a
 * lookup's "Error was a <class 'ansible.parsing.vault.AnsibleVaultError'>"). All of them
 * end a run with exit code 1, as AnsibleError does.
 */
import { TsibleError } from '../errors/tsible-error.js'

/** AnsibleVaultError: no secret, no secret that decrypts, a bad HMAC, a bad password file. */
export class VaultError extends TsibleError {
  readonly pyClass: string = 'ansible.parsing.vault.AnsibleVaultError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'vault', undefined, options)
  }
}

/** AnsibleVaultFormatError: the envelope or the hex inside it is malformed. */
export class VaultFormatError extends TsibleError {
  readonly pyClass: string = 'ansible.parsing.vault.AnsibleVaultFormatError'
  constructor(message: string) {
    super(message, 'vault-format')
  }
}

/**
 * An AnsibleError raised by vault code that is not an AnsibleVaultError (an unknown
 * cipher, "input is already encrypted", a password script that failed...).
 */
export class VaultUsageError extends TsibleError {
  constructor(message: string, readonly pyClass = 'AnsibleError') {
    super(message, 'vault-usage')
  }
}
