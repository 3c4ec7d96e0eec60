/**
 * ansible-core 2.14's `vault` and `unvault` filters (plugins/filter/encryption.py):
 * encrypt a string with a secret given in the template, and decrypt vaulted text (a
 * string or a `!vault` value) with one, independently of the run's own vault secrets.
 */
import {
  bindArgs,
  impure,
  isEncrypted,
  isUndefined,
  pyStr,
  undefinedError,
  Vault,
  VaultText,
  type FilterFn,
} from '../../src/plugin-kit.js'
import { AnsibleFilterError, filterTypeError, pyClassRepr } from './errors.js'

const isText = (v: unknown) => typeof v === 'string' || isUndefined(v)

/** to_bytes of a value the filter accepted: an Undefined fails as Jinja's StrictUndefined does. */
function bytesOf(v: unknown): Buffer {
  if (isUndefined(v)) throw undefinedError(v)
  return Buffer.from(pyStr(v), 'utf8')
}

const vault: FilterFn = (data, args, kwargs) => {
  const a = bindArgs('do_vault', args, kwargs, ['secret', 'salt', 'vaultid', 'wrap_object'], { salt: null, vaultid: 'filter_default', wrap_object: false })
  if (!isText(a.secret)) throw filterTypeError(`Secret passed is required to be a string, instead we got: ${pyClassRepr(a.secret)}`)
  if (!isText(data)) throw filterTypeError(`Can only vault strings, instead we got: ${pyClassRepr(data)}`)
  const secret = { id: String(a.vaultid ?? 'default'), password: bytesOf(a.secret) }
  const plaintext = bytesOf(data)
  let text: string
  try {
    // A salt is used as its text's bytes (to_bytes), as in Ansible; a falsy one is refused.
    const salt = a.salt === null || a.salt === undefined ? undefined : a.salt === '' || a.salt === 0 || a.salt === false ? Buffer.alloc(0) : bytesOf(a.salt)
    text = new Vault().encrypt(plaintext, secret, a.vaultid === null ? undefined : pyStr(a.vaultid), salt)
  } catch (e) {
    throw new AnsibleFilterError(`Unable to encrypt: ${(e as Error).message}`)
  }
  return a.wrap_object === true ? new VaultText(text) : text
}

const unvault: FilterFn = (input, args, kwargs) => {
  const a = bindArgs('do_unvault', args, kwargs, ['secret', 'vaultid'], { vaultid: 'filter_default' })
  if (!isText(a.secret)) throw filterTypeError(`Secret passed is required to be as string, instead we got: ${pyClassRepr(a.secret)}`)
  if (!isText(input) && !(input instanceof VaultText)) throw filterTypeError(`Vault should be in the form of a string, instead we got: ${pyClassRepr(input)}`)
  const lib = new Vault([{ id: pyStr(a.vaultid), password: bytesOf(a.secret) }])
  // A `!vault` value is decrypted with the filter's secret; its errors are not wrapped.
  if (input instanceof VaultText) return lib.decrypt(input.ciphertext).plaintext.toString('utf8')
  if (isUndefined(input)) throw undefinedError(input)
  if (!isEncrypted(input as string)) return input
  try {
    return lib.decrypt(input as string).plaintext.toString('utf8')
  } catch (e) {
    throw new AnsibleFilterError(`Unable to decrypt: ${(e as Error).message}`)
  }
}

export const vaultFilters: Record<string, FilterFn> = {
  // A random salt: what it returns differs on every call.
  vault: impure(vault),
  unvault,
}
