/**
 * The vault of a command: its secrets from the command line (`--vault-id`,
 * `--vault-password-file`, `--ask-vault-pass`) and the configuration
 * (vault_identity_list first, vault_password_file after the command line's files,
 * ask_vault_pass, vault_id_match, vault_identity), as Ansible's CLI sets them up.
 */
import type { Config } from '../config/load-config.js'
import { promptHidden, type PromptAnswer } from './prompt.js'
import { loadVaultSecrets } from './setup.js'
import { Vault } from './vault.js'

/** The vault options as commander parses them from options.ts. */
export interface VaultCliOptions {
  vaultId?: string[]
  vaultPasswordFile?: string[]
  askVaultPassword?: boolean
}

export interface OpenVaultOptions {
  warn(message: string, formatted?: boolean): void
  /** Hidden prompt (default: the terminal, as getpass). */
  prompt?(message: string): Promise<PromptAnswer>
  /** tsible-vault prompts when no source is given and asks twice for a new password. */
  autoPrompt?: boolean
  createNewPassword?: boolean
  /** Whether the vault_identity_list setting's ids come first (default true; not for rekey's new secret). */
  identityList?: boolean
}

export async function openVault(cli: VaultCliOptions, config: Config, options: OpenVaultOptions): Promise<Vault> {
  const defaultId = config.get<string>('DEFAULT_VAULT_IDENTITY') || 'default'
  const vault = new Vault([], { idMatch: config.get<boolean>('DEFAULT_VAULT_ID_MATCH'), defaultId, warn: options.warn })
  const configured = config.get<string | null>('DEFAULT_VAULT_PASSWORD_FILE')
  await loadVaultSecrets(
    {
      vaultIds: [...(options.identityList === false ? [] : config.get<string[]>('DEFAULT_VAULT_IDENTITY_LIST')), ...(cli.vaultId ?? [])],
      passwordFiles: [...(cli.vaultPasswordFile ?? []), ...(configured ? [configured] : [])],
      askVaultPass: cli.askVaultPassword === true || config.get<boolean>('DEFAULT_ASK_VAULT_PASS'),
      autoPrompt: options.autoPrompt ?? false,
      createNewPassword: options.createNewPassword,
      defaultId,
      prompt: options.prompt ?? ((m) => promptHidden(m)),
      warn: options.warn,
    },
    vault,
  )
  return vault
}
