/**
 * `tsible-vault`: ansible-vault's command line (create, decrypt, edit, view, encrypt,
 * encrypt_string, rekey) with its options, prompts, messages and exit codes. Files it
 * writes are read by ansible-vault 2.14 and the other way round (see src/vault/).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, CommanderError } from 'commander'
import { loadConfig, type Config } from '../config/load-config.js'
import { OptionsError } from '../errors/errors.js'
import { createDisplay } from '../output/display.js'
import { VaultEditor } from '../vault/editor.js'
import { VaultError } from '../vault/errors.js'
import { openVault } from '../vault/open-vault.js'
import { promptHidden, promptVisible } from '../vault/prompt.js'
import type { Vault, VaultSecret } from '../vault/vault.js'
import { EXIT, exitCodeFor, printError } from './exit-codes.js'
import { addOptions, expandAliases, VAULT_COMMAND_OPTIONS, type VaultCommandOptions } from './options.js'
import { versionText } from './version.js'

interface Io {
  stdin: NodeJS.ReadableStream & { fd?: number; isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream
}

const COMMANDS: [string, string, string][] = [
  ['create', 'Create new vault encrypted file', 'file_name'],
  ['decrypt', 'Decrypt vault encrypted file', 'file_name'],
  ['edit', 'Edit vault encrypted file', 'file_name'],
  ['view', 'View vault encrypted file', 'file_name'],
  ['encrypt', 'Encrypt YAML file', 'file_name'],
  ['encrypt_string', 'Encrypt a string', 'string_to_encrypt'],
  ['rekey', 'Re-key a vault encrypted file', 'file_name'],
]

type VaultOpts = VaultCommandOptions

export async function main(argv: string[], io: Io = process): Promise<number> {
  const program = new Command('ansible-vault')
    .description('encryption/decryption utility for Ansible data files')
    .option('--version', "show program's version number, config file location, configured module search path, module location, executable location and exit")
    .addHelpText('after', "\nSee 'ansible-vault <command> --help' for more information on a specific command.\n")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
  // argparse's version action: wherever it stands, --version prints and exits before the
  // action (which commander's subcommands would otherwise require) is looked for.
  if (argv.includes('--version')) {
    io.stdout.write(versionText('tsible-vault'))
    return EXIT.OK
  }
  let chosen: { action: string; args: string[]; opts: VaultOpts } | undefined
  for (const [action, help, arg] of COMMANDS) {
    const sub = program.command(action).description(help).argument(`[${arg}...]`, help)
    addOptions(sub, VAULT_COMMAND_OPTIONS[action as keyof typeof VAULT_COMMAND_OPTIONS])
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
      .action((args: string[], opts: VaultOpts) => {
        chosen = { action, args, opts }
      })
  }
  try {
    program.parse(expandAliases(argv, Object.values(VAULT_COMMAND_OPTIONS).flat()), { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE
    throw e
  }
  if (!chosen) {
    io.stderr.write(`${program.helpInformation()}ansible-vault: error: the following arguments are required: action\n`)
    return EXIT.USAGE
  }
  // argparse's mutually exclusive groups.
  const o = chosen.opts
  const clash = o.newVaultId !== undefined && o.newVaultPasswordFile !== undefined
    ? 'argument --new-vault-id: not allowed with argument --new-vault-password-file'
    : o.askVaultPassword && o.vaultPasswordFile?.length
      ? 'argument --vault-password-file/--vault-pass-file: not allowed with argument --ask-vault-password/--ask-vault-pass'
      : undefined
  if (clash) {
    io.stderr.write(`usage: ansible-vault ${chosen.action} [-h] ...\nansible-vault ${chosen.action}: error: ${clash}\n`)
    return EXIT.USAGE
  }
  const display = createDisplay({ stdout: io.stdout as never, stderr: io.stderr }, { nocolor: true })
  const previousUmask = process.umask(0o077)
  try {
    await run(chosen.action, chosen.args, chosen.opts, io, (m, formatted) => display.warning(m, formatted))
    return EXIT.OK
  } catch (e) {
    // Ansible's CLI prints its usage before an options error.
    if (e instanceof OptionsError) io.stdout.write(program.helpInformation())
    printError(io.stderr, e)
    return exitCodeFor(e)
  } finally {
    process.umask(previousUmask)
  }
}

async function run(action: string, rawArgs: string[], opts: VaultOpts, io: Io, warn: (m: string, formatted?: boolean) => void): Promise<void> {
  for (const id of opts.vaultId ?? []) {
    if (id.includes(';')) throw new OptionsError(`'${id}' is not a valid vault id. The character ';' is not allowed in vault ids`)
  }
  if (opts.output && rawArgs.length > 1) throw new OptionsError('At most one input file may be used with the --output option')
  const readStdin = action === 'encrypt_string' && (rawArgs.includes('-') || rawArgs.length === 0 || opts.stdinName !== undefined)
  if (readStdin && opts.prompt) throw new OptionsError('The --prompt option is not supported if also reading input from stdin')
  const output = opts.output === undefined || opts.output === '-' ? opts.output : resolve(opts.output)

  const config = loadConfig()
  const prompt = (m: string) => promptHidden(m, io)
  const stderrLine = (m: string) => io.stderr.write(`${m}\n`)
  const editorFor = (vault: Vault) =>
    new VaultEditor(vault, { readStdin: () => readFileSync(io.stdin.fd ?? 0), stdout: io.stdout, warn })

  if (['decrypt', 'view', 'rekey', 'edit'].includes(action)) {
    const vault = await openVault(opts, config, { warn, prompt, autoPrompt: true })
    if (!vault.hasSecrets) throw new OptionsError("A vault password is required to use Ansible's Vault")
    const editor = editorFor(vault)
    if (action === 'decrypt') {
      if (rawArgs.length === 0 && io.stdin.isTTY) stderrLine('Reading ciphertext input from stdin')
      for (const f of rawArgs.length ? rawArgs : ['-']) editor.decryptFile(f, output)
      if (io.stdout.isTTY) stderrLine('Decryption successful')
    } else if (action === 'view') {
      for (const f of rawArgs) pager(editor.plaintext(f).toString('utf8'), io)
    } else if (action === 'edit') {
      for (const f of rawArgs) editor.editFile(f)
    } else {
      const [id, secret] = await newSecret(opts, config, warn, prompt)
      for (const f of rawArgs) editor.rekeyFile(f, secret, id)
      stderrLine('Rekey successful')
    }
    return
  }

  // encrypt, encrypt_string, create: the one secret to encrypt with.
  const encryptId = opts.encryptVaultId ?? config.get<string | null>('DEFAULT_VAULT_ENCRYPT_IDENTITY') ?? undefined
  const vault = await openVault(opts, config, { warn, prompt, autoPrompt: true, createNewPassword: true })
  if (vault.secrets.length > 1 && !encryptId) {
    throw new OptionsError(`The vault-ids ${vault.secrets.map((s) => s.id).join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`)
  }
  if (!vault.hasSecrets) throw new OptionsError("A vault password is required to use Ansible's Vault")
  const secret = matchEncryptSecret(vault.secrets, encryptId)
  const editor = editorFor(vault)
  if (action === 'encrypt') {
    if (rawArgs.length === 0 && io.stdin.isTTY) stderrLine('Reading plaintext input from stdin')
    for (const f of rawArgs.length ? rawArgs : ['-']) editor.encryptFile(f, secret, secret.id, output)
    if (io.stdout.isTTY) stderrLine('Encryption successful')
  } else if (action === 'create') {
    if (rawArgs.length !== 1) throw new OptionsError('ansible-vault create can take only one filename argument')
    editor.createFile(rawArgs[0]!, secret, secret.id)
  } else {
    await encryptString(rawArgs, opts, readStdin, editor, secret, output, io)
  }
}

/** match_encrypt_secret: the secret of --encrypt-vault-id, else the first one. */
function matchEncryptSecret(secrets: readonly VaultSecret[], id: string | undefined): VaultSecret {
  if (!id) return secrets[0]!
  const found = secrets.find((s) => s.id === id)
  if (!found) throw new VaultError(`Did not find a match for --encrypt-vault-id=${id} in the known vault-ids [${secrets.map((s) => `'${s.id}'`).join(', ')}]`)
  return found
}

