/**
 * Python's `random.Random(seed)`: the Mersenne Twister MT19937 seeded as CPython seeds it
 * (`init_by_array` over the 32-bit words of the seed; a str seed becomes
 * `int.from_bytes(s + sha512(s), 'big')`, version 2), with `getrandbits`, `_randbelow`,
 * `randrange`, `randint`, `choice` and `shuffle` drawing bits exactly as CPython does, so
 * that a seeded `random_mac`/`random`/`shuffle` gives Ansible's results.
 */
import { createHash } from 'node:crypto'

const N = 624
const M = 397

export class PyRandom {
  private mt = new Uint32Array(N)
  private mti = N + 1

  constructor(seed: unknown) {
    this.seed(seed)
  }

  private initGenrand(s: number): void {
    const mt = this.mt
    mt[0] = s >>> 0
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0
    }
    this.mti = N
  }

  private initByArray(key: number[]): void {
    const mt = this.mt
    this.initGenrand(19650218)
    let i = 1
    let j = 0
    const len = key.length
    for (let k = Math.max(N, len); k; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) + key[j] + j) >>> 0
      i++
      j++
      if (i >= N) {
        mt[0] = mt[N - 1]
        i = 1
      }
      if (j >= len) j = 0
    }
    for (let k = N - 1; k; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30)
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) - i) >>> 0
      i++
      if (i >= N) {
        mt[0] = mt[N - 1]
        i = 1
      }
    }
    mt[0] = 0x80000000
  }

  seed(seed: unknown): void {
    let a: bigint
    if (typeof seed === 'string') {
      const bytes = Buffer.from(seed, 'utf8')
      const all = Buffer.concat([bytes, createHash('sha512').update(bytes).digest()])
      a = BigInt('0x' + (all.toString('hex') || '0'))
    } else if (typeof seed === 'boolean') a = seed ? 1n : 0n
    else if (typeof seed === 'number' && Number.isInteger(seed)) a = BigInt(Math.abs(seed))
    else throw new TypeError('The only supported seed types are: None, int, float, str, bytes, and bytearray.')
    const key: number[] = []
    while (a > 0n) {
      key.push(Number(a & 0xffffffffn))
      a >>= 32n
    }
    if (key.length === 0) key.push(0)
    this.initByArray(key)
  }

  private genrand(): number {
    const mt = this.mt
    if (this.mti >= N) {
      let kk = 0
      let y: number
      const mag = (x: number) => (x & 1 ? 0x9908b0df : 0)
      for (; kk < N - M; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff)
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ mag(y)
      }
      for (; kk < N - 1; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff)
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ mag(y)
      }
      y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff)
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ mag(y)
      this.mti = 0
    }
    let y = mt[this.mti++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  getrandbits(k: number): bigint {
    if (k <= 32) return BigInt(this.genrand() >>> (32 - k))
    let out = 0n
    let shift = 0n
    for (let left = k; left > 0; left -= 32) {
      let r = this.genrand()
      if (left < 32) r >>>= 32 - left
      out |= BigInt(r) << shift
      shift += 32n
    }
    return out
  }

  randbelow(n: bigint): bigint {
    const k = n.toString(2).length
    let r = this.getrandbits(k)
    while (r >= n) r = this.getrandbits(k)
    return r
  }

  randrange(start: number, stop: number, step = 1): number {
    const width = stop - start
    if (step === 1) {
      if (width <= 0) throw new Error(`empty range for randrange() (${start}, ${stop}, ${width})`)
      return start + Number(this.randbelow(BigInt(width)))
    }
    const n = step > 0 ? Math.floor((width + step - 1) / step) : Math.floor((width + step + 1) / step)
    if (n <= 0) throw new Error('empty range for randrange()')
    return start + step * Number(this.randbelow(BigInt(n)))
  }

  randint(a: number, b: number): number {
    return this.randrange(a, b + 1)
  }

  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new Error('Cannot choose from an empty sequence')
    return seq[Number(this.randbelow(BigInt(seq.length)))]
  }

  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = Number(this.randbelow(BigInt(i + 1)))
      ;[x[i], x[j]] = [x[j], x[i]]
    }
  }
}
