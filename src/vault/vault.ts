/**
 * A run's vault (Ansible's VaultLib plus the decrypting parts of its DataLoader): the
 * secrets given on the command line or in ansible.cfg, tried in Ansible's order on each
 * vault-encrypted file or `!vault` string; every value decrypted is registered as a
 * secret (see secrets.ts).
 *
 * Every controller file Ansible reads through its loader goes through `readFile` or
 * `readText` here, so that an encrypted file is decrypted, or fails with Ansible's error,
 * and is never taken for plain text.
 */
import { readFileSync, statSync } from 'node:fs'
import { VaultError, VaultFormatError, VaultUsageError } from './errors.js'
import { checkCipher, decryptBody, encryptBody, formatEnvelope, isEncrypted, parseEnvelope, VAULT_HEADER } from './format.js'
import { SecretRegistry } from './secrets.js'
import { formatLocation } from '../errors/format-location.js'
import type { SourceLocation } from '../errors/tsible-error.js'

/** One secret: its vault id (label) and the password bytes. */
export interface VaultSecret {
  id: string
  password: Buffer
}

/** What a `!vault` value needs to decrypt itself (implemented by Vault). */
export interface VaultDecrypter {
  /** The plaintext of an inline vault string, registered as a secret; `location` is where it was written. */
  decryptText(ciphertext: string, location?: SourceLocation): string
}

export interface VaultOptions {
  /** DEFAULT_VAULT_ID_MATCH: only secrets whose id matches the data's vault id are tried. */
  idMatch?: boolean
  /** DEFAULT_VAULT_IDENTITY: the id of 1.1 data and of secrets given without a label. */
  defaultId?: string
  /** Ansible's warnings (a format error names the file in one, shown unwrapped: `formatted`). */
  warn?(message: string, formatted?: boolean): void
}

export interface Decrypted {
  plaintext: Buffer
  /** The id of the secret that decrypted it. */
  vaultId: string
  secret: VaultSecret
}

export interface ReadFileOptions {
  /** Decrypt a vault-encrypted file (default true); false returns the file as stored. */
  decrypt?: boolean
  /**
   * The file is wanted whole, as a file (Ansible's get_real_file: copy and template
   * sources, the unvault lookup): an encrypted file with no secret given fails with
   * "A vault password or secret must be specified to decrypt FILE".
   */
  asFile?: boolean
}

export class Vault implements VaultDecrypter {
  readonly secrets: VaultSecret[]
  /** Every value decrypted so far (to be masked wherever values are shown). */
  readonly revealed: SecretRegistry
  readonly idMatch: boolean
  readonly defaultId: string
  private readonly warn: (message: string, formatted?: boolean) => void

  constructor(secrets: VaultSecret[] = [], options: VaultOptions = {}, revealed = new SecretRegistry()) {
    this.secrets = [...secrets]
    this.idMatch = options.idMatch ?? false
    this.defaultId = options.defaultId ?? 'default'
    this.warn = options.warn ?? (() => {})
    this.revealed = revealed
  }

  get hasSecrets(): boolean {
    return this.secrets.length > 0
  }

  /** Adds a secret (password files may themselves be encrypted with an earlier one). */
  addSecret(secret: VaultSecret): void {
    this.secrets.push(secret)
  }

  /**
   * VaultLib.decrypt_and_get_vault_id, with Ansible's errors. `location`: where inline
   * vaulted text was written, shown with a format error (Ansible's `obj`).
   */
  decrypt(data: string | Buffer, filename?: string, location?: SourceLocation): Decrypted {
    if (!isEncrypted(data)) {
      throw new VaultUsageError(`input is not vault encrypted data. ${filename ? `${filename} is not a vault encrypted file` : ''}`)
    }
    const text = typeof data === 'string' ? data : data.toString('latin1')
    const envelope = parseEnvelope(text, filename)
    checkCipher(envelope.cipher)
    if (!this.hasSecrets) throw new VaultError('Attempting to decrypt but no vault secrets found')
    const vaultId = envelope.vaultId ?? this.defaultId
    const ids = new Set([vaultId])
    if (!this.idMatch) for (const s of this.secrets) ids.add(s.id)
    for (const secret of this.secrets) {
      if (!ids.has(secret.id)) continue
      try {
        return { plaintext: decryptBody(envelope.body, secret.password), vaultId: secret.id, secret }
      } catch (e) {
        if (e instanceof VaultFormatError) {
          const err = location ? new VaultFormatError(`${e.message}${formatLocation(location)}`) : e
          this.warn(`There was a vault format error${filename ? ` in ${filename}` : ''}: ${err.message}`, true)
          throw err
        }
        if (e instanceof VaultError) continue
        throw e
      }
    }
    throw new VaultError(`Decryption failed (no vault secrets were found that could decrypt)${filename ? ` on ${filename}` : ''}`)
  }

  /** VaultLib.encrypt: the envelope text (version 1.2 when a vault id other than `default` is given). */
  encrypt(plaintext: string | Buffer, secret: VaultSecret, vaultId?: string, salt?: Buffer): string {
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext
    if (isEncrypted(data)) throw new VaultUsageError('input is already encrypted')
    return formatEnvelope(encryptBody(data, secret.password, salt), vaultId)
  }

  /** An inline `!vault` string's plaintext; the value is registered as a secret. */
  decryptText(ciphertext: string, location?: SourceLocation): string {
    const text = this.decrypt(ciphertext, undefined, location).plaintext.toString('utf8')
    this.revealed.add(text)
    return text
  }

  /**
   * A controller file's content, decrypted when it is vault-encrypted (DataLoader's
   * _get_file_contents, or get_real_file with `asFile`). The content of an encrypted file
   * is registered as a secret.
   */
  readFile(path: string, options: ReadFileOptions = {}): Buffer {
    const data = readFileSync(path)
    if (options.decrypt === false || !startsWithHeader(data) || !isEncrypted(data)) return data
    if (options.asFile && !this.hasSecrets) {
      throw new VaultUsageError(`A vault password or secret must be specified to decrypt ${path}`, 'AnsibleParserError')
    }
    // Ansible parses the envelope without the file name first (its error names no file).
    parseEnvelope(data.toString('latin1'))
    const plaintext = this.decrypt(data, path).plaintext
    const text = plaintext.toString('utf8').trim()
    if (text) this.revealed.add(text)
    return plaintext
  }

  /**
   * A YAML/JSON file's text for the loader, decrypted when it is vault-encrypted. Call
   * `registerData` with what it parses to when `encrypted` is true.
   */
  readText(path: string): { text: string; encrypted: boolean } {
    const data = readFileSync(path)
    if (!startsWithHeader(data) || !isEncrypted(data)) return { text: data.toString('utf8'), encrypted: false }
    parseEnvelope(data.toString('latin1'))
    return { text: this.decrypt(data, path).plaintext.toString('utf8'), encrypted: true }
  }

  /** Registers every string of data loaded from an encrypted file as a secret. */
  registerData(data: unknown): void {
    this.revealed.addAll(data)
  }

  /** Whether a file on the controller is vault-encrypted (reads only its header). */
  static isEncryptedFile(path: string): boolean {
    try {
      if (!statSync(path).isFile()) return false
      return isEncrypted(readFileSync(path))
    } catch {
      return false
    }
  }
}

const HEADER = Buffer.from(VAULT_HEADER, 'ascii')

function startsWithHeader(data: Buffer): boolean {
  return data.length >= HEADER.length && data.subarray(0, HEADER.length).equals(HEADER)
}

/** A vault with no secret: reading an encrypted file through it fails as Ansible does without one. */
export const NO_SECRETS = new Vault()