/** rekey's new secret: --new-vault-password-file or --new-vault-id, else a prompt for a new password. */
async function newSecret(opts: VaultOpts, config: Config, warn: (m: string) => void, prompt: (m: string) => Promise<string | null>): Promise<[string, VaultSecret]> {
  const encryptId = opts.encryptVaultId ?? config.get<string | null>('DEFAULT_VAULT_ENCRYPT_IDENTITY') ?? undefined
  const ids = [...(encryptId ? config.get<string[]>('DEFAULT_VAULT_IDENTITY_LIST') : []), ...(opts.newVaultId ? [opts.newVaultId] : [])]
  const vault = await openVault(
    { vaultId: ids, vaultPasswordFile: opts.newVaultPasswordFile ? [opts.newVaultPasswordFile] : [], askVaultPassword: opts.askVaultPassword },
    config,
    { warn, prompt, autoPrompt: true, createNewPassword: true, identityList: false },
  )
  if (!vault.hasSecrets) throw new OptionsError("A new vault password is required to use Ansible's Vault rekey")
  const secret = matchEncryptSecret(vault.secrets, encryptId)
  return [secret.id, secret]
}

const FROM_STDIN = 'stdin'
const FROM_ARGS = 'the command line args'
const FROM_PROMPT = 'the interactive prompt'

