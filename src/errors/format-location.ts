import { readFileSync } from 'node:fs'
import type { SourceLocation } from './tsible-error.js'

/**
 * Ansible's position block, appended to errors about playbook content:
 * the file, line and column, and the offending line with the one before it and a caret.
 */
export function formatLocation(loc: SourceLocation): string {
  let out =
    `\n\nThe error appears to be in '${loc.file}': line ${loc.line}, column ${loc.column}, but may\n` +
    'be elsewhere in the file depending on the exact syntax problem.\n'
  let lines: string[]
  try {
    lines = readFileSync(loc.file, 'utf8').split('\n')
  } catch {
    return out
  }
  const line = lines[loc.line - 1]
  if (line === undefined) return out
  const prev = loc.line >= 2 ? lines[loc.line - 2] : undefined
  out += '\nThe offending line appears to be:\n\n'
  if (prev !== undefined) out += `${prev}\n`
  out += `${line}\n${' '.repeat(Math.max(0, loc.column - 1))}^ here\n`
  return out
}
