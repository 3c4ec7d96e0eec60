/**
 * facter and ohai: when installed, their JSON output, each key under its own prefix
 * (`facter_`, `ohai_`) rather than `ansible_`.
 */
import type { CollectContext } from './context.js'

function json(c: CollectContext, id: string): Record<string, unknown> {
  const r = c.s.command(id)
  if (!r || r.rc !== 0) return {}
  try {
    const v: unknown = JSON.parse(r.out)
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

export function facterFacts(c: CollectContext): Record<string, unknown> {
  return json(c, 'facter')
}

export function ohaiFacts(c: CollectContext): Record<string, unknown> {
  return json(c, 'ohai')
}
