/**
 * Privilege escalation over a channel without a TTY, as Ansible's sudo and su become
 * plugins do it: the command is wrapped so that it first echoes a random success
 * marker; the password goes in only when sudo/su prints its prompt, and the command's
 * stdin only after the marker, so no password line can leak into the command's input
 * (with NOPASSWD sudo, for instance) and no input line can be taken for a password.
 *
 * The SSH and local connections both wrap their commands with it; it builds the same
 * command lines as ansible-core 2.14.
 */
import { randomBytes } from 'node:crypto'
import { BecomeError } from './ssh-errors.js'
import { shellQuote, type BecomeOptions } from './types.js'

/** A become-wrapped command and what to watch for while it starts. */
export interface BecomeSession {
  command: string
  method: 'sudo' | 'su'
  /** Printed on stdout by the become user's shell once escalation has succeeded. */
  marker: string
  /** Tells whether some output ends with the password prompt. */
  isPrompt(text: string): boolean
  password?: string
}

const SU_PROMPTS = ['Password', '암호', 'パスワード', 'Adgangskode', 'Contraseña', 'Contrasenya', 'Hasło', 'Heslo', 'Jelszó', 'Lösenord', 'Mật khẩu', 'Mot de passe', 'Parola', 'Parool', 'Pasahitza', 'Passord', 'Passwort', 'Salasana', 'Sandi', 'Senha', 'Wachtwoord', 'ססמה', 'Лозинка', 'Парола', 'Пароль', 'गुप्तशब्द', 'शब्दकूट', 'సంకేతపదము', 'හස්පදය', '密码', '密碼', '口令']

const SU_PROMPT_RE = new RegExp(`(\\w+'s )?(${SU_PROMPTS.join('|')}) ?(:|：) ?$`, 'i')

function randomKey(): string {
  // Lower-case letters only, like Ansible's become id: nothing a shell would expand.
  return [...randomBytes(32)].map((b) => String.fromCharCode(97 + (b % 26))).join('')
}

/** sudo's default flags minus `-n` (and `n` inside combined short flags), as Ansible does with a password. */
function withoutNonInteractive(flags: string): string {
  return flags
    .split(/\s+/)
    .filter((f) => f !== '' && f !== '-n' && f !== '--non-interactive')
    .map((f) => (f.startsWith('--') ? f : f.replace(/^(-\w*)n(\w*.*)$/, '$1$2')))
    .join(' ')
}

/**
 * Wraps a shell command line (run by /bin/sh) in sudo or su, character for character
 * as ansible-core 2.14's become plugins do (their double spaces included), except that
 * the become user is shell-quoted. `key` is fixed only by tests.
 */
export function wrapBecome(script: string, become: BecomeOptions, key = randomKey()): BecomeSession {
  const marker = `BECOME-SUCCESS-${key}`
  // Ansible tests the password for truth: an empty one is no password.
  const password = become.password || undefined
  const success = `/bin/sh -c ${shellQuote(`echo ${marker} ; ${script}`)}`
  const user = become.user ? shellQuote(become.user) : ''
  if (become.method === 'su') {
    const command = `${become.exe || 'su'} ${become.flags ?? ''} ${user} -c ${shellQuote(success)}`
    return { command, method: 'su', marker, password, isPrompt: (t) => SU_PROMPT_RE.test(t) }
  }
  let flags = become.flags ?? '-H -S -n'
  let promptArg = ''
  const prompt = `[sudo via ansible, key=${key}] password:`
  if (password !== undefined) {
    flags = withoutNonInteractive(flags)
    promptArg = `-p "${prompt}"`
  }
  const command = [become.exe || 'sudo', flags, promptArg, user ? `-u ${user}` : '', success].join(' ')
  return { command, method: 'sudo', marker, password, isPrompt: (t) => t.trimEnd().endsWith(prompt) }
}

const MISSING = ['Sorry, a password is required to run sudo', 'sudo: a password is required']
const INCORRECT = ['Sorry, try again.', 'Authentication failure', 'incorrect password attempt']

/**
 * What failed when the command ended before the success marker: a become error when
 * sudo/su's output says so, otherwise undefined (the command's own result stands).
 */
export function becomeFailure(session: BecomeSession, output: string, promptsSeen: number): BecomeError | undefined {
  if (MISSING.some((m) => output.includes(m))) return new BecomeError(`Missing ${session.method} password`)
  if (session.password !== undefined && (promptsSeen > 1 || INCORRECT.some((m) => output.includes(m)))) {
    return new BecomeError(`Incorrect ${session.method} password`)
  }
  if (session.password === undefined && promptsSeen > 0) return new BecomeError(`Missing ${session.method} password`)
  return undefined
}
