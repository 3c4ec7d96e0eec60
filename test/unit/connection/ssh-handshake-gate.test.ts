/**
 * The handshake gate: at most `limit` openings at once; a slow TCP connect gives its
 * place up (so unanswering hosts do not hold the others back) and waits for a new one
 * once connected. Driven with fake timers: nothing here depends on the machine's speed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HandshakeGate } from '../../../src/connection/ssh-handshake-gate.js'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const after = <T>(ms: number, value: T): Promise<T> => new Promise((r) => setTimeout(() => r(value), ms))

describe('HandshakeGate', () => {
  it('lets at most `limit` openings run at once, the others in order after them', async () => {
    const gate = new HandshakeGate(3, 1000)
    let shaking = 0
    let most = 0
    const order: number[] = []
    const runs = Array.from({ length: 10 }, (_, i) =>
      gate.run(
        () => after(10, i),
        async (n) => {
          shaking++
          most = Math.max(most, shaking, gate.inFlight)
          await after(50, 0)
          shaking--
          order.push(n)
          return n
        },
      ),
    )
    await vi.advanceTimersByTimeAsync(1000)
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(most).toBe(3)
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(gate.inFlight).toBe(0)
  })

  it('does not let hosts that do not answer hold the places of those that do', async () => {
    const gate = new HandshakeGate(2, 1000)
    const done: string[] = []
    const open = (name: string, connectMs: number) =>
      gate.run(
        () => after(connectMs, name),
        async (n) => {
          await after(20, 0)
          done.push(n)
        },
      )
    const all = [open('dead1', 10_000), open('dead2', 10_000), ...['a', 'b', 'c', 'd'].map((n) => open(n, 10))]
    await vi.advanceTimersByTimeAsync(2000)
    // The fast ones went through once the slow connects gave their places up.
    expect(done).toEqual(['a', 'b', 'c', 'd'])
    expect(gate.inFlight).toBe(0)
    await vi.advanceTimersByTimeAsync(9000)
    await Promise.all(all)
    expect(done).toEqual(['a', 'b', 'c', 'd', 'dead1', 'dead2'])
    expect(gate.inFlight).toBe(0)
  })

  it('gives the place back when the connect or the handshake fails', async () => {
    const gate = new HandshakeGate(1, 1000)
    const refused = gate.run(() => Promise.reject(new Error('refused')), async () => 1)
    const denied = gate.run(async () => 0, () => Promise.reject(new Error('denied')))
    await expect(refused).rejects.toThrow('refused')
    await expect(denied).rejects.toThrow('denied')
    expect(await gate.run(async () => 2, async (n) => n)).toBe(2)
    expect(gate.inFlight).toBe(0)
  })
})
