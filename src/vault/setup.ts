/**
 * Where vault secrets come from (Ansible's CLI.setup_vault_secrets and the VaultSecret
 * classes): `--vault-id label@source` (a file, an executable script, a `-client` script
 * asked for the label, or `prompt`), `--vault-password-file` and `--ask-vault-pass`, and
 * the settings vault_identity_list, vault_password_file, ask_vault_pass.
 *
 * Secrets are loaded in order and each one joins the vault at once, so a password file
 * may itself be encrypted with an earlier secret. A source that cannot be read is a
 * warning, and an error only if no secret at all was found; a prompt that fails is an
 * error at once.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { constants as osConstants, homedir } from 'node:os'
import { basename, extname, resolve } from 'node:path'
import { TsibleError } from '../errors/tsible-error.js'
import { VaultError, VaultUsageError } from './errors.js'
import { isEncrypted } from './format.js'
import type { PromptAnswer } from './prompt.js'
import { Vault, type VaultSecret } from './vault.js'

export interface VaultSources {
  /** `--vault-id` values, after the vault_identity_list setting's. */
  vaultIds: readonly string[]
  /** `--vault-password-file` values, then the vault_password_file setting. */
  passwordFiles: readonly string[]
  /** `--ask-vault-pass` (or the ask_vault_pass setting). */
  askVaultPass: boolean
  /** Asking for a new password (tsible-vault encrypt/create/rekey): prompts ask twice. */
  createNewPassword?: boolean
  /** Prompt when no source is given at all (tsible-vault does; tsible-playbook does not). */
  autoPrompt?: boolean
  /** DEFAULT_VAULT_IDENTITY. */
  defaultId: string
  /** Asks for a password without echo; null at end of input. */
  prompt(message: string): Promise<PromptAnswer>
  warn(message: string): void
}

const PROMPTS = {
  prompt: ['Vault password (%s): '],
  prompt_ask_vault_pass: ['Vault password: '],
}
const NEW_PROMPTS = {
  prompt: ['New vault password (%s): ', 'Confirm new vault password (%s): '],
  prompt_ask_vault_pass: ['New Vault password: ', 'Confirm New Vault password: '],
}

/** CLI.build_vault_ids: the `label@source` slugs in the order they are loaded. */
function buildVaultIds(sources: VaultSources): string[] {
  const ids = [...sources.vaultIds]
  for (const file of sources.passwordFiles) ids.push(`${sources.defaultId}@${file}`)
  if (sources.askVaultPass || (ids.length === 0 && sources.autoPrompt)) ids.push(`${sources.defaultId}@prompt_ask_vault_pass`)
  return ids
}

/** `label@source` split at the first `@`; no `@` means no label. */
function splitVaultId(slug: string): [string | undefined, string] {
  const at = slug.indexOf('@')
  return at < 0 ? [undefined, slug] : [slug.slice(0, at), slug.slice(at + 1)]
}

/** Loads every secret the sources name into `vault` and returns them. */
export async function loadVaultSecrets(sources: VaultSources, vault: Vault): Promise<VaultSecret[]> {
  const found: VaultSecret[] = []
  let lastError: unknown
  for (const slug of buildVaultIds(sources)) {
    const [label, value] = splitVaultId(slug)
    if (value === 'prompt' || value === 'prompt_ask_vault_pass') {
      const id = label || sources.defaultId
      const formats = (sources.createNewPassword ? NEW_PROMPTS : PROMPTS)[value]
      let password: Buffer
      try {
        password = await promptPassword(formats.map((f) => f.replace('%s', id)), sources.prompt, id)
      } catch (e) {
        if (e instanceof TsibleError) sources.warn(`Error in vault password prompt (${label ?? 'None'}): ${e.message}`)
        throw e
      }
      found.push(add(vault, { id, password }))
      continue
    }
    let password: Buffer
    try {
      password = passwordFromFile(unfrackPath(value), label, vault)
    } catch (e) {
      if (!(e instanceof TsibleError)) throw e
      sources.warn(`${e instanceof MissingPasswordFile ? 'Error getting vault password file' : 'Error in vault password file loading'} (${label ?? 'None'}): ${e.message}`)
      lastError = e
      continue
    }
    found.push(add(vault, { id: label || sources.defaultId, password }))
  }
  if (lastError && found.length === 0) throw lastError
  return found
}

function add(vault: Vault, secret: VaultSecret): VaultSecret {
  vault.addSecret(secret)
  return secret
}

class MissingPasswordFile extends VaultUsageError {}

