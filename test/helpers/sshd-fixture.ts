/**
 * Vitest glue for the sshd test hosts: a lab per test file (started in beforeAll,
 * stopped in afterAll) and SshConnection options that touch nothing of the machine's
 * own ssh setup (no ~/.ssh/config, no ~/.ssh/known_hosts, no agent).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { SshConnection, type SshConnectionOptions } from '../../src/connection/ssh.js'
import { knownHostsLine, startSshdLab, stopSshdLab, type SshdHost, type SshdLab } from './sshd.js'

/** Starts a lab for the current test file; call the result inside tests. */
export function useSshdLab(count = 1): () => SshdLab {
  let lab: SshdLab | undefined
  beforeAll(async () => {
    lab = await startSshdLab({ count })
  })
  afterAll(async () => {
    if (lab) await stopSshdLab(lab)
  })
  return () => {
    if (!lab) throw new Error('the sshd lab is not started (useSshdLab must be called at the top of the file)')
    return lab
  }
}

/** A known_hosts file holding the given lines, inside the lab (removed with it). */
export function knownHostsFile(lab: SshdLab, lines: string[]): string {
  const file = join(mkdtempSync(join(lab.dir, 'known-hosts-')), 'known_hosts')
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''))
  return file
}

/** Options for a key login as `user` (default: the sudo-with-password user), host key known. */
export function sshOptions(lab: SshdLab, host: SshdHost, overrides: Partial<SshConnectionOptions> = {}): SshConnectionOptions {
  return {
    host: '127.0.0.1',
    port: host.port,
    user: lab.users.withPassword.name,
    privateKeyFile: lab.clientKeyFile,
    knownHostsFile: knownHostsFile(lab, [knownHostsLine(host)]),
    sshConfigFile: false,
    systemSshConfigFile: false,
    agentSocket: undefined,
    homeDir: lab.dir,
    timeout: 5,
    ...overrides,
  }
}

export function sshTo(lab: SshdLab, host: SshdHost, overrides: Partial<SshConnectionOptions> = {}): SshConnection {
  return new SshConnection(sshOptions(lab, host, overrides))
}
