/**
 * Gathering facts as ansible-core 2.14's setup module does on Linux: gather_subset picks
 * the collectors (subsets.ts), one probe reads the host (probe.ts), each collector shapes
 * its facts with the facts gathered before it, the names get their namespace (`ansible_`,
 * `-` as `_`; facter's and ohai's their own) and `filter` keeps the matching ones.
 */
import { randomBytes } from 'node:crypto'
import { fnmatch, PyFloat, type ModuleContext } from '../../../src/plugin-kit.js'
import type { CollectContext, Collector, PythonInfo } from './context.js'
import { distributionFacts } from './distribution.js'
import { hardwareFacts } from './hardware.js'
import { localFacts } from './local.js'
import { fcWwnFacts, iscsiFacts, networkFacts, nvmeFacts } from './network.js'
import { facterFacts, ohaiFacts } from './other.js'
import { pkgMgrFacts } from './pkg-mgr.js'
import { platformFacts } from './platform.js'
import { probeScript } from './probe.js'
import { Sections } from './sections.js'
import { serviceMgrFacts } from './service-mgr.js'
import { collectorsFor } from './subsets.js'
import * as system from './system.js'
import { userFacts } from './user.js'
import { virtualFacts } from './virtual.js'

const COLLECT: Record<string, Collector> = {
  platform: platformFacts,
  distribution: distributionFacts,
  lsb: system.lsbFacts,
  selinux: system.selinuxFacts,
  apparmor: system.apparmorFacts,
  chroot: system.chrootFacts,
  fips: system.fipsFacts,
  python: system.pythonFacts,
  caps: system.capsFacts,
  pkg_mgr: pkgMgrFacts,
  service_mgr: serviceMgrFacts,
  cmdline: system.cmdlineFacts,
  date_time: system.dateTimeFacts,
  env: system.envFacts,
  loadavg: system.loadavgFacts,
  ssh_pub_keys: system.sshPubKeyFacts,
  user: userFacts,
  virtual: virtualFacts,
  hardware: hardwareFacts,
  dns: system.dnsFacts,
  fibre_channel_wwn: fcWwnFacts,
  network: networkFacts,
  iscsi: iscsiFacts,
  nvme: nvmeFacts,
  local: localFacts,
  facter: facterFacts,
  ohai: ohaiFacts,
}

const PREFIX: Record<string, string> = { facter: 'facter_', ohai: 'ohai_' }

export interface GatherOptions {
  gatherSubset: string[]
  gatherTimeout: number
  filter: string[]
  factPath: string
}

/** The facts, as the setup module's `ansible_facts`; throws BadSubset for an unknown subset. */
export async function gatherFacts(ctx: ModuleContext, o: GatherOptions): Promise<Record<string, unknown>> {
  const collectors = collectorsFor(o.gatherSubset)
  const token = `@@tsible-${randomBytes(12).toString('hex')}`
  const script = probeScript({ collectors: new Set(collectors.map((c) => c.name)), timeout: o.gatherTimeout, factPath: o.factPath, token })
  // Each step that can hang has gather_timeout; the whole probe gets a generous bound.
  const res = await ctx.exec(script, { timeoutMs: (o.gatherTimeout * 6 + 120) * 1000 })
  const s = new Sections(res.stdout, token)
  let py: PythonInfo | undefined
  try {
    const text = s.section('py')
    if (text?.trim()) py = JSON.parse(text) as PythonInfo
  } catch {
    py = undefined
  }
  const c: CollectContext = { s, py, collected: {}, factPath: o.factPath, warn: (m) => ctx.warn(m) }
  const facts: Record<string, unknown> = {}
  for (const collector of collectors) {
    let info: Record<string, unknown>
    try {
      info = COLLECT[collector.name](c)
    } catch {
      // Ansible reports a collector's exception on stderr and goes on without its facts.
      info = {}
    }
    const prefix = PREFIX[collector.name] ?? 'ansible_'
    const named: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(info)) named[`${prefix}${k.replace(/-/g, '_')}`] = v
    Object.assign(c.collected, named)
    Object.assign(facts, filtered(named, o.filter))
  }
  Object.assign(facts, filtered({ gather_subset: o.gatherSubset, module_setup: true }, o.filter))
  if (facts.ansible_loadavg) {
    const l = facts.ansible_loadavg as Record<string, number>
    facts.ansible_loadavg = Object.fromEntries(Object.entries(l).map(([k, v]) => [k, new PyFloat(v)]))
  }
  return facts
}

/** AnsibleFactCollector._filter: fnmatch on the names, `ansible_` added to a bare pattern. */
function filtered(facts: Record<string, unknown>, spec: string[]): Record<string, unknown> {
  if (spec.length === 0 || (spec.length === 1 && spec[0] === '*')) return facts
  const out: Record<string, unknown> = {}
  for (const f of spec) {
    for (const [k, v] of Object.entries(facts)) {
      if (!f || fnmatch(k, f)) out[k] = v
      else if (!/^(ansible_|facter|ohai)/.test(f) && fnmatch(k, `ansible_${f}`)) out[k] = v
    }
  }
  return out
}
