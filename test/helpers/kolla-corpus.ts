/** kolla-ansible 2023.1's ansible/ tree (../shared), walked for the template tests. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const KOLLA_CORPUS = join(__dirname, '../../../shared/corpus/kolla-ansible-2023.1/ansible')

/** Every file below `dir`. */
export function filesBelow(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e)
    if (statSync(p).isDirectory()) filesBelow(p, out)
    else out.push(p)
  }
  return out
}

/** Every string inside a loaded YAML value. */
export function stringsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v)
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out)
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsIn(x, out)
  return out
}
