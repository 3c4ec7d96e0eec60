/**
 * Files on the controller as a module sends them to a host: `controllerFile` names one
 * to stream (see `ControllerFile`), `sha1OfFile` hashes one without reading it whole.
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import type { ControllerFile } from './types.js'

/** A controller file to write with `writeFile`, its size taken now. */
export function controllerFile(path: string): ControllerFile {
  return { controllerPath: path, size: statSync(path).size }
}

/** The SHA-1 hex digest of a file, read as a stream (memory stays flat for any size). */
export function sha1OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha1')
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject)
  })
}
