/**
 * kolla_container_volume_facts (kolla-ansible 2023.1): the container engine's volumes,
 * each under its name (optionally only the named ones), as the engine's /volumes lists
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
  name: 'kolla_container_volume_facts',
  summary: "Facts about the container engine's volumes",
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
    const volumes = await withEngine((p) => ctx.openUnixStream(p), { version: args.api_version, socket }, (c) => c.volumes()).catch((e) =>
      engineFailure(ctx, e, 'listing volumes'),
    )
    const result: Record<string, unknown> = { changed: false, _volumes: [] as unknown[] }
    for (const v of volumes.Volumes ?? []) {
      if (args.name.length && !args.name.includes(v.Name)) continue
      ;(result._volumes as unknown[]).push(v)
      result[v.Name] = v
    }
    return result
  },
})
