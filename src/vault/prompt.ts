/**
 * Reading a password from the terminal without echo, as Python's getpass does: on the
 * controlling terminal (/dev/tty) with echo off; without one, from stdin with getpass's
 * warning that the input may be echoed.
 */
import { openSync, readSync, writeSync } from 'node:fs'
import { ReadStream } from 'node:tty'
import { UserInterrupted } from '../errors/errors.js'

/** A prompt's answer, or null at end of input (Ctrl-D), as Python's EOFError. */
export type PromptAnswer = string | null

export interface PromptIo {
  stdin: NodeJS.ReadableStream & { fd?: number }
  stderr: NodeJS.WritableStream
}

/** Prompts for a secret: hidden on a terminal, else read from stdin. */
export async function promptHidden(message: string, io: PromptIo = process): Promise<PromptAnswer> {
  let fd: number
  try {
    fd = openSync('/dev/tty', 'r+')
  } catch {
    io.stderr.write('Warning: Password input may be echoed.\n')
    io.stderr.write(message)
    return readLineFrom(io.stdin)
  }
  return readHidden(fd, message)
}

/** Prompts for visible input (Python's input()), on stdin. */
export async function promptVisible(message: string, io: PromptIo = process): Promise<PromptAnswer> {
  io.stderr.write(message)
  return readLineFrom(io.stdin)
}

/** One line typed on the terminal with echo off; the newline the user typed is echoed afterwards, as getpass does. */
function readHidden(fd: number, message: string): Promise<PromptAnswer> {
  // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
  const input = new ReadStream(fd)
  try {
    input.setRawMode(true)
    writeSync(fd, message)
  } catch (e) {
    input.destroy()
    throw e
  }
  return new Promise((resolve, reject) => {
    let line = ''
    const finish = (answer: PromptAnswer | Error) => {
      input.setRawMode(false)
      input.removeAllListeners('data')
      writeSync(fd, '\n')
      // The stream owns the descriptor: destroying it closes /dev/tty and lets the process exit.
      input.destroy()
      if (answer instanceof Error) reject(answer)
      else resolve(answer)
    }
    input.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(line)
        if (ch === '\u0004') return finish(line === '' ? null : line)
        if (ch === '\u0003') return finish(new UserInterrupted())
        if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('')
        else if (ch === '\u0015') line = ''
        else line += ch
      }
    })
  })
}

/**
 * One line from a stream (without its newline), or null when the stream ends first. Only
 * that line is consumed when the stream is a file descriptor that can be read byte by byte.
 */
async function readLineFrom(stream: NodeJS.ReadableStream & { fd?: number }): Promise<PromptAnswer> {
  if (typeof stream.fd === 'number') {
    const bytes: number[] = []
    const one = Buffer.alloc(1)
    for (;;) {
      let n: number
      try {
        n = readSync(stream.fd, one, 0, 1, null)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          await new Promise((r) => setTimeout(r, 10))
          continue
        }
        if ((e as NodeJS.ErrnoException).code === 'EOF') n = 0
        else throw e
      }
      if (n === 0) return bytes.length ? Buffer.from(bytes).toString('utf8') : null
      if (one[0] === 0x0a) return Buffer.from(bytes).toString('utf8').replace(/\r$/, '')
      bytes.push(one[0]!)
    }
  }
  return new Promise((resolve) => {
    let buf = ''
    const onData = (chunk: Buffer | string) => {
      buf += chunk.toString()
      const nl = buf.indexOf('\n')
      if (nl >= 0) {
        cleanup()
        resolve(buf.slice(0, nl).replace(/\r$/, ''))
      }
    }
    const onEnd = () => {
      cleanup()
      resolve(buf === '' ? null : buf)
    }
    const cleanup = () => {
      stream.removeListener('data', onData)
      stream.removeListener('end', onEnd)
      stream.pause()
    }
    stream.on('data', onData)
    stream.on('end', onEnd)
    stream.resume()
  })
}
