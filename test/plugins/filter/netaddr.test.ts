/**
 * The ipaddr filters' model of netaddr 0.8 against netaddr itself (netaddr-oracle.json,
 * written by oracle-netaddr.py): seeded random IPv6 addresses in compressed, full and
 * zero-padded upper-case text, IPv4 with prefixes, netmasks and hostmasks, and odd inputs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ipStr, parseNet } from '../../../plugins/filter/ipaddr.js'

const rows = JSON.parse(readFileSync(join(__dirname, 'netaddr-oracle.json'), 'utf8')) as { in: string; str?: string; network?: string; prefix?: number; error?: string }[]

describe('netaddr.IPNetwork', () => {
  for (const row of rows) {
    it(row.in, () => {
      const v = parseNet(row.in)
      if (row.error !== undefined) return expect(v).toBeNull()
      expect(v).not.toBeNull()
      const width = v!.version === 4 ? 32 : 128
      const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - v!.prefix)) - 1n)
      expect({ str: `${ipStr(v!.version, v!.ip)}/${v!.prefix}`, network: ipStr(v!.version, v!.ip & mask), prefix: v!.prefix }).toEqual({
        str: row.str,
        network: row.network,
        prefix: row.prefix,
      })
    })
  }
})
