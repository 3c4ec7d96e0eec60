/** `--version`: tsible's version in ansible-playbook's layout. */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function versionText(prog = 'tsible-playbook'): string {
  const here = dirname(fileURLToPath(import.meta.url))
  let version = 'unknown'
  for (const p of [join(here, '../../package.json'), join(here, '../../../package.json')]) {
    try {
      version = (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version
      break
    } catch {
      // try the next layout (source or compiled)
    }
  }
  return `${prog} [tsible ${version}, ansible-core 2.14 compatible]\n  node version = ${process.version}\n  executable location = ${process.argv[1] ?? ''}\n`
}
