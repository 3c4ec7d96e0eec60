/**
 * The kolla-config acceptance fixture (../shared/fixtures/kolla-config): every file that
 * kolla's merge_configs wrote in the golden run must come out of tsible's INI merge
 * unchanged (kolla's writer output is a fixed point of parse + write), byte for byte.
 * Skipped when the shared fixture is not present.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeIni } from '../../../plugins/kolla/ini.js'

const TAR = new URL('../../../../shared/fixtures/kolla-config/golden/node-config.tar', import.meta.url).pathname

/** The service files written by merge_configs in the golden run (kolla's config tasks). */
const MERGED = new Set([
  'glance-api/glance-api.conf',
  'heat-api-cfn/heat.conf',
  'heat-api/heat.conf',
  'heat-engine/heat.conf',
  'keystone-fernet/keystone.conf',
  'keystone/keystone.conf',
  'neutron-dhcp-agent/dhcp_agent.ini',
  'neutron-dhcp-agent/neutron.conf',
  'neutron-l3-agent/l3_agent.ini',
  'neutron-l3-agent/neutron.conf',
  'neutron-l3-agent/neutron_vpnaas.conf',
  'neutron-metadata-agent/metadata_agent.ini',
  'neutron-metadata-agent/neutron.conf',
  'neutron-openvswitch-agent/neutron.conf',
  'neutron-openvswitch-agent/openvswitch_agent.ini',
  'neutron-server/ml2_conf.ini',
  'neutron-server/neutron.conf',
  'neutron-server/neutron_vpnaas.conf',
  'nova-api/nova.conf',
  'nova-compute/nova.conf',
  'nova-conductor/nova.conf',
  'nova-novncproxy/nova.conf',
  'nova-scheduler/nova.conf',
  'placement-api/placement.conf',
])

describe.skipIf(!existsSync(TAR))('golden node-config: merge_configs output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsible-kolla-golden-'))
  if (existsSync(TAR)) execFileSync('tar', ['-xf', TAR, '-C', dir])
  const files: string[] = []
  for (const host of existsSync(TAR) ? readdirSync(dir) : [])
    for (const rel of MERGED) if (existsSync(join(dir, host, rel))) files.push(join(host, rel))

  it('has the merged files of every host', () => {
    expect(files.length).toBeGreaterThan(40)
  })
  it.each(files)('%s is reproduced by parse + write', (rel) => {
    const text = readFileSync(join(dir, rel), 'utf8')
    expect(mergeIni([text])).toBe(text)
  })
})
