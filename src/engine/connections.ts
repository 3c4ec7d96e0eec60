/**
 * One connection per host per run, opened on first use and reused by every task,
 * delegated tasks included; all closed at the end of the run.
 */
import type { Config } from '../config/load-config.js'
import { ConnectionFailure, type Connection } from '../connection/types.js'
import { LocalConnection } from '../connection/local.js'
import type { ConnectionVars } from '../executor/run-context.js'

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>()

  constructor(private readonly config: Config) {}

  get(host: string, vars: ConnectionVars): Promise<Connection> {
    const key = `${host}\0${vars.connection}\0${vars.host}\0${vars.port ?? ''}\0${vars.user ?? ''}`
    let c = this.open.get(key)
    if (!c) {
      c = this.connect(vars)
      // A failed connection is not cached: the next task tries again (ansible_ssh_retries-like).
      c.catch(() => this.open.delete(key))
      this.open.set(key, c)
    }
    return c
  }

  private async connect(vars: ConnectionVars): Promise<Connection> {
    switch (vars.connection) {
      case 'local':
        return new LocalConnection()
      case 'ssh':
      case 'paramiko':
      case 'paramiko_ssh': {
        const { connectSsh } = await import('../connection/ssh.js')
        return connectSsh(vars, { hostKeyChecking: vars.hostKeyChecking ?? this.config.get<boolean>('HOST_KEY_CHECKING') })
      }
      default:
        throw new ConnectionFailure(`the connection plugin '${vars.connection}' was not found`)
    }
  }

  /** SSH connections opened and channels used so far (round trips: one exec or transfer each). */
  async sshStats(): Promise<{ connections: number; channels: number; requests: number }> {
    let connections = 0
    let channels = 0
    let requests = 0
    for (const c of this.open.values()) {
      const conn = (await c.catch(() => undefined)) as { stats?: { connects: number; channels: number; requests: number } } | undefined
      if (conn?.stats) {
        connections += conn.stats.connects
        channels += conn.stats.channels
        requests += conn.stats.requests
      }
    }
    return { connections, channels, requests }
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()]
    this.open.clear()
    await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()))
  }
}
