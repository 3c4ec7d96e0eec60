/**
 * Turns a prepared kolla-config fixture into an N-host one: the same inventory groups,
 * with the compute group grown (and storage to three hosts), each new host given its own
 * cached facts (the template host's, with its own name and addresses).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ScaledFixture {
  dir: string
  hosts: string[]
}

export function scaleFixture(dir: string, total: number): ScaledFixture {
  const inventory = readFileSync(join(dir, 'multinode'), 'utf8')
  const fixed = ['control01', 'control02', 'control03', 'network01', 'network02', 'monitoring01', 'storage01', 'storage02', 'storage03']
  const computes = Array.from({ length: Math.max(1, total - fixed.length) }, (_, i) => `compute${String(i + 1).padStart(3, '0')}`)
  const sections: Record<string, string[]> = { compute: computes, storage: ['storage01', 'storage02', 'storage03'] }
  const scaled = inventory.replace(/^\[(compute|storage)\]\n(?:[^\n[#]*\n)*/gm, (_m, group: string) => `[${group}]\n${sections[group].join('\n')}\n\n`)
  writeFileSync(join(dir, 'multinode'), scaled)
  const template = JSON.parse(readFileSync(join(dir, 'facts/compute01'), 'utf8')) as Record<string, unknown>
  const all = [...fixed, ...computes]
  all.forEach((host, i) => {
    if (host === 'compute01' || fixed.slice(0, 7).includes(host)) return
    const facts = JSON.parse(JSON.stringify(template)) as Record<string, Record<string, unknown>> & Record<string, unknown>
    const a = 11 + (i % 200)
    const b = 2 + Math.floor(i / 200)
    facts.ansible_hostname = host
    facts.ansible_nodename = host
    facts.ansible_fqdn = host
    const eth0 = facts.ansible_eth0 as Record<string, Record<string, unknown>>
    eth0.ipv4 = { ...eth0.ipv4, address: `192.0.${b}.${a}` }
    facts.ansible_default_ipv4 = { ...(facts.ansible_default_ipv4 as object), address: `192.0.${b}.${a}` }
    facts.ansible_all_ipv4_addresses = [`192.0.${b}.${a}`]
    writeFileSync(join(dir, 'facts', host), JSON.stringify(facts))
  })
  return { dir, hosts: all }
}
