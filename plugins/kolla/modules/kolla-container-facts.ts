/**
 * kolla_container_facts (kolla-ansible 2023.1, census §8.5): the running containers, each
 * under its name (optionally only the named ones), as the engine's /containers/json lists
 * them, through the engine API as kolla's docker-py client asks.
 */
import { defineModule } from '../../../src/plugin-kit.js'
import { engineSocket, withEngine } from '../docker/engine-client.js'
import { engineFailure } from '../docker/engine-failure.js'

interface Args {
  name: string[]
  api_version: string
  container_engine: string
}

export default defineModule<Args>({
  name: 'kolla_container_facts',
  summary: 'Facts about the running containers',
  args: {
    type: 'object',
    properties: {
      name: { type: 'array', items: { type: 'string' }, default: [] },
      api_version: { type: 'string', default: 'auto' },
      container_engine: { type: 'string' },
    },
    required: ['container_engine'],
  },
  supports: { check: 'full' },
  async run(args, ctx) {
    const socket = engineSocket(args.container_engine)
    const containers = await withEngine((p) => ctx.openUnixStream(p), { version: args.api_version, socket }, (c) => c.containers()).catch((e) =>
      engineFailure(ctx, e, 'listing containers'),
    )
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
