/**
 * kolla_container_facts (kolla-ansible 2023.1, census §8.5): the running containers, each
 * under its name (optionally only the named ones), as the engine's /containers/json lists
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
  name: 'kolla_container_facts',
  summary: 'Facts about the running containers',
  args: FACTS_ARGS,
  supports: { check: 'full' },
  async run(args, ctx) {
    const containers = await queryEngine(ctx, args.container_engine, args.api_version, 'listing containers', (c) => c.containers())
    const result: Record<string, unknown> = { changed: false, _containers: [] as unknown[] }
    for (const c of containers) {
      for (const raw of c.Names) {
        const name = raw.slice(1)
        if (args.name.length && !args.name.includes(name)) continue
        ;(result._containers as unknown[]).push(c)
        result[name] = c
      }
    }
    return result
  },
})
