/**
 * kolla_container_volume_facts (kolla-ansible 2023.1): the container engine's volumes,
 * each under its name (optionally only the named ones), as the engine's /volumes lists
 * them, through the engine API as kolla's docker-py client asks.
 */
import { defineModule } from '../../../src/plugin-kit.js'
import { FACTS_ARGS, queryEngine } from '../docker/engine-query.js'

interface Args {
  name: string[]
  api_version: string
  container_engine: string
}

export default defineModule<Args>({
  name: 'kolla_container_volume_facts',
  summary: "Facts about the container engine's volumes",
  args: FACTS_ARGS,
  supports: { check: 'full' },
  async run(args, ctx) {
    const volumes = await queryEngine(ctx, args.container_engine, args.api_version, 'listing volumes', (c) => c.volumes())
    const result: Record<string, unknown> = { changed: false, _volumes: [] as unknown[] }
    for (const v of volumes.Volumes ?? []) {
      if (args.name.length && !args.name.includes(v.Name)) continue
      ;(result._volumes as unknown[]).push(v)
      result[v.Name] = v
    }
    return result
  },
})
