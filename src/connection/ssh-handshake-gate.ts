/**
 * How many SSH connections may be opening at once, across every host of the run: with
 * forks in the hundreds, the first task would otherwise start hundreds of key exchanges
 * together (a thundering herd: the controller's CPU, and sshd's MaxStartups, which drops
 * unauthenticated connections beyond its limit). An opening holds a place from its TCP
 * connect to its authentication; one whose TCP connect is slow (a host that does not
 * answer) gives its place up after a second and waits for a new one only once connected,
 * so hosts that time out do not hold the others back.
 *
 * The limit is TSIBLE_SSH_HANDSHAKES (default 32).
 */

export class HandshakeGate {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(
    readonly limit: number,
    private readonly slowConnectMs = 1000,
  ) {}

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++
      return Promise.resolve()
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  private release(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }

  /** Openings holding a place now (for tests and diagnostics). */
  get inFlight(): number {
    return this.active
  }

  /** Runs `connect` then `handshake` holding a place (given up while a connect is slow). */
  async run<S, T>(connect: () => Promise<S>, handshake: (sock: S) => Promise<T>): Promise<T> {
    await this.acquire()
    let held = true
    const giveUp = (): void => {
      if (!held) return
      held = false
      this.release()
    }
    const slow = setTimeout(giveUp, this.slowConnectMs)
    try {
      const sock = await connect()
      clearTimeout(slow)
      if (!held) {
        await this.acquire()
        held = true
      }
      return await handshake(sock)
    } finally {
      clearTimeout(slow)
      giveUp()
    }
  }
}

/** The run's gate (one per process: every connection of the run shares it). */
export const handshakeGate = new HandshakeGate(Math.max(1, Number(process.env.TSIBLE_SSH_HANDSHAKES) || 32))
