/**
 * What tsible-vault does to files (Ansible's VaultEditor): encrypt, decrypt, view, edit
 * in $EDITOR, create, rekey, with ansible-vault's errors and modes.
 *
 * Files are written as ansible-vault writes them: a new file mode 0600 (encrypt, decrypt,
 * `--output`), while edit and rekey keep the mode and owner of the file they rewrite;
 * every write goes to a temporary file beside the target, then is renamed over it.
 * Decrypted text reaches the disk only where asked (decrypt), and for edit/create in a
 * temporary file, mode 0600 in a private directory, overwritten and removed afterwards.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { shlexSplit } from '../py/shlex.js'
import { VaultError, VaultFormatError, VaultUsageError } from './errors.js'
import { CIPHER, parseEnvelope } from './format.js'
import type { Vault, VaultSecret } from './vault.js'

/** Where stdin/stdout stand in for a file (`-`). */
export interface EditorIo {
  readStdin(): Buffer
  stdout: NodeJS.WritableStream
  warn(message: string): void
}

export class VaultEditor {
  constructor(
    readonly vault: Vault,
    private readonly io: EditorIo,
  ) {}

  /** encrypt: the file (or stdin) encrypted to itself, or to `output`. */
  encryptFile(file: string, secret: VaultSecret, vaultId: string | undefined, output?: string): void {
    const path = realPath(file)
    const ciphertext = this.vault.encrypt(this.readData(path), secret, vaultId)
    this.writeData(Buffer.from(ciphertext, 'utf8'), output ?? path)
  }

  /** decrypt: the file (or stdin) decrypted to itself, or to `output`. */
  decryptFile(file: string, output?: string): void {
    const path = realPath(file)
    const data = this.readData(path)
    let plaintext: Buffer
    try {
      plaintext = this.vault.decrypt(data, path).plaintext
    } catch (e) {
      throw forFile(e, path)
    }
    this.writeData(plaintext, output ?? path)
  }

  /** view: the plaintext of a file. */
  plaintext(file: string): Buffer {
    const data = this.readData(file)
    try {
      return this.vault.decrypt(data, file).plaintext
    } catch (e) {
      const err = forFile(e, file)
      throw err instanceof VaultUsageError ? new VaultError(err.message) : err
    }
  }

  /** create: a new file, written in the editor, then encrypted. */
  createFile(file: string, secret: VaultSecret, vaultId: string | undefined): void {
    const dir = dirname(file)
    if (dir && !existsSync(dir)) {
      this.io.warn(`${dir} does not exist, creating...`)
      mkdirSync(dir, { recursive: true })
    }
    if (existsSync(file) && statSync(file).isFile()) throw new VaultUsageError(`${file} exists, please use 'edit' instead`)
    this.editHelper(file, secret, null, false, vaultId)
  }

  /** edit: decrypted into a private temporary file, edited, re-encrypted with the same secret and vault id when it changed. */
  editFile(file: string): void {
    const path = realPath(file)
    const data = this.readData(path)
    let decrypted
    try {
      decrypted = this.vault.decrypt(data.toString('utf8'))
    } catch (e) {
      throw forFile(e, path)
    }
    const envelope = parseEnvelope(data.toString('latin1'), path)
    const vaultId = envelope.vaultId ?? this.vault.defaultId
    this.editHelper(path, decrypted.secret, decrypted.plaintext, envelope.cipher !== CIPHER, vaultId)
  }

  /** rekey: decrypted with the current secrets, encrypted with the new one; mode and owner kept. */
  rekeyFile(file: string, secret: VaultSecret, vaultId: string | undefined): void {
    const path = realPath(file)
    const prev = statSync(path)
    const data = this.readData(path)
    let plaintext: Buffer
    try {
      plaintext = this.vault.decrypt(data.toString('utf8')).plaintext
    } catch (e) {
      throw forFile(e, path)
    }
    this.writeData(Buffer.from(this.vault.encrypt(plaintext, secret, vaultId), 'utf8'), path, prev)
  }