async function encryptString(rawArgs: string[], opts: VaultOpts, readStdin: boolean, editor: VaultEditor, secret: VaultSecret, output: string | undefined, io: Io): Promise<void> {
  const args = rawArgs.filter((a) => a !== '-')
  const plaintexts: { text: Buffer; from: string; name?: string }[] = []
  const stderrLine = (m: string) => io.stderr.write(`${m}\n`)
  if (opts.prompt) {
    const name = (await promptVisible('Variable name (enter for no name): ', io)) ?? ''
    const answer = opts.showInput ? await promptVisible('String to encrypt:', io) : await promptHidden('String to encrypt (hidden): ', io)
    if (!answer) throw new OptionsError('The plaintext provided from the prompt was empty, not encrypting')
    plaintexts.push({ text: Buffer.from(answer, 'utf8'), from: FROM_PROMPT, name: name || undefined })
  }
  if (readStdin) {
    if (io.stdout.isTTY) stderrLine('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)')
    const text = readFileSync(io.stdin.fd ?? 0)
    if (text.length === 0) throw new OptionsError('stdin was empty, not encrypting')
    if (io.stdout.isTTY && text[text.length - 1] !== 0x0a) io.stdout.write('\n')
    plaintexts.push({ text, from: FROM_STDIN, name: opts.stdinName })
  }
  const names = opts.name ?? []
  if (names.length && args.length > names.length) {
    stderrLine('The number of --name options do not match the number of args.')
    stderrLine(`The last named variable will be "${names[names.length - 1]}". The rest will not have names.`)
  }
  for (const [i, arg] of args.entries()) {
    if (arg === '') throw new OptionsError('The plaintext provided from the command line args was empty, not encrypting')
    plaintexts.push({ text: Buffer.from(arg, 'utf8'), from: FROM_ARGS, name: names.length ? names[i] : undefined })
  }
  const outs: string[] = []
  for (const [i, p] of plaintexts.entries()) {
    const ciphertext = editor.vault.encrypt(p.text, secret, secret.id)
    outs.push(formatCiphertextYaml(ciphertext, p.name))
    if (plaintexts.length > 1) {
      io.stderr.write(
        p.name
          ? `# The encrypted version of variable ("${p.name}", the string #${i + 1} from ${p.from}).\n`
          : `# The encrypted version of the string #${i + 1} from ${p.from}.)\n`,
      )
    }
  }
  editor.writeData(Buffer.from(outs.join('\n'), 'utf8'), output ?? '-')
  if (io.stdout.isTTY) stderrLine('Encryption successful')
}

/** `name: !vault |` and the envelope's lines indented by 10, as encrypt_string prints it. */
export function formatCiphertextYaml(ciphertext: string, name?: string): string {
  const lines = ciphertext.split(/\r\n|\r|\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines.map((l) => `${' '.repeat(10)}${l}`)].join('\n')
}

/** CLI.pager: the text as is off a terminal, else through $PAGER or less. */
function pager(text: string, io: Io): void {
  if (!io.stdout.isTTY) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    return
  }
  const cmd = process.env.PAGER ?? (spawnSync('less', ['--version'], { stdio: 'ignore' }).status === 0 ? 'less' : undefined)
  if (!cmd) {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
    return
  }
  spawnSync(cmd, { shell: true, input: text, stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, LESS: process.env.LESS ?? 'FRX' } })
}
