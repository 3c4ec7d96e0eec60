/** Python conversions lookups apply to their options. */
import { isInt, isNumber, pyRepr, toNumber } from '../../src/plugin-kit.js'

/** int(x) for an option: ints, floats (truncated) and decimal strings. */
export function pyInt(v: unknown): number {
  if (typeof v === 'boolean') return v ? 1 : 0
  if (isInt(v)) return v
  if (isNumber(v)) return Math.trunc(toNumber(v))
  const s = String(v).trim().replace(/_/g, '')
  if (/^[-+]?\d+$/.test(s)) return Number(s)
  throw new Error(`invalid literal for int() with base 10: ${pyRepr(String(v))}`)
}

/** bytes.decode(encoding) for the encodings Python and TextDecoder both name. */
export function decodeText(data: Buffer, encoding: string): string {
  const name = encoding.toLowerCase().replace(/_/g, '-')
  const label = name === 'latin1' || name === 'latin-1' || name === 'iso-8859-1' ? 'latin1' : name
  if (label === 'latin1') return data.toString('latin1')
  try {
    return new TextDecoder(label, { fatal: true }).decode(data)
  } catch (e) {
    if (e instanceof RangeError) throw new Error(`unknown encoding: ${encoding}`)
    throw new Error(`'${encoding}' codec can't decode the file`)
  }
}

/** Ansible's boolean() for a typed option. */
export function optionBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v
  const s = String(v).toLowerCase()
  if (['y', 'yes', 'on', '1', 'true', 't', '1.0'].includes(s)) return true
  if (['n', 'no', 'off', '0', 'false', 'f', '0.0', ''].includes(s) || v === null) return false
  return false
}
