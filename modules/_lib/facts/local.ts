/**
 * The `local` collector: each `*.fact` file in fact_path (sorted) under its name without
 * `.fact`; an executable one is run and its output read, any other read as it is; the
 * text is JSON, or else INI (a dict of sections); what fails becomes a message there and
 * a warning, as in Ansible.
 */
import type { CollectContext } from './context.js'
import { IniError, parseIni } from './ini.js'

export function localFacts(c: CollectContext): Record<string, unknown> {
  const dir = c.factPath
  if (!dir || !c.s.exists(dir)) return { local: {} }
  const local: Record<string, unknown> = {}
  const files = [...new Set(sectionPaths(c, ['fact:', 'f:']).filter((p) => p.startsWith(`${dir}/`) && p.endsWith('.fact') && !p.slice(dir.length + 1).includes('/')))].sort()
  for (const fn of files) {
    const base = fn.slice(fn.lastIndexOf('/') + 1).split('.fact').join('')
    let out: string
    const ran = c.s.section(`fact:${fn}`)
    if (ran !== undefined) {
      const rc = Number((c.s.section(`factrc:${fn}`) ?? '').trim())
      if (rc !== 0) {
        const failed = `Failure executing fact script (${fn}), rc: ${rc}, err: ${c.s.section(`facterr:${fn}`) ?? ''}`
        local[base] = failed
        c.warn(failed)
        continue
      }
      out = ran
    } else {
      out = c.s.content(fn, '')
    }
    let fact: unknown
    try {
      fact = JSON.parse(out)
    } catch {
      try {
        fact = parseIni(out)
      } catch (e) {
        if (!(e instanceof IniError)) throw e
        fact = `error loading facts as JSON or ini - please check content: ${fn}`
        c.warn(String(fact))
      }
    }
    local[base] = fact
  }
  return { local }
}

function sectionPaths(c: CollectContext, prefixes: string[]): string[] {
  const out: string[] = []
  for (const prefix of prefixes) {
    for (const name of c.s.names()) if (name.startsWith(prefix)) out.push(name.slice(prefix.length))
  }
  return out
}