/** PromptVaultSecret: each prompt answered, all answers equal, whitespace stripped. */
async function promptPassword(prompts: string[], prompt: (m: string) => Promise<PromptAnswer>, id: string): Promise<Buffer> {
  const answers: Buffer[] = []
  for (const p of prompts) {
    const answer = await prompt(p)
    if (answer === null) throw new VaultError(`EOFError (ctrl-d) on prompt for (${id})`)
    if (answer === '') throw new VaultError('Invalid vault password was provided')
    answers.push(pyStrip(Buffer.from(answer, 'utf8')))
  }
  for (const a of answers) if (!a.equals(answers[0]!)) throw new VaultUsageError('Passwords do not match')
  return answers[0]!
}

/** get_file_vault_secret + load: a file's content, or what an executable prints. */
function passwordFromFile(path: string, label: string | undefined, vault: Vault): Buffer {
  if (!existsSync(path)) throw new MissingPasswordFile(`The vault password file ${path} was not found`)
  if (isExecutable(path)) return passwordFromScript(path, label)
  let data: Buffer
  try {
    data = pyStrip(readFileSync(path))
  } catch (e) {
    throw new VaultUsageError(`Could not read vault password file ${path}: ${(e as Error).message}`)
  }
  if (isEncrypted(data)) data = vault.decrypt(data, path).plaintext
  const password = stripNewlines(data)
  if (password.length === 0) throw new VaultError(`Invalid vault password was provided from file (${path})`)
  return password
}

/** ScriptVaultSecret / ClientScriptVaultSecret: stdout, its line ends stripped. */
function passwordFromScript(path: string, label: string | undefined): Buffer {
  const stem = basename(path, extname(path))
  const client = stem.endsWith('-client')
  const args = client && label ? ['--vault-id', label] : []
  const r = spawnSync(path, args, { stdio: ['inherit', 'pipe', client ? 'pipe' : 'inherit'] })
  if (r.error) {
    const kind = client ? 'vault password client script' : 'vault password script'
    throw new VaultUsageError(`Problem running ${kind} ${path} (${r.error.message}). If this is not a script, remove the executable bit from the file.`)
  }
  const stderr = client ? pyBytesRepr(r.stderr ?? Buffer.alloc(0)) : 'None'
  if (client && r.status === 2) {
    throw new VaultUsageError(`Vault password client script ${path} did not find a secret for vault-id=${label ?? 'None'}: ${stderr}`)
  }
  if (r.status !== 0) {
    const rc = r.status ?? -(r.signal ? signalNumber(r.signal) : 1)
    throw new VaultUsageError(
      client
        ? `Vault password client script ${path} returned non-zero (${rc}) when getting secret for vault-id=${label ?? 'None'}: ${stderr}`
        : `Vault password script ${path} returned non-zero (${rc}): ${stderr}`,
    )
  }
  const password = stripNewlines(r.stdout)
  if (password.length === 0) throw new VaultError(`Invalid vault password was provided from script (${path})`)
  return password
}

/** Python's repr() of bytes: b'...' with \\n, \\t, \\xNN escapes. */
function pyBytesRepr(b: Buffer): string {
  const quote = b.includes(0x27) && !b.includes(0x22) ? '"' : "'"
  let out = ''
  for (const c of b) {
    if (c === 0x5c) out += '\\\\'
    else if (c === quote.charCodeAt(0)) out += `\\${quote}`
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else out += String.fromCharCode(c)
  }
  return `b${quote}${out}${quote}`
}

function signalNumber(signal: NodeJS.Signals): number {
  return osConstants.signals[signal] ?? 1
}

/** Ansible's is_executable: any of the execute bits. */
function isExecutable(path: string): boolean {
  try {
    return (statSync(path).mode & 0o111) !== 0
  } catch {
    return false
  }
}

/** unfrackpath(follow=False): `~` expanded, made absolute and normalised, symlinks kept. */
function unfrackPath(path: string): string {
  const expanded = path === '~' ? homedir() : path.startsWith('~/') ? homedir() + path.slice(1) : path
  return resolve(expanded)
}

const PY_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d])

/** bytes.strip(): ASCII whitespace at both ends. */
function pyStrip(b: Buffer): Buffer {
  let s = 0
  let e = b.length
  while (s < e && PY_WHITESPACE.has(b[s]!)) s++
  while (e > s && PY_WHITESPACE.has(b[e - 1]!)) e--
  return b.subarray(s, e)
}

/** bytes.strip(b'\r\n'). */
function stripNewlines(b: Buffer): Buffer {
  let s = 0
  let e = b.length
  while (s < e && (b[s] === 0x0a || b[s] === 0x0d)) s++
  while (e > s && (b[e - 1] === 0x0a || b[e - 1] === 0x0d)) e--
  return b.subarray(s, e)
}
