/**
 * Machine-wide preparation for the sshd test hosts: the packages (openssh-server, sudo),
 * the test users and their sudoers rules. Idempotent, and serialised with flock(1)
 * because several vitest workers may prepare the same machine at once (useradd and
 * chpasswd fail on a locked /etc/passwd).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { shellQuote } from '../../src/connection/types.js'

const run = promisify(execFile)

export interface TestUser {
  name: string
  password: string
  home: string
}

/**
 * Two users: sudo asks `withPassword` for its password; `noPassword` has NOPASSWD.
 * The password has a quote, a `$` and a space so that every layer that passes it on
 * (chpasswd, ssh2, sudo's stdin) is exercised with awkward bytes.
 */
export const TEST_USERS = {
  withPassword: { name: 'tsible-test', password: `pa'ss $word1`, home: '/home/tsible-test' },
  noPassword: { name: 'tsible-nopw', password: `nopw "pass" 2`, home: '/home/tsible-nopw' },
} as const satisfies Record<string, TestUser>

export class SshdSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SshdSetupError'
  }
}

const LOCK_FILE = '/tmp/tsible-sshd-setup.lock'
const SUDOERS_FILE = '/etc/sudoers.d/tsible-test'

/** The shell script run under the lock; every step checks before it changes anything. */
function setupScript(): string {
  const a = TEST_USERS.withPassword
  const b = TEST_USERS.noPassword
  const sudoers = `${a.name} ALL=(ALL:ALL) ALL\n${b.name} ALL=(ALL:ALL) NOPASSWD: ALL\n`
  return `
set -eu
need=""
[ -x /usr/sbin/sshd ] || need="$need openssh-server"
command -v ssh-keygen >/dev/null 2>&1 || need="$need openssh-client"
command -v sudo >/dev/null 2>&1 || need="$need sudo"
if [ -n "$need" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq $need >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $need >/dev/null; }
fi
mkdir -p /run/sshd && chmod 0755 /run/sshd
for u in '${a.name}' '${b.name}'; do
  id -u "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
done
printf '%s\\n' ${shellQuote(`${a.name}:${a.password}`)} ${shellQuote(`${b.name}:${b.password}`)} | chpasswd
want=${shellQuote(sudoers)}
if [ "$(cat ${SUDOERS_FILE} 2>/dev/null)" != "$(printf '%s' "$want")" ]; then
  tmp=$(mktemp) && printf '%s' "$want" > "$tmp" && chmod 0440 "$tmp" && visudo -cqf "$tmp" && mv -f "$tmp" ${SUDOERS_FILE}
fi
`
}

/** Makes this machine ready to run test sshds; needs root. */
export async function prepareSshdMachine(): Promise<void> {
  if (process.getuid?.() !== 0) throw new SshdSetupError('the sshd test hosts need root (sshd, useradd, sudoers)')
  const script = setupScript()
  try {
    if (existsSync('/usr/bin/flock')) await run('/usr/bin/flock', [LOCK_FILE, '/bin/sh', '-c', script], { timeout: 300_000 })
    else await run('/bin/sh', ['-c', script], { timeout: 300_000 })
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? ''
    throw new SshdSetupError(`preparing the machine for test sshds failed: ${stderr.trim() || String(e)}`, { cause: e })
  }
}
