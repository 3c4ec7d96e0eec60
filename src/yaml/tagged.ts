/**
 * Values behind Ansible's own YAML tags. Both are kept as objects so that the templar
 * can recognise them: unsafe text is never templated, vaulted text is decrypted on use.
 */
import { TaggedText } from '../py/tagged-text.js'
import type { VaultDecrypter } from '../vault/vault.js'
import type { SourceLocation } from '../errors/tsible-error.js'

/**
 * `!unsafe 'text'`, or text made from unsafe values (AnsibleUnsafeText): a string that
 * must never be templated. It serialises as the plain string it is.
 */
export class UnsafeText extends TaggedText {
  readonly yamlTag = '!unsafe'
  readonly jsonKey = '__ansible_unsafe'
  readonly pyClass = 'AnsibleUnsafeText'

  constructor(private readonly value: string) {
    super()
  }

  get text(): string {
    return this.value
  }

  get serialized(): string {
    return this.value
  }

  override get isPlainText(): boolean {
    return true
  }

  override toString(): string {
    return this.text
  }
  toJSON(): string {
    return this.text
  }
}

/**
 * `!vault |` followed by an `$ANSIBLE_VAULT;...` envelope (Ansible's
 * AnsibleVaultEncryptedUnicode): decrypted when first used, with the secrets of the vault
 * it was loaded with, and never templated. Templates see its plaintext; the
 * `vault_encrypted` test, the `unvault` filter and `type_debug` see the object.
 */
export class VaultText extends TaggedText {
  readonly yamlTag = '!vault'
  readonly jsonKey = '__ansible_vault'
  readonly pyClass = 'AnsibleVaultEncryptedUnicode'
  /** How many were ever made: while none, nothing needs to look for them. */
  static made = 0
  private plain: string | undefined

  constructor(
    readonly ciphertext: string,
    readonly vault?: VaultDecrypter,
    /** Where the `!vault` tag is (a format error points at it, as Ansible's does). */
    readonly location?: SourceLocation,
  ) {
    super()
    VaultText.made++
  }

  /** Serialised whole, it is its envelope. */
  get serialized(): string {
    return this.ciphertext
  }

  /**
   * The plaintext, decrypted once. Text loaded from YAML always has a vault (one without
   * secrets fails with Ansible's "no vault secrets" error); an object made by the `vault`
   * filter's `wrap_object` has none and reads as its ciphertext, as in Ansible.
   */
  get text(): string {
    if (this.plain === undefined) this.plain = this.vault ? this.vault.decryptText(this.ciphertext, this.location) : this.ciphertext
    return this.plain
  }

  override toString(): string {
    return this.text
  }

  /** JSON keeps the ciphertext: plaintext is never serialised by accident. */
  toJSON(): string {
    return this.ciphertext
  }
}

/**
 * A value with every `!vault` text in it (at any depth of lists and plain dicts) replaced
 * by its plaintext, as Ansible hands values to modules (vault_to_text). Parts without
 * one are returned as they are.
 */
export function revealVaultText(value: unknown): unknown {
  if (VaultText.made === 0) return value
  if (value instanceof VaultText) return value.text
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const r = revealVaultText(value[i])
      if (r !== value[i]) (out ??= value.slice())[i] = r
    }
    return out ?? value
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let out: Record<string, unknown> | null = null
    for (const [k, v] of Object.entries(value)) {
      const r = revealVaultText(v)
      if (r !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = r
    }
    return out ?? value
  }
  return value
}
