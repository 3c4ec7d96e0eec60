/**
 * setup and gather_facts (ansible-core 2.14): the facts Ansible's setup module gathers on
 * Linux, the same names and values, read with one command on the host (a shell probe,
 * modules/_lib/facts/probe.ts) and shaped on the controller by the collectors of
 * modules/_lib/facts. `gather_subset`, `gather_timeout`, `filter` and `fact_path` work as
 * in Ansible. gather_facts (the implicit "Gathering Facts" task and the module) also marks
 * the facts as gathered (`_ansible_facts_gathered`), which `gathering = smart` reads.
 */
import { defineModule, ModuleFailure, type ModuleContext, type ModuleResult } from '../src/plugin-kit.js'
import { gatherFacts } from './_lib/facts/collect.js'
import { BadSubset } from './_lib/facts/subsets.js'

interface Args {
  gather_subset: string[]
  filter: string[]
  gather_timeout: number
  fact_path: string
}

const ARGS = {
  gather_subset: { type: 'array', items: { type: 'string' }, default: ['all'] },
  gather_timeout: { type: 'integer', default: 10 },
  filter: { type: 'array', items: { type: 'string' }, default: [] },
  fact_path: { type: 'string', default: '/etc/ansible/facts.d' },
} as const

async function facts(args: Args, ctx: ModuleContext): Promise<Record<string, unknown>> {
  try {
    return await gatherFacts(ctx, {
      gatherSubset: args.gather_subset,
      gatherTimeout: args.gather_timeout,
      filter: args.filter,
      factPath: args.fact_path,
    })
  } catch (e) {
    if (e instanceof BadSubset) throw new ModuleFailure(e.message)
    throw e
  }
}

export default defineModule<Args>({
  name: 'setup',
  fqcns: ['ansible.builtin.setup', 'ansible.legacy.setup'],
  summary: 'Gather facts about the host',
  args: { type: 'object', properties: ARGS, additionalProperties: false },
  supports: { check: 'full' },
  async run(args, ctx): Promise<ModuleResult> {
    return { changed: false, ansible_facts: await facts(args, ctx), _ansible_verbose_override: true }
  },
})

/** gather_facts: setup's facts, marked as gathered. */
export const gatherFactsModule = defineModule<Args & { parallel?: boolean }>({
  name: 'gather_facts',
  fqcns: ['ansible.builtin.gather_facts', 'ansible.legacy.gather_facts'],
  summary: 'Gather facts about the host, as the play does',
  args: { type: 'object', properties: { ...ARGS, parallel: { type: 'boolean' } }, additionalProperties: false },
  supports: { check: 'full' },
  async run(args, ctx): Promise<ModuleResult> {
    const gathered = await facts(args, ctx)
    return { changed: false, ansible_facts: { ...gathered, _ansible_facts_gathered: true }, _ansible_verbose_override: true, deprecations: [] }
  },
})