  /** The data of a file, or of stdin for `-`. */
  readData(file: string): Buffer {
    try {
      return file === '-' ? this.io.readStdin() : readFileSync(file)
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      throw new VaultUsageError(`Unable to read source file (${file}): ${pyOsError(err, file)}`)
    }
  }

  /**
   * Writes data to a file (`-`: stdout) through a temporary file beside it, renamed over
   * it: mode 0600 for a new or replaced file, or the mode and owner of `keep`.
   */
  writeData(data: Buffer, file: string, keep?: { mode: number; uid: number; gid: number }): void {
    if (file === '-') {
      this.io.stdout.write(data)
      return
    }
    const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
    let fd: number
    try {
      fd = openSync(tmp, 'wx', 0o600)
    } catch (e) {
      throw new VaultUsageError(`Problem creating temporary vault file: ${pyOsError(e as NodeJS.ErrnoException, tmp)}`)
    }
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } catch (e) {
      closeSync(fd)
      rmSync(tmp, { force: true })
      throw new VaultUsageError(`Unable to write to temporary vault file: ${(e as Error).message}`)
    }
    closeSync(fd)
    if (keep) {
      chmodSync(tmp, keep.mode & 0o7777)
      try {
        chownSync(tmp, keep.uid, keep.gid)
      } catch {
        // Only root may give a file away; the mode is kept all the same.
      }
    }
    renameSync(tmp, file)
  }

  private editHelper(file: string, secret: VaultSecret, existing: Buffer | null, forceSave: boolean, vaultId: string | undefined): void {
    const dir = mkdtempSync(join(tmpdir(), 'tsible-vault-'))
    const tmp = join(dir, `edit${extname(file)}`)
    try {
      const fd = openSync(tmp, 'wx', 0o600)
      try {
        if (existing) writeSync(fd, existing)
      } finally {
        closeSync(fd)
      }
      const command = [...shlexSplit(process.env.EDITOR || 'vi'), tmp]
      const r = spawnSync(command[0]!, command.slice(1), { stdio: 'inherit' })
      if (r.error) throw new VaultUsageError(`Unable to execute the command "${command.join(' ')}": ${r.error.message}`)
      const edited = readFileSync(tmp)
      if (forceSave || existing === null || !edited.equals(existing)) {
        const prev = existsSync(file) ? statSync(file) : undefined
        this.writeData(Buffer.from(this.vault.encrypt(edited, secret, vaultId), 'utf8'), file, prev)
      }
    } finally {
      shred(tmp)
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** Ansible adds the file to a failed decryption's message: "... for FILE". */
function forFile(e: unknown, file: string): unknown {
  if (e instanceof VaultError) return new VaultError(`${e.message} for ${file}`)
  if (e instanceof VaultFormatError) return new VaultFormatError(`${e.message} for ${file}`)
  if (e instanceof VaultUsageError) return new VaultUsageError(`${e.message} for ${file}`, e.pyClass)
  return e
}

/** os.path.realpath: symlinks followed when the file exists; `-` stays stdin. */
function realPath(file: string): string {
  if (file === '-') return file
  try {
    return realpathSync(file)
  } catch {
    return file
  }
}

/** Overwrites a decrypted temporary file before removing it (VaultEditor._shred_file's fallback). */
function shred(path: string): void {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    return
  }
  try {
    const fd = openSync(path, 'r+')
    try {
      for (let done = 0; done < size; ) {
        const chunk = randomBytes(Math.min(size - done, 1 << 20))
        done += writeSync(fd, chunk, 0, chunk.length, done)
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } finally {
    unlinkSync(path)
  }
}

/** Python's OSError text: `[Errno 2] No such file or directory: 'x'`. */
function pyOsError(e: NodeJS.ErrnoException, file: string): string {
  const errno = typeof e.errno === 'number' ? Math.abs(e.errno) : undefined
  const text = e.code === 'ENOENT' ? 'No such file or directory' : e.code === 'EACCES' ? 'Permission denied' : e.code === 'EISDIR' ? 'Is a directory' : e.message
  return errno === undefined ? text : `[Errno ${errno}] ${text}: '${file}'`
}
