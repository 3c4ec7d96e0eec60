/**
 * kolla_container_facts (kolla-ansible 2023.1, ansible/library/kolla_container_facts.py):
 * the running containers, each under its name (optionally only the named ones), as Docker's
 * /containers/json lists them.
 */
import { defineModule } from '../../../src/plugin-kit.js'
import { engineCli, jsonLines, requireOk, type ContainerEngine } from './container-cli.js'

interface Args {
  name?: string[]
  api_version?: string
  container_engine: ContainerEngine
}

export default defineModule<Args>({
  name: 'kolla_container_facts',
  summary: 'Facts about the running containers',
  args: {
    type: 'object',
    properties: {
      name: { type: 'array', items: { type: 'string' }, default: [] },
      api_version: { type: 'string', default: 'auto' },
      container_engine: { type: 'string', enum: ['docker', 'podman'] },
    },
    required: ['container_engine'],
    additionalProperties: false,
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const ps = await engineCli(ctx, args.container_engine, ['ps', '--no-trunc', '--format', '{{json .}}'])
    requireOk(ctx, ps, 'listing containers')
    const result: Record<string, unknown> = { changed: false, _containers: [] as unknown[] }
    for (const c of jsonLines(ps.stdout)) {
      for (const raw of String(c.Names ?? '').split(',')) {
        const name = raw.replace(/^\//, '')
        if (args.name?.length && !args.name.includes(name)) continue
        ;(result._containers as unknown[]).push(c)
        result[name] = c
      }
    }
    return result
  },
})
