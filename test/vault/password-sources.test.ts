/**
 * Where secrets come from: password files (stripped, possibly themselves encrypted),
 * scripts and `-client` scripts, prompts, and the settings (ANSIBLE_VAULT_PASSWORD_FILE,
 * vault_password_file relative to ansible.cfg, vault_identity_list, vault_id_match,
 * vault_identity), with ansible-core 2.14's messages (checked with ansible-playbook).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load-config.js'
import { openVault } from '../../src/vault/open-vault.js'
import type { PromptAnswer } from '../../src/vault/prompt.js'
import { Vault } from '../../src/vault/vault.js'

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'tsible-vault-src-'))
}

function file(d: string, name: string, text: string, mode = 0o600): string {
  const p = join(d, name)
  writeFileSync(p, text)
  chmodSync(p, mode)
  return p
}

async function open(cli: Parameters<typeof openVault>[0], env: Record<string, string> = {}, cwd = dir(), answers: PromptAnswer[] = [], createNewPassword = false) {
  const warnings: string[] = []
  const prompts: string[] = []
  const config = loadConfig({ env: { HOME: cwd, ...env }, cwd })
  const vault = await openVault(cli, config, {
    warn: (m) => warnings.push(m),
    prompt: async (m) => {
      prompts.push(m)
      return answers.shift() ?? null
    },
    createNewPassword,
  })
  return { vault, warnings, prompts }
}

const passwords = (v: Vault) => v.secrets.map((s) => `${s.id}=${s.password.toString()}`)

describe('password files and scripts', () => {
  it('a file: its whitespace stripped; its label "default"', async () => {
    const d = dir()
    const { vault } = await open({ vaultPasswordFile: [file(d, 'pw', '  hunter2 \n\n')] })
    expect(passwords(vault)).toEqual(['default=hunter2'])
  })

  it('an executable: what it prints, line ends stripped', async () => {
    const d = dir()
    const script = file(d, 'pw.sh', '#!/bin/sh\nprintf " from script \\n"\n', 0o700)
    const { vault } = await open({ vaultId: [`lbl@${script}`] })
    expect(passwords(vault)).toEqual(['lbl= from script '])
  })

  it('a -client script is asked for its label', async () => {
    const d = dir()
    const script = file(d, 'keyring-client.sh', '#!/bin/sh\n[ "$1 $2" = "--vault-id prod" ] && echo pr0d && exit 0\necho "no $2" >&2\nexit 2\n', 0o700)
    expect(passwords((await open({ vaultId: [`prod@${script}`] })).vault)).toEqual(['prod=pr0d'])
    await expect(open({ vaultId: [`other@${script}`] })).rejects.toThrow(`Vault password client script ${script} did not find a secret for vault-id=other: b'no other\\n'`)
  })

  it('a script that fails, an empty file, a missing file', async () => {
    const d = dir()
    const bad = file(d, 'bad.sh', '#!/bin/sh\nexit 3\n', 0o700)
    await expect(open({ vaultPasswordFile: [bad] })).rejects.toThrow(`Vault password script ${bad} returned non-zero (3): None`)
    const empty = file(d, 'empty', '\n')
    await expect(open({ vaultPasswordFile: [empty] })).rejects.toThrow(`Invalid vault password was provided from file (${empty})`)
    await expect(open({ vaultPasswordFile: [join(d, 'nope')] })).rejects.toThrow(`The vault password file ${join(d, 'nope')} was not found`)
  })

  it('a source that fails is only a warning when another one gives a secret', async () => {
    const d = dir()
    const { vault, warnings } = await open({ vaultId: [`x@${join(d, 'nope')}`], vaultPasswordFile: [file(d, 'pw', 'ok')] })
    expect(passwords(vault)).toEqual(['default=ok'])
    expect(warnings).toEqual([`Error getting vault password file (x): The vault password file ${join(d, 'nope')} was not found`])
  })

  it('a password file encrypted with an earlier secret', async () => {
    const d = dir()
    const first = file(d, 'first', 'hunter2')
    const inner = new Vault().encrypt('inner-pass\n', { id: 'default', password: Buffer.from('hunter2') })
    const second = file(d, 'second', inner)
    const { vault } = await open({ vaultId: [`a@${first}`, `b@${second}`] })
    expect(passwords(vault)).toEqual(['a=hunter2', 'b=inner-pass'])
  })

  it('--vault-id before --vault-password-file, whatever the command-line order', async () => {
    const d = dir()
    const { vault } = await open({ vaultPasswordFile: [file(d, 'f', 'one')], vaultId: [`two@${file(d, 'g', 'two')}`] })
    expect(passwords(vault)).toEqual(['two=two', 'default=one'])
  })
})

describe('prompts', () => {
  it('--ask-vault-pass asks "Vault password: "; label@prompt names the label', async () => {
    const { vault, prompts } = await open({ askVaultPassword: true, vaultId: ['dev@prompt'] }, {}, dir(), ['devpw', ' askpw '])
    expect(prompts).toEqual(['Vault password (dev): ', 'Vault password: '])
    expect(passwords(vault)).toEqual(['dev=devpw', 'default=askpw'])
  })

  it('end of input and an empty answer are errors', async () => {
    await expect(open({ askVaultPassword: true }, {}, dir(), [null])).rejects.toThrow('EOFError (ctrl-d) on prompt for (default)')
    const r = open({ askVaultPassword: true }, {}, dir(), [''])
    await expect(r).rejects.toThrow('Invalid vault password was provided')
  })

  it('a new password is asked twice and must match', async () => {
    const { vault, prompts } = await open({ askVaultPassword: true }, {}, dir(), ['n', 'n'], true)
    expect(prompts).toEqual(['New Vault password: ', 'Confirm New Vault password: '])
    expect(passwords(vault)).toEqual(['default=n'])
    await expect(open({ askVaultPassword: true }, {}, dir(), ['n', 'm'], true)).rejects.toThrow('Passwords do not match')
  })

  it('tsible-playbook does not prompt when no source is given', async () => {
    const { vault, prompts } = await open({})
    expect(vault.hasSecrets).toBe(false)
    expect(prompts).toEqual([])
  })
})

describe('settings', () => {
  it('ANSIBLE_VAULT_PASSWORD_FILE comes after the command line files', async () => {
    const d = dir()
    const { vault } = await open({ vaultPasswordFile: [file(d, 'a', 'cli')] }, { ANSIBLE_VAULT_PASSWORD_FILE: file(d, 'b', 'env') })
    expect(passwords(vault)).toEqual(['default=cli', 'default=env'])
  })

  it('ansible.cfg: vault_password_file relative to it, vault_identity_list first, vault_identity, vault_id_match', async () => {
    const d = dir()
    file(d, 'cfgpw', 'fromcfg')
    // vault_identity_list is plain text: its paths are taken from the working directory, as in Ansible.
    const listed = file(d, 'listpw', 'fromlist')
    file(d, 'ansible.cfg', `[defaults]\nvault_password_file = cfgpw\nvault_identity_list = listed@${listed}\nvault_identity = mine\nvault_id_match = True\n`)
    const { vault } = await open({}, { ANSIBLE_CONFIG: join(d, 'ansible.cfg') })
    expect(passwords(vault)).toEqual(['listed=fromlist', 'mine=fromcfg'])
    expect(vault.idMatch).toBe(true)
    expect(vault.defaultId).toBe('mine')
  })

  it('ask_vault_pass in ansible.cfg prompts', async () => {
    const d = dir()
    file(d, 'ansible.cfg', '[defaults]\nask_vault_pass = yes\n')
    const { vault } = await open({}, { ANSIBLE_CONFIG: join(d, 'ansible.cfg') }, d, ['p'])
    expect(passwords(vault)).toEqual(['default=p'])
  })
})
