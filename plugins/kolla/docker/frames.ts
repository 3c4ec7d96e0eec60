/**
 * The Docker engine's multiplexed stdout/stderr stream (exec, attach and logs of a
 * container without a TTY): frames of an 8-byte header (stream 0/1/2, three zero bytes,
 * big-endian length) and their payload. A container with a TTY sends one raw stream.
 */

export interface Demuxed {
  stdout: Buffer
  stderr: Buffer
}

export function demux(data: Buffer, tty = false): Demuxed {
  if (tty) return { stdout: data, stderr: Buffer.alloc(0) }
  const out: Buffer[] = []
  const err: Buffer[] = []
  let at = 0
  while (at + 8 <= data.length) {
    const kind = data[at]
    const size = data.readUInt32BE(at + 4)
    const payload = data.subarray(at + 8, at + 8 + size)
    if (kind === 2) err.push(payload)
    else out.push(payload)
    at += 8 + size
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) }
}
