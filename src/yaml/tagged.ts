/**
 * Values behind Ansible's own YAML tags. Both are kept as objects so that the templar
 * can recognise them: unsafe text is never templated, vaulted text is decrypted on use.
 */

/** `!unsafe 'text'`: a string that must never be templated. */
export class UnsafeText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
  toJSON(): string {
    return this.text
  }
}

/** `!vault |` followed by an `$ANSIBLE_VAULT;...` envelope, decrypted when read. */
export class VaultText {
  constructor(readonly ciphertext: string) {}
  toJSON(): string {
    return this.ciphertext
  }
}
