/**
 * Text behind one of Ansible's YAML tags that keeps its tag when serialised (`!vault`):
 * json.dumps writes it as Ansible's encoders do and the YAML emitter as `tag |` followed by
 * its serialised form. The class that knows the tag (src/yaml/tagged.ts) extends this one,
 * so the encoders need not know it.
 */
export abstract class TaggedText {
  /** The YAML tag, e.g. `!vault`. */
  abstract readonly yamlTag: string
  /** Its Python class name, as `type_debug` and error messages show it. */
  abstract readonly pyClass: string
  /** The key AnsibleJSONEncoder writes it under when it keeps it whole (`__ansible_vault`). */
  abstract readonly jsonKey: string
  /** What stands for it when serialised whole: the vault envelope. */
  abstract get serialized(): string
  /** The plaintext. */
  abstract get text(): string
  /**
   * Serialised as its text, a plain string (AnsibleUnsafeText is a str): json.dumps and the
   * YAML emitter write the text, not the tag.
   */
  get isPlainText(): boolean {
    return false
  }
}
